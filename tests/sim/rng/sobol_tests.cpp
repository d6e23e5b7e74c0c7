// Sobol generator: reference sequences (REFERENCE.md §2.2, Appendix A), permutation property, seed validation.
#include <algorithm>
#include <numeric>

#include "sim/error.hpp"
#include "sim/rng/prng.hpp"
#include "sim/rng/reference_sequences.hpp"
#include "sim/rng/sobol.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

namespace {
std::vector<std::uint32_t> head(const std::vector<std::uint32_t>& v, std::size_t n) {
  return std::vector<std::uint32_t>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n));
}
bool is_permutation_of_range(std::vector<std::uint32_t> v) {
  std::sort(v.begin(), v.end());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != i) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("sobol q and k default sequences match Appendix A at p=8 (all 256 values)", "[sim][rng]") {
  SobolRng q(8, {}, "q");
  SobolRng k(8, {}, "k");
  CHECK(q.simulate(256) == scmp::testing::sobol_q8);
  CHECK(k.simulate(256) == scmp::testing::sobol_k8);
  CHECK(q.direction_vectors() == std::vector<std::uint32_t>{128, 64, 32, 16, 8, 4, 2, 1});
  CHECK(k.direction_vectors() == std::vector<std::uint32_t>{128, 64, 32, 16, 72, 4, 82, 255});
  CHECK(q.simulate(256) == scmp::testing::sobol_q8);  // repeatable after reset
}

TEST_CASE("sobol past 2^p continues as the reference does: x[j + 2^p] = x[j] xor V[p-1], period 2^(p+1)",
          "[sim][rng]") {
  for (int bits = 1; bits <= 10; ++bits) {
    for (const char* type : {"q", "k"}) {
      INFO("bits " << bits << " seed_type " << type);
      SobolRng rng(bits, {}, type);
      const std::size_t n = std::size_t{1} << bits;
      const auto seq = rng.simulate(4 * n);
      const std::uint32_t last_v = rng.direction_vectors().back();
      for (std::size_t j = 0; j < n; ++j) {
        REQUIRE(seq[j + n] == (seq[j] ^ last_v));
        REQUIRE(seq[j + 2 * n] == seq[j]);
        REQUIRE(seq[j + 3 * n] == seq[j + n]);
      }
      CHECK(rng.period() == 2 * n);
    }
  }
}

TEST_CASE("sobol first 16 values for p=4..7 match the reference and q equals k", "[sim][rng]") {
  const std::vector<std::pair<int, std::vector<std::uint32_t>>> cases = {
      {7, {0, 64, 96, 32, 48, 112, 80, 16, 24, 88, 120, 56, 40, 104, 72, 8}},
      {6, {0, 32, 48, 16, 24, 56, 40, 8, 12, 44, 60, 28, 20, 52, 36, 4}},
      {5, {0, 16, 24, 8, 12, 28, 20, 4, 6, 22, 30, 14, 10, 26, 18, 2}},
      {4, {0, 8, 12, 4, 6, 14, 10, 2, 3, 11, 15, 7, 5, 13, 9, 1}},
  };
  for (const auto& [bits, expected] : cases) {
    CAPTURE(bits);
    CHECK(SobolRng(bits, {}, "q").simulate(16) == expected);
    CHECK(SobolRng(bits, {}, "k").simulate(16) == expected);
  }
}

TEST_CASE("sobol k seed equals q seed entirely for p <= 4 and differs for p >= 5", "[sim][rng]") {
  for (int bits = 1; bits <= 16; ++bits) {
    CAPTURE(bits);
    const std::size_t n = std::size_t{1} << bits;
    const auto q = SobolRng(bits, {}, "q").simulate(n);
    const auto k = SobolRng(bits, {}, "k").simulate(n);
    CHECK((q == k) == (bits <= 4));
    CHECK(head(q, std::min<std::size_t>(16, n)) == head(k, std::min<std::size_t>(16, n)));
  }
  CHECK(SobolRng::default_seed(9, "k") == std::vector<std::uint32_t>{1, 1, 1, 1, 9, 1, 41, 1, 1});
  CHECK(SobolRng::default_seed(8, "k") == std::vector<std::uint32_t>{1, 1, 1, 1, 9, 1, 41, 255});
}

TEST_CASE("sobol q default is the bit-reversed gray counter", "[sim][rng]") {
  for (int bits = 1; bits <= 12; ++bits) {
    CAPTURE(bits);
    const auto q = SobolRng(bits, {}, "q").simulate(std::size_t{1} << bits);
    for (std::uint32_t j = 0; j < q.size(); ++j) {
      const std::uint32_t gray = j ^ (j >> 1);
      std::uint32_t rev = 0;
      for (int i = 0; i < bits; ++i) rev |= ((gray >> i) & 1u) << (bits - 1 - i);
      REQUIRE(q[j] == rev);
    }
  }
}

TEST_CASE("sobol with any valid seed emits a permutation of 0..2^p-1 per period", "[sim][rng]") {
  for (std::uint64_t seed : {1ull, 7ull, 2024ull, 0xDEADBEEFull}) {
    for (int bits = 1; bits <= 12; ++bits) {
      INFO("seed " << seed << " bits " << bits);
      std::uint64_t index = 0;
      std::vector<std::uint32_t> s(static_cast<std::size_t>(bits), 1u);
      for (int i = 1; i < bits; ++i) {  // odd, below 2^(i+1)
        s[static_cast<std::size_t>(i)] =
            2u * static_cast<std::uint32_t>(prng_below(seed, index, std::uint64_t{1} << i)) + 1u;
      }
      SobolRng rng(bits, s);
      CHECK(is_permutation_of_range(rng.simulate(std::size_t{1} << bits)));
    }
  }
}

TEST_CASE("sobol rejects invalid bits, seed_type and direction numerators, naming them", "[sim][rng]") {
  auto message_of = [](auto&& make) -> std::string {
    try {
      make();
    } catch (const InvalidArgument& e) {
      return e.what();
    }
    return "";
  };
  CHECK_THROWS_AS(SobolRng(4, {1, 2, 1, 1}, "q"), InvalidArgument);  // even
  CHECK_THROWS_AS(SobolRng(4, {3, 1, 1, 1}, "q"), InvalidArgument);  // s0 != 1
  CHECK_THROWS_AS(SobolRng(4, {1, 5, 1, 1}, "q"), InvalidArgument);  // s1 >= 4
  CHECK_THROWS_AS(SobolRng(4, {1, 1, 1}, "q"), InvalidArgument);     // wrong length
  CHECK_THROWS_AS(SobolRng(0, {}, "q"), InvalidArgument);
  CHECK_THROWS_AS(SobolRng(17, {}, "q"), InvalidArgument);
  CHECK_THROWS_AS(SobolRng(8, {}, "x"), InvalidArgument);
  CHECK(message_of([] { SobolRng(4, {1, 1, 8, 1}, "q"); }).find("sobol.seed[2] = 8") != std::string::npos);
  CHECK(message_of([] { SobolRng(17, {}, "q"); }).find("sobol.bits = 17") != std::string::npos);
  CHECK(message_of([] { SobolRng(8, {}, "z"); }).find("sobol.seed_type = z") != std::string::npos);
  CHECK_NOTHROW(SobolRng(4, {1, 3, 7, 15}, "q"));  // largest numerators allowed
}
