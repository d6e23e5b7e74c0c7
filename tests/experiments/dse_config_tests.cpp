// configs/dse_array.yaml: it validates to its 90 points, and the trade-off its report shows holds: per-row MP
// shortens a weight-stationary array's latency (rows of a stream through with their own L) but not an
// output-stationary one's (a fold's PEs run in lock step at the longest L), at a small accuracy cost.
#include "experiments/config_loader.hpp"
#include "experiments/run.hpp"
#include "experiments/sweep_plan.hpp"
#include "support/catch.hpp"

using namespace scmp::experiments;

TEST_CASE("dse_array.yaml: MP helps ws latency, not os", "[experiments][configs][array]") {
  const auto plan = plan_sweep(load_config_file(std::string(SCMP_SOURCE_DIR) + "/configs/dse_array.yaml"));
  REQUIRE(plan.points.size() == 5 * 3 * 3 * 2);
  auto find = [&](std::size_t levels, int top, const std::string& dataflow) -> const ExperimentConfig& {
    for (const auto& p : plan.points) {
      const auto& c = p.config;
      if (c.array.rows == 16 && c.array.dataflow == dataflow && c.experiment.seed == 0 && c.mp["levels"].size() == levels &&
          c.mp["levels"][0].as<int>() == top) {
        return c;
      }
    }
    FAIL("no such point");
    return plan.points[0].config;
  };
  const CostTable table = load_cost_table(std::string(SCMP_SOURCE_DIR) + "/configs/cost/generic_45nm.yaml");
  RunOptions o;
  o.cost_table = &table;
  const RunResult ws_uniform = execute_run(find(1, 64, "ws"), o), ws_mp = execute_run(find(2, 64, "ws"), o);
  const RunResult os_uniform = execute_run(find(1, 64, "os"), o), os_mp = execute_run(find(2, 64, "os"), o);
  REQUIRE(ws_uniform.ok);
  REQUIRE(ws_mp.ok);
  REQUIRE(os_uniform.ok);
  REQUIRE(os_mp.ok);
  CHECK(ws_mp.cost.latency_s < 0.5 * ws_uniform.cost.latency_s);
  CHECK(os_mp.cost.latency_s == os_uniform.cost.latency_s);
  CHECK(ws_mp.cost.array_energy_pj < ws_uniform.cost.array_energy_pj);
  CHECK(ws_mp.metrics.rel_fro > ws_uniform.metrics.rel_fro);  // shorter streams for most rows cost accuracy
  CHECK(ws_uniform.metrics.rel_fro == os_uniform.metrics.rel_fro);  // the array never changes a number
}
