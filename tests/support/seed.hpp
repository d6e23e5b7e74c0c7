// Seeds of the random tests. Every random test draws from test_seed(salt) (SCMP_LOG_SEED: salt = file:line): Catch's run seed
// (--rng-seed N; Catch2 2 defaults to 0, Catch2 3 draws one per run and prints "Randomness seeded to: N")
// mixed with the test's own salt, so tests draw independent streams. A failing test logs both numbers
// (SCMP_LOG_SEED); rerun it with `scmp_tests "<name>" --rng-seed <catch_seed>` to get the same inputs.
#pragma once
#include <cstdint>

#include "sim/rng/splitmix.hpp"
#include "support/catch.hpp"
#if __has_include(<catch2/catch_get_random_seed.hpp>)
#include <catch2/catch_get_random_seed.hpp>
#endif

namespace scmp::testing {

inline std::uint64_t catch_seed() {
#if __has_include(<catch2/catch_get_random_seed.hpp>)
  return static_cast<std::uint64_t>(Catch::getSeed());
#else
  return static_cast<std::uint64_t>(Catch::rngSeed());
#endif
}

inline std::uint64_t test_seed(const char* salt) { return sim::derive_seed(catch_seed(), salt); }

}  // namespace scmp::testing

#define SCMP_SEED_STR2(x) #x
#define SCMP_SEED_STR(x) SCMP_SEED_STR2(x)
// Declares `seed` for this test (salt: its file and line) and logs it with Catch's run seed on failure.
#define SCMP_LOG_SEED()                                                                          \
  const std::uint64_t seed = ::scmp::testing::test_seed(__FILE__ ":" SCMP_SEED_STR(__LINE__));  \
  const std::uint64_t catch_seed = ::scmp::testing::catch_seed();                                \
  CAPTURE(seed, catch_seed)
