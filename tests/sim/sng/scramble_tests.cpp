// Scramble pieces: bit permutations (wiring), bit reversal and per-lane XOR masks (REFERENCE.md §3.1, §4.2).
#include <algorithm>
#include <numeric>

#include "sim/error.hpp"
#include "sim/sng/scramble.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("bitrev lane masks at p=8 match the reference for d = 0..15", "[sim][sng][scramble]") {
  const std::vector<std::uint32_t> expected = {0, 128, 64, 192, 32, 160, 96, 224, 16, 144, 80, 208, 48, 176, 112, 240};
  for (int d = 0; d < 16; ++d) {
    CAPTURE(d);
    CHECK(lane_mask(MaskFamily::bitrev, d, 8, 0) == expected[static_cast<std::size_t>(d)]);
  }
  // d is taken mod 2^p before reversal.
  CHECK(lane_mask(MaskFamily::bitrev, 256 + 3, 8, 0) == 192);
}

TEST_CASE("counter and off masks", "[sim][sng][scramble]") {
  for (int p : {1, 4, 8, 12}) {
    for (int d = 0; d < 600; ++d) {
      REQUIRE(lane_mask(MaskFamily::counter, d, p, 0) == static_cast<std::uint32_t>(d % (1 << p)));
      REQUIRE(lane_mask(MaskFamily::off, d, p, 7) == 0u);
    }
  }
}

TEST_CASE("random masks are seeded, deterministic, in range and differ between seeds", "[sim][sng][scramble]") {
  for (std::uint64_t seed : {0ull, 1ull, 0x5A5A5A5Aull}) {
    CAPTURE(seed);
    std::vector<std::uint32_t> a, b;
    for (int d = 0; d < 128; ++d) {
      a.push_back(lane_mask(MaskFamily::random, d, 8, seed));
      b.push_back(lane_mask(MaskFamily::random, d, 8, seed));
      REQUIRE(a.back() < 256u);
    }
    CHECK(a == b);
    std::vector<std::uint32_t> other;
    for (int d = 0; d < 128; ++d) other.push_back(lane_mask(MaskFamily::random, d, 8, seed + 1));
    CHECK(a != other);
    auto distinct = a;
    std::sort(distinct.begin(), distinct.end());
    CHECK(std::unique(distinct.begin(), distinct.end()) - distinct.begin() > 60);  // not degenerate
  }
}

TEST_CASE("bit_reverse is an involution and equals permute_bits with the reverse permutation", "[sim][sng][scramble]") {
  CHECK(reverse_permutation(4) == std::vector<int>{3, 2, 1, 0});
  for (int p = 1; p <= 12; ++p) {
    const auto rev = reverse_permutation(p);
    for (std::uint32_t v = 0; v < (1u << p); ++v) {
      REQUIRE(bit_reverse(bit_reverse(v, p), p) == v);
      REQUIRE(permute_bits(v, rev) == bit_reverse(v, p));
    }
  }
  CHECK(bit_reverse(125, 8) == 190);
  CHECK(bit_reverse(1, 16) == 0x8000u);
}

TEST_CASE("permute_bits: output bit i = input bit perm[i], unlisted bits dropped, high bits zero",
          "[sim][sng][scramble]") {
  CHECK(permute_bits(0b0001, {1, 0}) == 0b10);
  CHECK(permute_bits(0b1000, {3}) == 0b1);
  CHECK(permute_bits(0b1111'0000, {0, 1, 2, 3}) == 0u);  // bits 4..7 are not listed: dropped
  CHECK(permute_bits(0xFFu, {}) == 0u);                  // empty list: all output bits 0
  CHECK(permute_bits(0b101, {0, 1, 2}) == 0b101);        // identity
  for (std::uint64_t seed : {1ull, 2ull, 3ull}) {
    CAPTURE(seed);
    const auto perm = random_permutation(8, seed);
    std::vector<std::uint32_t> image;
    for (std::uint32_t v = 0; v < 256; ++v) {
      const auto w = permute_bits(v, perm);
      REQUIRE(__builtin_popcount(w) == __builtin_popcount(v));
      image.push_back(w);
    }
    std::sort(image.begin(), image.end());
    std::vector<std::uint32_t> all(256);
    std::iota(all.begin(), all.end(), 0u);
    CHECK(image == all);  // a full permutation is a bijection on p-bit values
  }
}

TEST_CASE("random_permutation is a seeded permutation of 0..n-1", "[sim][sng][scramble]") {
  for (std::uint64_t seed : {0ull, 11ull, 12345ull}) {
    for (int n = 1; n <= 16; ++n) {
      INFO("seed " << seed << " n " << n);
      const auto perm = random_permutation(n, seed);
      CHECK(perm == random_permutation(n, seed));
      auto sorted = perm;
      std::sort(sorted.begin(), sorted.end());
      std::vector<int> expect(static_cast<std::size_t>(n));
      std::iota(expect.begin(), expect.end(), 0);
      CHECK(sorted == expect);
      CHECK_NOTHROW(validate_permutation("scramble", perm, n));
    }
  }
  // Every permutation of 3 elements appears over many seeds (Fisher–Yates is unbiased).
  std::vector<std::vector<int>> seen;
  for (std::uint64_t seed = 0; seed < 200; ++seed) seen.push_back(random_permutation(3, seed));
  std::sort(seen.begin(), seen.end());
  CHECK(std::unique(seen.begin(), seen.end()) - seen.begin() == 6);
}

TEST_CASE("validate_permutation and parse_mask_family name the bad value", "[sim][sng][scramble]") {
  auto message_of = [](auto&& f) -> std::string {
    try {
      f();
    } catch (const InvalidArgument& e) {
      return e.what();
    }
    return "";
  };
  CHECK(message_of([] { validate_permutation("scramble", {0, 8}, 8); }).find("scramble = [0,8]") != std::string::npos);
  CHECK(message_of([] { validate_permutation("scramble", {1, 1}, 8); }).find("twice") != std::string::npos);
  CHECK(message_of([] { validate_permutation("scramble", {0, 1, 2}, 2); }).find("at most 2") != std::string::npos);
  CHECK(message_of([] { validate_permutation("scramble", {-1}, 2); }).find("scramble = [-1]") != std::string::npos);
  CHECK_NOTHROW(validate_permutation("scramble", {}, 8));
  CHECK(message_of([] { parse_mask_family("owen"); }).find("scramble = owen") != std::string::npos);
  for (auto f : {MaskFamily::off, MaskFamily::counter, MaskFamily::bitrev, MaskFamily::random}) {
    CHECK(parse_mask_family(to_string(f)) == f);
  }
}
