// hardware.smooth (SmoothQuant from YAML) and workload.timestep / total_timesteps / total_blocks with each operator's
// `block` (the MP policies' model context): a sweep reaches them and they change the result exactly as the
// sim-level call with the same scales / context does.
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "experiments/config_loader.hpp"
#include "experiments/matmul_options.hpp"
#include "experiments/run.hpp"
#include "experiments/sweep_plan.hpp"
#include "experiments/workload.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/quant/smoothquant.hpp"
#include "support/catch.hpp"
#include "support/sweep_test_support.hpp"

using namespace scmp::experiments;
namespace sim = scmp::sim;

namespace {

const std::string kWorkload =
    "workload:\n  operators:\n    q: {a: {source: llm_activations, shape: [5, 16], outlier_fraction: 0.2},"
    " b: {source: gaussian, shape: [6, 16]}}\n";

std::string config_text(const std::string& hardware, const std::string& extra = "") {
  return "version: 1\nexperiment: {name: s, seed: 3}\nhardware: {sc_prec: 6" + hardware +
         "}\nmetrics: {cost: false, store_outputs: true}\n" + kWorkload + extra;
}

struct Operands {
  sim::Tensor a, b;
};

Operands operands_of(const ExperimentConfig& c) {
  const auto& op = c.operators.front();
  const SourceMap none;
  return {make_operand(op.a, operand_seed(c, op.name, "a"), c.base_dir, "a", none),
          make_operand(op.b, operand_seed(c, op.name, "b"), c.base_dir, "b", none)};
}

// The sim-level call: the options of the configuration without smoothing, plus the given scales.
sim::Tensor direct_y(const ExperimentConfig& c, const Operands& x, const std::optional<std::vector<float>>& scales) {
  sim::MatmulOptions o = matmul_options(c, x.a.dim(-1), "cpu", 1);
  o.smooth_scales = scales;
  return sim::sc_matmul(x.a, x.b, o).y;
}

RunResult run_point(const SweepPlan& plan, std::size_t i) {
  const RunResult r = execute_run(plan.points[i].config, RunOptions{});
  INFO(r.error);
  REQUIRE(r.ok);
  return r;
}

void write_npy(const std::string& path, const std::vector<float>& v) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(v.size()) + ",), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  out.write("\x93NUMPY\x01\x00", 8);
  const auto len = static_cast<std::uint16_t>(header.size());
  out.put(static_cast<char>(len & 0xff));
  out.put(static_cast<char>(len >> 8));
  out << header;
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(float)));
}

}  // namespace

TEST_CASE("hardware.smooth: alpha applies the SmoothQuant scales of the operands, as sc_matmul with them", "[experiments][smooth]") {
  const SweepPlan plan = plan_sweep(load_config_text(
      config_text(", smooth: alpha", "sweep:\n  grid: {hardware.smooth_alpha: [0.25, 0.75]}\n"), "s.yaml"));
  REQUIRE(plan.points.size() == 2);
  const Operands x = operands_of(plan.points[0].config);
  const sim::Tensor unsmoothed = direct_y(plan.points[0].config, x, std::nullopt);
  for (std::size_t i = 0; i < 2; ++i) {
    const ExperimentConfig& c = plan.points[i].config;
    const double alpha = i == 0 ? 0.25 : 0.75;
    CHECK(c.hardware.smooth_alpha == alpha);
    const auto scales = sim::compute_smooth_scales(sim::accumulate_act_scales(x.a), x.b, alpha);
    CHECK(smooth_scales_for(c, x.a, x.b) == scales);
    const RunResult r = run_point(plan, i);
    CHECK(r.ops[0].y.data == direct_y(c, x, scales).data);  // bit for bit
    CHECK(r.ops[0].y.data != unsmoothed.data);               // the key reaches the matmul
  }
  CHECK(run_point(plan, 0).ops[0].y.data != run_point(plan, 1).ops[0].y.data);
  // Off (the default) is the plain matmul.
  const SweepPlan off = plan_sweep(load_config_text(config_text(""), "s.yaml"));
  CHECK(off.points[0].config.hardware.smooth == SmoothSource::off);
  CHECK(run_point(off, 0).ops[0].y.data == unsmoothed.data);
}

TEST_CASE("hardware.smooth: file reads the scales from a .npy, as sc_matmul with them", "[experiments][smooth]") {
  scmp::testing::ScratchDir dir("smooth");
  std::vector<float> scales(16);
  for (std::size_t j = 0; j < scales.size(); ++j) scales[j] = 0.5f + 0.25f * static_cast<float>(j % 5);
  write_npy(dir.file("s.npy"), scales);
  const SweepPlan plan =
      plan_sweep(load_config_text(config_text(", smooth: file, smooth_scales: " + dir.file("s.npy")), dir.file("s.yaml")));
  const ExperimentConfig& c = plan.points[0].config;
  const Operands x = operands_of(c);
  CHECK(run_point(plan, 0).ops[0].y.data == direct_y(c, x, scales).data);
  CHECK(run_point(plan, 0).ops[0].y.data != direct_y(c, x, std::nullopt).data);

  // Wrong length: the run fails with sc_matmul's message; no path: a config error at the key.
  write_npy(dir.file("short.npy"), std::vector<float>(8, 1.0f));
  const SweepPlan bad = plan_sweep(load_config_text(config_text(", smooth: file, smooth_scales: " + dir.file("short.npy")), "s.yaml"));
  const RunResult r = execute_run(bad.points[0].config, RunOptions{});
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("smooth_scales") != std::string::npos);
  try {
    (void)plan_sweep(load_config_text(config_text(", smooth: file"), "s.yaml"));
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("hardware.smooth_scales") != std::string::npos);
  }
}

TEST_CASE("workload.timestep reaches a schedule policy, an operator block a per_block policy", "[experiments][mp]") {
  const std::string schedule =
      "mp: {impl: schedule, steps: [{from: 0, policy: {impl: uniform, stoc_len: 64}}, {from: 4, policy: {impl: uniform, stoc_len: 16}}]}\n"
      "sweep:\n  grid: {workload.timestep: [0, 3, 4, 9]}\n";
  const SweepPlan plan = plan_sweep(load_config_text(
      "version: 1\nexperiment: {name: t}\nhardware: {sc_prec: 6}\nmetrics: {cost: false}\n" + kWorkload +
          "  total_timesteps: 10\n" + schedule,
      "t.yaml"));
  REQUIRE(plan.points.size() == 4);
  const int expected[] = {64, 64, 16, 16};
  for (std::size_t i = 0; i < 4; ++i) {
    const RunResult r = run_point(plan, i);
    CHECK(r.ops[0].row_stoc_len == std::vector<std::int32_t>(5, expected[i]));
  }

  const std::string blocks = "mp: {impl: per_block, blocks: {1: {impl: uniform, stoc_len: 16}}, default: {impl: uniform, stoc_len: 64}}\n";
  auto block_config = [&](int block) {
    return "version: 1\nexperiment: {name: b}\nhardware: {sc_prec: 6}\nmetrics: {cost: false}\nworkload:\n  total_blocks: 2\n"
           "  operators:\n    q: {block: " + std::to_string(block) +
           ", a: {source: gaussian, shape: [5, 16]}, b: {source: gaussian, shape: [6, 16]}}\n" + blocks;
  };
  CHECK(run_point(plan_sweep(load_config_text(block_config(0), "b.yaml")), 0).ops[0].row_stoc_len == std::vector<std::int32_t>(5, 64));
  CHECK(run_point(plan_sweep(load_config_text(block_config(1), "b.yaml")), 0).ops[0].row_stoc_len == std::vector<std::int32_t>(5, 16));
  // A block outside the model, or a timestep past its last step, is refused at the key.
  try {
    (void)plan_sweep(load_config_text(block_config(2), "b.yaml"));
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("workload.operators.q.block") != std::string::npos);
  }
  try {
    (void)plan_sweep(load_config_text("version: 1\nhardware: {sc_prec: 6}\n" + kWorkload + "  timestep: 3\n", "t.yaml"));
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("workload.timestep") != std::string::npos);
  }
}
