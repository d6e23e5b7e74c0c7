// Table path == cycle engine == accumulate_reference, integer for integer, on random problems.
#include "sim/engine/cycle_engine.hpp"
#include "sim/tables/table_core.hpp"
#include "sim/engine/random_problem.hpp"
#include "support/catch.hpp"

#include <cstdio>

using namespace scmp::sim;
using scmp::testing::RandomSpec;
using scmp::testing::random_problem;

TEST_CASE("table path and cycle engine equal the reference on random problems", "[sim][tables]") {
  const Multiplier designs[] = {Multiplier::enable, Multiplier::thermometer, Multiplier::and_gate, Multiplier::xnor};
  for (Multiplier m : designs) {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
      RandomSpec s;
      s.multiplier = m;
      s.batch = 1 + static_cast<int>(seed % 2);
      s.rows_a = 3 + static_cast<int>(seed * 7 % 13);
      s.rows_b = 2 + static_cast<int>(seed * 5 % 17);
      s.depth = 5 + static_cast<int>(seed * 11 % 23);
      s.lanes = seed % 3 == 0 ? 4 : 0;
      s.chunk = seed % 2 == 0 ? 3 + static_cast<int>(seed % 4) : 0;
      s.sc_prec = 4 + static_cast<int>(seed % 3);
      s.stoc_len = (1 << s.sc_prec) - static_cast<int>(seed % 5);
      s.rng_levels = seed % 2 ? (1 << s.sc_prec) : (1 << s.sc_prec) - 3;
      s.signs = seed % 3 != 1;
      s.per_row_len = seed % 2 == 1;
      s.family = seed % 4 == 0 ? MaskFamily::counter : MaskFamily::bitrev;
      auto o = random_problem(s, seed);
      INFO("design " << to_string(m) << " seed " << seed);
      const auto ref = accumulate_reference(o.problem);
      CHECK(run_cycle_engine(o.problem).accumulators == ref);
      CHECK(accumulate_tables(o.problem, 1) == ref);
      CHECK(accumulate_tables(o.problem, 3) == ref);
      CHECK(accumulate_tables(o.problem, 2, TableKernel::portable) == ref);
      if (table_kernel_available(TableKernel::avx512)) CHECK(accumulate_tables(o.problem, 2, TableKernel::avx512) == ref);
    }
  }
}

namespace {
long peak_rss_kib() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return -1;
  char line[256];
  long kib = -1;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::sscanf(line, "VmHWM: %ld", &kib) == 1) break;
  }
  std::fclose(f);
  return kib;
}
}  // namespace

TEST_CASE("table path keeps table memory bounded at D = 8192", "[sim][tables]") {
  // Unblocked, 8192 lanes of signed enable tables at L = G = 256 would take 8192 · 257 · 514 · 2 B ≈ 2.2 GB.
  RandomSpec s;
  s.rows_a = 2;
  s.rows_b = 3;
  s.depth = 8192;
  s.sc_prec = 8;
  s.stoc_len = 256;
  s.rng_levels = 256;
  auto o = random_problem(s, 5);
  const auto ref = run_cycle_engine(o.problem).accumulators;
  const long before = peak_rss_kib();
  CHECK(accumulate_tables(o.problem, 2) == ref);
  const long after = peak_rss_kib();
  CAPTURE(before, after);
  if (before > 0) CHECK(after - before < 400 * 1024);
}

TEST_CASE("table path handles per-row lengths with chunks, batch and zero signs", "[sim][tables]") {
  for (std::uint64_t seed = 11; seed <= 14; ++seed) {
    RandomSpec s;
    s.batch = 3;
    s.rows_a = 21;
    s.rows_b = 530;  // more than one column tile
    s.depth = 37;
    s.chunk = 8;
    s.lanes = 8;
    s.sc_prec = 6;
    s.stoc_len = 64;
    s.rng_levels = seed % 2 ? 64 : 48;
    s.per_row_len = true;
    s.multiplier = seed == 13 ? Multiplier::and_gate : Multiplier::enable;
    auto o = random_problem(s, seed);
    CAPTURE(seed);
    const auto ref = run_cycle_engine(o.problem).accumulators;
    CHECK(accumulate_tables(o.problem, 2) == ref);
    CHECK(accumulate_tables(o.problem, 1, TableKernel::portable) == ref);
  }
}
