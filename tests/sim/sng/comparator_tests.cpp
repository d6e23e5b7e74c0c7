// Comparator SNG bit(t) = [r(t) < b]: strictness, thermometer code from a ramp, exact counts over a period.
#include <span>

#include "sim/rng/lfsr.hpp"
#include "sim/rng/ramp.hpp"
#include "sim/rng/sobol.hpp"
#include "sim/sng/comparator.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("comparator is strict: r == b gives 0", "[sim][sng][comparator]") {
  static_assert(comparator_bit(3, 4));
  static_assert(!comparator_bit(4, 4));
  static_assert(!comparator_bit(0, 0));
  CHECK(comparator_bit(255, 256));
}

TEST_CASE("comparator against a ramp emits a thermometer code", "[sim][sng][comparator]") {
  const auto ramp = RampRng(5).simulate(32);
  for (std::uint32_t b = 0; b <= 32; ++b) {
    CAPTURE(b);
    for (std::uint32_t t = 0; t < 32; ++t) REQUIRE(comparator_bit(ramp[t], b) == (t < b));
  }
}

TEST_CASE("comparator count over a full Sobol period equals the boundary for every boundary",
          "[sim][sng][comparator]") {
  for (int p = 1; p <= 10; ++p) {
    for (const char* type : {"q", "k"}) {
      INFO("p " << p << " seed_type " << type);
      const auto seq = SobolRng(p, {}, type).simulate(std::size_t{1} << p);
      for (std::uint32_t b = 0; b <= (1u << p); ++b) {
        REQUIRE(comparator_count(std::span<const std::uint32_t>(seq), b) == b);
      }
    }
  }
  // An LFSR is not a permutation (0 missing, seed doubled): the reference's biased counts.
  const auto lfsr = FibonacciLfsr(8, 125, {7, 2, 1, 0}).simulate(256);
  std::vector<std::uint32_t> counts;
  for (std::uint32_t b = 0; b <= 5; ++b) counts.push_back(comparator_count(std::span<const std::uint32_t>(lfsr), b));
  CHECK(counts == std::vector<std::uint32_t>{0, 0, 1, 2, 3, 4});
  const std::vector<std::uint16_t> narrow = {0, 1, 2, 3};
  CHECK(comparator_count(std::span<const std::uint16_t>(narrow), 2) == 2);
}
