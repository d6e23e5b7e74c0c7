// Validation is linear in the configuration's size. The part that was not: writing a resolved point back to YAML
// (to_yaml, three times per design point) looked every operator up in a growing yaml-cpp map — a linear scan
// each, O(N^2) (validating 4000 operators: 49 s before, 8 s after; docs/RELIABILITY.md). 8x the operators may take at
// most 20x the time here (quadratic: 64x); both sizes timed in the same run, best of three, so load cancels.
#include <algorithm>
#include <chrono>
#include <string>

#include "experiments/config_loader.hpp"
#include "experiments/experiment_config.hpp"
#include "experiments/sweep_plan.hpp"
#include "support/catch.hpp"

namespace {

scmp::experiments::ExperimentConfig config_with(const scmp::experiments::ExperimentConfig& one, int operators) {
  auto c = one;
  c.operators.clear();
  for (int i = 0; i < operators; ++i) {
    auto op = one.operators.at(0);
    op.name = "op" + std::to_string(i);
    c.operators.push_back(op);
  }
  return c;
}

double best_to_yaml_seconds(const scmp::experiments::ExperimentConfig& c) {
  double best = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::string text = scmp::experiments::to_yaml_text(c);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    REQUIRE(text.find("op" + std::to_string(c.operators.size() - 1) + ":") != std::string::npos);
  }
  return best;
}

}  // namespace

TEST_CASE("a resolved configuration is written back to YAML in time linear in its operators", "[experiments][reliability]") {
  const auto loaded = scmp::experiments::load_config_text(
      "version: 1\nexperiment: {name: v}\nmetrics: {cost: false}\n"
      "workload: {operators: {q: {a: {source: gaussian, shape: [2, 4]}, b: {source: gaussian, shape: [2, 4]}}}}\n",
      "ops.yaml");
  const auto plan = scmp::experiments::plan_sweep(loaded);
  const auto small = config_with(plan.base, 400), large = config_with(plan.base, 3200);
  // The operators keep their order, each written once.
  const std::string text = scmp::experiments::to_yaml_text(config_with(plan.base, 3));
  CHECK(text.find("op0:") < text.find("op1:"));
  CHECK(text.find("op1:") < text.find("op2:"));
  const double t_small = best_to_yaml_seconds(small), t_large = best_to_yaml_seconds(large);
  INFO("to_yaml of 400 operators: " << t_small << " s, of 3200: " << t_large << " s (ratio " << t_large / t_small << ")");
  CHECK(t_large < 20 * t_small + 0.05);
}
