// Cost tables (schema 2: per-bit widths, SRAM/DRAM/leakage, node scaling), the array energy breakdown, the
// SCC measure and its warning for AND/XNOR on correlated streams.
#include <cmath>

#include "experiments/array_energy.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/run.hpp"
#include "experiments/sweep_plan.hpp"
#include "sim/metrics/scc.hpp"
#include "support/catch.hpp"
#include "support/sweep_test_support.hpp"

using namespace scmp::experiments;

namespace {
std::string table_path() { return std::string(SCMP_SOURCE_DIR) + "/configs/cost/generic_45nm.yaml"; }
}  // namespace

TEST_CASE("the bundled cost table loads, scales to another node and is hashed", "[experiments][cost]") {
  const CostTable t = load_cost_table(table_path());
  CHECK(t.name == "generic_45nm");
  CHECK(t.node_nm == 45);
  CHECK(t.energy_scale == 1.0);
  CHECK(t.hash.size() == 16);
  CHECK(t.text.find("comparator_bit") != std::string::npos);
  const CostTable s = load_cost_table(table_path(), 22.5, 0.9);
  CHECK(s.energy_scale == Approx(0.5));
  CHECK(s.area_scale == Approx(0.25));
  CHECK(s.energy("comparator_bit") == Approx(0.5 * t.energy("comparator_bit")));
  CHECK(load_cost_table(table_path(), 45, 0.45).energy_scale == Approx(0.25));
  // SRAM access energy grows with the bank size (sqrt) and the word width.
  CHECK(t.sram_access_pj(32, 8, false) == Approx(2 * t.sram_access_pj(8, 8, false)));
  CHECK(t.sram_access_pj(8, 16, false) == Approx(2 * t.sram_access_pj(8, 8, false)));
}

TEST_CASE("a cost table of schema 1 or with a missing action is refused with the key", "[experiments][cost]") {
  scmp::testing::ScratchDir dir("cost");
  auto error_of = [&](const std::string& text) {
    try {
      (void)load_cost_table(dir.write("t.yaml", text));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error_of("version: 1\nname: old\n").find("version = 1: expected 2") != std::string::npos);
  CHECK(error_of("version: 2\ntechnology: {node_nm: 45, vdd: 0.9}\nactions: {}\n").find("actions.rng_bit") != std::string::npos);
  CHECK(error_of("version: 2\n").find("technology") != std::string::npos);
}

TEST_CASE("comparator and RNG energy scale with sc_prec (no fixed 8-bit comparator)", "[experiments][cost]") {
  const CostTable t = load_cost_table(table_path());
  scmp::sim::ActivityCounts act;
  act.comparator_evals = 1000;
  act.rng_steps = 100;
  const auto u4 = array_units(16, 2, 4, 16, scmp::sim::Multiplier::enable);
  const auto u8 = array_units(16, 2, 8, 16, scmp::sim::Multiplier::enable);
  auto without_registers = [&](ArrayUnits u) {
    u.register_bits = 0;
    return evaluate_cost(t, act, u).energy_pj;
  };
  CHECK(without_registers(u8) == Approx(2 * without_registers(u4)));
}

TEST_CASE("array energy: every component priced, SC components scale with L, binary MACs have none", "[experiments][cost][array]") {
  const CostTable t = load_cost_table(table_path());
  ArraySection A;
  const LayerShape L = LayerShape::gemm(32, 64, 128);
  auto cost_at = [&](int len) {
    const std::vector<int> la(32, len), lb(64, len);
    const auto r = simulate_array(A, L, la, lb);
    return array_cost(t, A, L, r, 8, scmp::sim::Multiplier::enable);
  };
  const auto c32 = cost_at(32), c64 = cost_at(64);
  REQUIRE(c32.energy_pj.size() == energy_components().size());
  for (double e : c32.energy_pj) CHECK(e > 0);
  CHECK(c64.energy_pj[1] == Approx(2 * c32.energy_pj[1]));  // sng comparisons ∝ L
  CHECK(c64.energy_pj[5] == Approx(c32.energy_pj[5]));      // sram: words, not bits of stream
  A.mac = "binary";
  const auto rb = simulate_array(A, L, {}, {});
  const auto cb = array_cost(t, A, L, rb, 8, scmp::sim::Multiplier::enable);
  CHECK(cb.energy_pj[0] == 0);  // no RNG
  CHECK(cb.energy_pj[2] == Approx(32.0 * 64 * 128 * t.energy("binary_mac_8b")));
}

TEST_CASE("SCC: Alaghi & Hayes' definition at its fixed points", "[sim][metrics][scc]") {
  using scmp::sim::PairCounts;
  CHECK(scmp::sim::scc(PairCounts{2, 0, 0, 2}) == 1.0);    // identical
  CHECK(scmp::sim::scc(PairCounts{0, 2, 2, 0}) == -1.0);   // complementary
  CHECK(scmp::sim::scc(PairCounts{1, 1, 1, 1}) == 0.0);    // independent
  CHECK(scmp::sim::scc(PairCounts{1, 1, 0, 2}) == 1.0);    // 1100 vs 1000: maximal overlap
  CHECK(scmp::sim::scc(PairCounts{0, 0, 2, 2}) == 0.0);    // constant stream: undefined → 0
  const std::uint16_t ramp[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  CHECK(scmp::sim::stream_scc(ramp, 4, ramp, 2, 8) == 1.0);  // one RNG for both: SCC = +1
}

TEST_CASE("AND/XNOR on one shared Sobol sequence warn; the enable multiplier does not", "[experiments][scc]") {
  auto run_with = [](const std::string& multiplier) {
    const std::string text = "version: 1\nhardware: {sc_prec: 6, multiplier: " + multiplier +
                             ", rng: sobol_simple, granularity: per_row}\nmetrics: {cost: false}\n"
                             "workload:\n  operators:\n    q: {a: {source: gaussian, shape: [3, 8]}, b: {source: gaussian, shape: [5, 8]}}\n";
    const auto plan = plan_sweep(load_config_text(text, "x.yaml"));
    return execute_run(plan.points[0].config, RunOptions{});
  };
  const RunResult x = run_with("xnor");
  REQUIRE(x.ok);
  CHECK(x.cost.scc_abs > 0.3);
  REQUIRE(x.warnings.size() == 1);
  CHECK(x.warnings[0].find("xnor multiplier on correlated streams") != std::string::npos);
  const RunResult e = run_with("enable");
  REQUIRE(e.ok);
  CHECK(e.warnings.empty());
  CHECK(e.ops[0].array.compute_cycles > 0);
  CHECK(std::isnan(e.cost.array_energy_pj));  // cost off
}
