// Sobol generator: reference sequences (REFERENCE.md §2.2, Appendix A) and seed validation.
#include "sim/error.hpp"
#include "sim/rng/sobol.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("sobol q and k default sequences match the reference at p=8", "[sim][rng]") {
  const std::vector<std::uint32_t> q16 = {0, 128, 192, 64, 96, 224, 160, 32, 48, 176, 240, 112, 80, 208, 144, 16};
  const std::vector<std::uint32_t> k_16_31 = {88, 216, 152, 24, 56, 184, 248, 120, 104, 232, 168, 40, 8, 136, 200, 72};
  SobolRng q(8, {}, "q");
  SobolRng k(8, {}, "k");
  const auto qs = q.simulate(256);
  const auto ks = k.simulate(256);
  CHECK(std::vector<std::uint32_t>(qs.begin(), qs.begin() + 16) == q16);
  CHECK(std::vector<std::uint32_t>(ks.begin() + 16, ks.begin() + 32) == k_16_31);
  CHECK(ks.back() == 255);
}

TEST_CASE("sobol rejects an even direction numerator", "[sim][rng]") {
  CHECK_THROWS_AS(SobolRng(4, {1, 2, 1, 1}, "q"), InvalidArgument);
}
