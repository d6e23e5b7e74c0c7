// Maximal LFSR tap sets: the reference's search results (REFERENCE.md §3.5) and the primitive-polynomial
// test checked against brute-force period counts.
#include <climits>

#include "sim/error.hpp"
#include "sim/rng/lfsr.hpp"
#include "sim/rng/lfsr_taps.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

namespace {
// The reference's criterion: an LFSR seeded with 1 visits exactly 2^n − 1 distinct states before repeating.
std::uint64_t distinct_states_from_one(int bits, const std::vector<int>& taps) {
  std::uint32_t mask = 0;
  for (int t : taps) mask |= 1u << t;
  std::vector<bool> seen(std::size_t{1} << bits, false);
  std::uint32_t reg = 1;
  std::uint64_t distinct = 0;
  while (!seen[reg]) {
    seen[reg] = true;
    ++distinct;
    const std::uint32_t fb = static_cast<std::uint32_t>(__builtin_popcount(reg & mask) & 1);
    reg = (reg >> 1) | (fb << (bits - 1));
  }
  return distinct;
}
}  // namespace

TEST_CASE("tap search reproduces the reference lists and counts for n = 3..8", "[sim][rng]") {
  CHECK(maximal_taps(3, INT_MAX) == std::vector<std::vector<int>>{{2, 0}});
  CHECK(maximal_taps(4, INT_MAX) == std::vector<std::vector<int>>{{3, 0}});
  CHECK(maximal_taps(5, INT_MAX).size() == 3);
  CHECK(maximal_taps(6, INT_MAX).size() == 4);
  CHECK(maximal_taps(7, INT_MAX).size() == 9);
  const std::vector<std::vector<int>> n8 = {{7, 2, 1, 0},       {7, 6, 1, 0},       {7, 3, 2, 0},      {7, 5, 3, 0},
                                            {7, 6, 3, 2, 1, 0}, {7, 6, 5, 2, 1, 0}, {7, 6, 5, 4, 2, 0}};
  CHECK(maximal_taps(8, INT_MAX) == n8);
  CHECK(maximal_taps(8, 3) == std::vector<std::vector<int>>(n8.begin(), n8.begin() + 3));
  CHECK(first_maximal_taps(8) == std::vector<int>{7, 2, 1, 0});
}

TEST_CASE("polynomial maximality test agrees with brute force for every tap set of n <= 10", "[sim][rng]") {
  for (int bits = 3; bits <= 10; ++bits) {
    CAPTURE(bits);
    const std::uint64_t full = (std::uint64_t{1} << bits) - 1;
    for (std::uint32_t subset = 1; subset < (1u << bits); ++subset) {
      std::vector<int> taps;
      for (int t = bits - 1; t >= 0; --t) {
        if ((subset >> t) & 1u) taps.push_back(t);
      }
      CAPTURE(taps);
      REQUIRE(is_maximal_taps(bits, taps) == (distinct_states_from_one(bits, taps) == full));
    }
  }
}

TEST_CASE("tap search equals a brute-force search in the reference order for n <= 10", "[sim][rng]") {
  for (int bits = 3; bits <= 10; ++bits) {
    CAPTURE(bits);
    std::vector<std::vector<int>> brute;
    const std::uint64_t full = (std::uint64_t{1} << bits) - 1;
    // Tap counts 2, 4, …; combinations of {0..n−2} in lexicographic order, plus n−1; sorted descending.
    for (int count = 2; count <= bits; count += 2) {
      std::vector<int> idx(static_cast<std::size_t>(count - 1));
      for (int i = 0; i < count - 1; ++i) idx[static_cast<std::size_t>(i)] = i;
      const int k = count - 1, m = bits - 1;  // choose k of {0..m−1}
      while (true) {
        std::vector<int> taps = {bits - 1};
        for (auto it = idx.rbegin(); it != idx.rend(); ++it) taps.push_back(*it);
        if (distinct_states_from_one(bits, taps) == full) brute.push_back(taps);
        int i = k - 1;
        while (i >= 0 && idx[static_cast<std::size_t>(i)] == m - k + i) --i;
        if (i < 0) break;
        ++idx[static_cast<std::size_t>(i)];
        for (int j = i + 1; j < k; ++j) idx[static_cast<std::size_t>(j)] = idx[static_cast<std::size_t>(j - 1)] + 1;
      }
    }
    CHECK(maximal_taps(bits, INT_MAX) == brute);
  }
}

TEST_CASE("a first maximal tap set exists for n = 3..24 and has period 2^n - 1", "[sim][rng]") {
  for (int bits = 3; bits <= 24; ++bits) {
    CAPTURE(bits);
    const auto taps = first_maximal_taps(bits);
    CAPTURE(taps);
    CHECK(taps.front() == bits - 1);
    CHECK(taps.back() == 0);
    CHECK(is_maximal_taps(bits, taps));
    const FibonacciLfsr lfsr(bits, 1, taps);
    CHECK(lfsr.period() == (std::uint64_t{1} << bits) - 1);
    if (bits <= 16) CHECK(distinct_states_from_one(bits, taps) == (std::uint64_t{1} << bits) - 1);
  }
}

TEST_CASE("tap helpers reject out-of-range widths and taps", "[sim][rng]") {
  CHECK_THROWS_AS(is_maximal_taps(1, {0}), InvalidArgument);
  CHECK_THROWS_AS(is_maximal_taps(33, {32, 0}), InvalidArgument);
  CHECK_THROWS_AS(is_maximal_taps(8, {8, 0}), InvalidArgument);
  CHECK_THROWS_AS(maximal_taps(40, 1), InvalidArgument);
}
