// Ramp source: t mod 2^p, so a comparator against it emits a thermometer code.
#include "sim/error.hpp"
#include "sim/rng/ramp.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("ramp counts t mod 2^p and wraps", "[sim][rng]") {
  for (int bits = 1; bits <= 10; ++bits) {
    CAPTURE(bits);
    RampRng ramp(bits);
    const std::size_t n = std::size_t{1} << bits;
    const auto seq = ramp.simulate(2 * n + 3);
    for (std::size_t t = 0; t < seq.size(); ++t) REQUIRE(seq[t] == t % n);
    CHECK(ramp.period() == n);
  }
  CHECK(RampRng(16).simulate(70000).back() == 69999u % 65536u);
}

TEST_CASE("ramp rejects widths outside 1..16", "[sim][rng]") {
  CHECK_THROWS_AS(RampRng(0), InvalidArgument);
  CHECK_THROWS_AS(RampRng(17), InvalidArgument);
}
