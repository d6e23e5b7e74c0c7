// Proof that per-row mixed precision in ONE sc_matmul pass equals per-level separate runs (cpu and cycle).
#include "mp/one_pass_check.hpp"

TEST_CASE("one-pass per-row MP equals per-level runs on the cpu backend", "[mp][one_pass]") {
  scmp::testing::check_one_pass_random("cpu", 12, 1000);
}

TEST_CASE("one-pass per-row MP equals per-level runs on the cycle backend", "[mp][one_pass]") {
  scmp::testing::check_one_pass_random("cycle", 6, 2000);
}
