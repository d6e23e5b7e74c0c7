// Validation (load + plan, what `scmp sweep` does before it creates anything) is linear in the number of
// operators: 4× the operators may take at most 8× the time (quadratic would be 16×; measured: docs/RELIABILITY.md).
// Both sizes are timed in the same run, best of three, so the machine's load cancels out.
#include <algorithm>
#include <chrono>
#include <string>

#include "experiments/config_loader.hpp"
#include "experiments/sweep_plan.hpp"
#include "support/catch.hpp"

namespace {

std::string config_with(int operators) {
  std::string yaml = "version: 1\nexperiment: {name: v}\nmetrics: {cost: false}\nworkload:\n  operators:\n";
  for (int i = 0; i < operators; ++i) {
    yaml += "    op" + std::to_string(i) + ": {a: {source: gaussian, shape: [2, 4]}, b: {source: gaussian, shape: [2, 4]}}\n";
  }
  return yaml;
}

double best_validation_seconds(int operators) {
  const std::string text = config_with(operators);
  double best = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto loaded = scmp::experiments::load_config_text(text, "ops.yaml");
    const auto plan = scmp::experiments::plan_sweep(loaded);
    REQUIRE(plan.points.size() == 1);
    REQUIRE(plan.points[0].config.operators.size() == static_cast<std::size_t>(operators));
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

TEST_CASE("validation time is linear in the number of operators", "[experiments][reliability]") {
  const double small = best_validation_seconds(500);
  const double large = best_validation_seconds(2000);
  INFO("500 operators: " << small << " s, 2000 operators: " << large << " s (ratio " << large / small << ")");
  CHECK(large < 8 * small + 0.05);
}
