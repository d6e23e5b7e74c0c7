// Galois LFSR: same maximal tap sets as the Fibonacci form; its bit-0 stream is a cyclic shift of the
// Fibonacci register's m-sequence (same characteristic polynomial).
#include <algorithm>
#include <climits>

#include "sim/error.hpp"
#include "sim/rng/lfsr.hpp"
#include "sim/rng/lfsr_galois.hpp"
#include "sim/rng/lfsr_taps.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

namespace {
std::vector<std::uint8_t> low_bits(std::vector<std::uint32_t> v) {
  std::vector<std::uint8_t> b;
  for (auto x : v) b.push_back(static_cast<std::uint8_t>(x & 1u));
  return b;
}
// True iff b is a cyclic rotation of a.
bool is_rotation(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  if (a.size() != b.size()) return false;
  std::vector<std::uint8_t> aa(a);
  aa.insert(aa.end(), a.begin(), a.end());
  return std::search(aa.begin(), aa.end(), b.begin(), b.end()) != aa.end();
}
}  // namespace

TEST_CASE("galois lfsr maps Fibonacci taps t to toggle bits n-1-t", "[sim][rng]") {
  GaloisLfsr g(8, 1, {7, 2, 1, 0});
  CHECK(g.toggle_mask() == ((1u << 0) | (1u << 5) | (1u << 6) | (1u << 7)));
  CHECK(g.kind() == "lfsr_galois");
  CHECK(g.simulate(4) == std::vector<std::uint32_t>{1, 0xE1, 0x91, 0xA9});  // 1 → 0^0xE1; 0xE1 → 0x70^0xE1
}

TEST_CASE("galois lfsr with every maximal set of n <= 10 has full period and matches the Fibonacci m-sequence",
          "[sim][rng]") {
  for (int bits = 3; bits <= 10; ++bits) {
    const std::size_t period = (std::size_t{1} << bits) - 1;
    for (const auto& taps : maximal_taps(bits, INT_MAX)) {
      for (std::uint64_t seed : {std::uint64_t{1}, std::uint64_t{period}, std::uint64_t{(period + 1) / 2 + 1}}) {
        INFO("bits " << bits << " seed " << seed);
        CAPTURE(taps);
        GaloisLfsr g(bits, seed, taps);
        CHECK(g.period() == period);
        const auto seq = g.simulate(period + 1);
        CHECK(seq.front() == seed);
        CHECK(seq.back() == seed);
        auto states = seq;
        states.pop_back();
        std::sort(states.begin(), states.end());
        CHECK(std::adjacent_find(states.begin(), states.end()) == states.end());
        CHECK(states.front() == 1u);
        const auto fib = FibonacciLfsr(bits, 1, taps).simulate(period);
        std::vector<std::uint32_t> gal(seq.begin(), seq.end() - 1);
        CHECK(is_rotation(low_bits(fib), low_bits(gal)));
      }
    }
  }
}

TEST_CASE("galois lfsr full period for the first maximal set up to 16 bits", "[sim][rng]") {
  for (int bits = 11; bits <= 16; ++bits) {
    CAPTURE(bits);
    GaloisLfsr g(bits, 1, {});
    const std::uint64_t period = (std::uint64_t{1} << bits) - 1;
    std::uint64_t steps = 0;
    g.next();
    ++steps;
    for (; steps <= period; ++steps) {
      if (g.next() == 1u) break;
    }
    CHECK(steps == period);
  }
}

TEST_CASE("galois lfsr rejects bad parameters, naming them", "[sim][rng]") {
  CHECK_THROWS_AS(GaloisLfsr(8, 0, {7, 2, 1, 0}), InvalidArgument);
  CHECK_THROWS_AS(GaloisLfsr(8, 256, {7, 2, 1, 0}), InvalidArgument);
  CHECK_THROWS_AS(GaloisLfsr(2, 1, {}), InvalidArgument);
  CHECK_THROWS_AS(GaloisLfsr(25, 1, {}), InvalidArgument);
  CHECK_THROWS_AS(GaloisLfsr(8, 1, {7, 5, 4, 3}), InvalidArgument);
  CHECK_NOTHROW(GaloisLfsr(8, 1, {7, 5, 4, 3}, false));
  try {
    GaloisLfsr(8, 0, {});
  } catch (const InvalidArgument& e) {
    CHECK(e.field() == "lfsr_galois.seed");
  }
}
