// HardwareSection → sim::MatmulOptions (with the SmoothQuant scales of an operator's operands).
#include "experiments/matmul_options.hpp"

#include "experiments/rng_builders.hpp"
#include "experiments/workload.hpp"
#include "sim/quant/smoothquant.hpp"
#include "sim/rng/splitmix.hpp"

namespace scmp::experiments {

sim::MatmulOptions matmul_options(const ExperimentConfig& c, std::int64_t depth, const std::string& backend,
                                  int threads) {
  const auto& hw = c.hardware;
  sim::MatmulOptions o;
  o.granularity = hw.granularity;
  o.mode = hw.mode;
  o.sc_prec = hw.sc_prec;
  if (hw.stoc_len > 0) o.stoc_len = hw.stoc_len;
  if (hw.rng_levels > 0) o.rng_levels = hw.rng_levels;
  o.halve = hw.halve;
  o.chunk_d = hw.chunk_d;
  o.group_a = hw.group_a;
  o.group_b = hw.group_b;
  const bool chunked = hw.chunk_d > 0 && depth > hw.chunk_d;
  const int lanes = chunked ? hw.chunk_d : static_cast<int>(depth);
  o.rng = build_rng_config(hw, lanes, sim::derive_seed(c.experiment.seed, "hardware.rng"));
  o.scramble.family = hw.scramble;
  o.scramble.rescale = hw.scramble_rescale;
  o.scramble.seed = sim::derive_seed(c.experiment.seed, "hardware.scramble");
  o.multiplier = hw.multiplier;
  o.backend = backend;
  o.threads = threads;
  return o;
}

sim::MatmulOptions matmul_options(const ExperimentConfig& c, const sim::Tensor& a, const sim::Tensor& b,
                                  const std::string& backend, int threads) {
  sim::MatmulOptions o = matmul_options(c, a.dim(-1), backend, threads);
  o.smooth_scales = smooth_scales_for(c, a, b);
  return o;
}

std::optional<std::vector<float>> smooth_scales_for(const ExperimentConfig& c, const sim::Tensor& a, const sim::Tensor& b) {
  const auto& hw = c.hardware;
  if (hw.smooth == SmoothSource::file) return read_npy(resolve_data_path(hw.smooth_scales, c.base_dir)).data;
  if (hw.smooth != SmoothSource::alpha) return std::nullopt;
  sim::Tensor weight = b;
  if (weight.rank() == 3) weight.shape = {b.dim(0) * b.dim(1), b.dim(2)};
  return sim::compute_smooth_scales(sim::accumulate_act_scales(a), weight, hw.smooth_alpha);
}

std::uint64_t operand_seed(const ExperimentConfig& c, const std::string& op, const char* side) {
  const std::string path = "workload." + op + "." + side;
  return sim::derive_seed(c.experiment.seed, path.c_str());
}

}  // namespace scmp::experiments
