// One design point's hardware section → the sim::MatmulOptions of one operator, and the operands' seeds: the one
// place a configuration becomes a call of sc_matmul (execute_run and `scmp calibrate` both use it).
#pragma once
#include <cstdint>
#include <optional>
#include <vector>
#include <string>

#include "experiments/experiment_config.hpp"
#include "sim/matmul/sc_matmul.hpp"

namespace scmp::experiments {

// Options of an operator whose operands have inner dimension `depth` (the RNG lanes: depth, or chunk_d on the
// chunked path); RNG configuration and scramble drawn from seeds derived from experiment.seed. No per-row
// stream lengths (the MP policy adds them) and keep_levels off.
sim::MatmulOptions matmul_options(const ExperimentConfig& config, std::int64_t depth, const std::string& backend,
                                  int threads);

// The options of one operator on its operands: matmul_options(config, a.dim(-1), …) plus the SmoothQuant scales
// of hardware.smooth (smooth_scales_for).
sim::MatmulOptions matmul_options(const ExperimentConfig& config, const sim::Tensor& a, const sim::Tensor& b,
                                  const std::string& backend, int threads);

// hardware.smooth → MatmulOptions::smooth_scales: none (off); alpha: sim::compute_smooth_scales(
// sim::accumulate_act_scales(a), b, smooth_alpha) — s_j = max(max_i|a_ij|, ε)^α ÷ max(max_m|b_mj|, ε)^(1−α), a 3-D b
// taken as its (B·M, D) rows; file: the .npy at smooth_scales (resolved against the config's directory), flattened.
// The scales' length and values are checked by sc_matmul (InvalidArgument "smooth_scales…").
std::optional<std::vector<float>> smooth_scales_for(const ExperimentConfig& config, const sim::Tensor& a, const sim::Tensor& b);

// The seed of operand `side` ("a" or "b") of operator `op`: derive_seed(experiment.seed, "workload.<op>.<side>").
std::uint64_t operand_seed(const ExperimentConfig& config, const std::string& op, const char* side);

}  // namespace scmp::experiments
