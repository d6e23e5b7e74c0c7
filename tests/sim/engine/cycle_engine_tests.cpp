// Cycle engine == table path == accumulate_reference on exhaustive small grids; traces and activity counts.
#include <cmath>

#include "sim/engine/cycle_engine.hpp"
#include "sim/engine/random_problem.hpp"
#include "sim/error.hpp"
#include "sim/tables/table_core.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;
using scmp::testing::OwnedProblem;

namespace {

// Every boundary pair on every lane: a row n holds boundary n in every dimension, b row m boundary m.
OwnedProblem grid_problem(int p, int L, int G, int lanes, Multiplier m, MaskFamily family) {
  OwnedProblem o;
  auto& pr = o.problem;
  pr.rows_a = pr.rows_b = G + 1;
  pr.depth = pr.lanes = lanes;
  pr.multiplier = m;
  pr.geometry = {p, L, G};
  for (int n = 0; n <= G; ++n) {
    for (int d = 0; d < lanes; ++d) {
      o.ba.push_back(static_cast<std::uint16_t>(n));
      o.bb.push_back(static_cast<std::uint16_t>(n));
    }
  }
  o.config = sobol_simple_config(lanes, p);
  o.scramble.family = family;
  o.scramble.seed = 99;
  o.bind();
  return o;
}

}  // namespace

TEST_CASE("engine, tables and reference agree on exhaustive grids p=3..5", "[sim][engine]") {
  const Multiplier designs[] = {Multiplier::enable, Multiplier::thermometer, Multiplier::and_gate, Multiplier::xnor};
  const MaskFamily families[] = {MaskFamily::off, MaskFamily::counter, MaskFamily::bitrev, MaskFamily::random};
  for (int p = 3; p <= 5; ++p) {
    std::vector<int> levels;
    for (int g = 1; g <= (1 << p); g *= 2) levels.push_back(g);
    levels.push_back((1 << p) - 3);  // one G that is not a power of two
    for (int L = 1; L <= (1 << p); ++L) {
      for (int G : levels) {
        for (MaskFamily f : families) {
          for (Multiplier m : designs) {
            auto o = grid_problem(p, L, G, 2, m, f);
            INFO("p " << p << " L " << L << " G " << G << " " << to_string(f) << " " << to_string(m));
            const auto ref = accumulate_reference(o.problem);
            EngineOptions opt;
            opt.lane_counts = true;
            const auto e = run_cycle_engine(o.problem, opt);
            REQUIRE(e.accumulators == ref);
            REQUIRE(accumulate_tables(o.problem, 1) == ref);
            // Per-lane counts equal the defining formula for every (ba, bb, lane).
            const auto& sa = o.problem.streams(Side::a, L);
            const auto& sb = o.problem.streams(Side::b, L);
            for (int ba = 0; ba <= G; ++ba) {
              for (int bb = 0; bb <= G; ++bb) {
                for (int d = 0; d < 2; ++d) {
                  const std::size_t i = (static_cast<std::size_t>(ba) * (G + 1) + bb) * 2 + d;
                  REQUIRE(e.lane_counts[i] == lane_count(m, sa.lane(d), sb.lane(d), L, ba, bb));
                }
              }
            }
          }
        }
      }
    }
  }
}

TEST_CASE("traces step the unit designs and give the engine's counts and activity", "[sim][engine]") {
  for (Multiplier m : {Multiplier::enable, Multiplier::thermometer, Multiplier::and_gate, Multiplier::xnor}) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      scmp::testing::RandomSpec s;
      s.multiplier = m;
      s.rows_a = 3;
      s.rows_b = 4;
      s.depth = 5;
      s.chunk = seed == 2 ? 2 : 0;
      s.per_row_len = seed == 3;
      auto o = scmp::testing::random_problem(s, seed);
      CAPTURE(to_string(m), seed);
      EngineOptions plain;
      plain.activity = true;
      plain.lane_counts = true;
      EngineOptions traced = plain;
      traced.trace = true;
      const auto a = run_cycle_engine(o.problem, plain);
      const auto b = run_cycle_engine(o.problem, traced);
      CHECK(a.accumulators == b.accumulators);
      CHECK(a.activity == b.activity);
      REQUIRE(b.traces.size() == static_cast<std::size_t>(3 * 4 * 5));
      std::int64_t cycles = 0;
      for (int n = 0; n < 3; ++n) {
        for (int k = 0; k < 4; ++k) cycles += o.problem.pair_stoc_len(n, k);
      }
      CHECK(a.activity.cycles == cycles);
      CHECK(a.activity.accumulator_adds == 3 * 4 * 5);
      for (std::size_t i = 0; i < b.traces.size(); ++i) {
        const auto& tr = b.traces[i];
        REQUIRE(tr.count == a.lane_counts[i]);
        REQUIRE(tr.cycles.size() == static_cast<std::size_t>(tr.stoc_len));
        std::int64_t sum = 0;
        for (const auto& c : tr.cycles) sum += c.step;
        CHECK(sum == tr.count);
      }
    }
  }
  scmp::testing::RandomSpec big;
  big.rows_a = big.rows_b = 64;
  big.depth = 64;
  auto o = scmp::testing::random_problem(big, 1);
  EngineOptions traced;
  traced.trace = true;
  CHECK_THROWS_AS(run_cycle_engine(o.problem, traced), InvalidArgument);
}

TEST_CASE("activity of a hand-computed lane", "[sim][engine]") {
  // One lane, L = 4, ra = rb = Sobol q/k at p = 2 without masks: the q and k prefixes are both 0 2 3 1.
  OwnedProblem o;
  o.problem.rows_a = o.problem.rows_b = o.problem.depth = o.problem.lanes = 1;
  o.problem.geometry = {2, 4, 4};
  o.problem.multiplier = Multiplier::thermometer;
  o.ba = {2};  // a bits: [0<2, 2<2, 3<2, 1<2] = 1 0 0 1 → k_a = 2
  o.bb = {3};  // b bits: 1 1 0 1 → k_b = 3; en = 1 1 0 0 → product 1 1 0 0 → c = 2
  o.sa = {-1};
  o.sb = {1};
  o.config = sobol_simple_config(1, 2);
  o.scramble.family = MaskFamily::off;
  o.bind();
  EngineOptions opt;
  opt.activity = true;
  const auto r = run_cycle_engine(o.problem, opt);
  CHECK(r.accumulators == std::vector<std::int64_t>{-2});
  CHECK(r.activity.cycles == 4);
  CHECK(r.activity.rng_steps == 8);
  CHECK(r.activity.comparator_ones == 5);
  CHECK(r.activity.gate_evals == 4);
  CHECK(r.activity.gate_ones == 2);
  CHECK(r.activity.enable_counter_steps == 2);
  CHECK(r.activity.counter_increments == 2);
  CHECK(r.activity.accumulator_adds == 1);
  // register bits: 2·2 (RNG) + 2·3 (boundaries 0..4) + 4 (signed counter for ±4) + 3 (enable counter) + 4 (S)
  CHECK(r.activity.register_bits == 4 + 6 + 4 + 3 + 4);
}
