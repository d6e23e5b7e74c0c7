// Right-shift Fibonacci LFSR: the reference sequences and behaviour of REFERENCE.md §2.1, and validation.
#include <algorithm>

#include "sim/error.hpp"
#include "sim/rng/lfsr.hpp"
#include "sim/rng/reference_sequences.hpp"
#include "sim/sng/scramble.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("lfsr taps [7,2,1,0] seed 125 gives the reference's first 16 outputs", "[sim][rng]") {
  FibonacciLfsr lfsr(8, 125, {7, 2, 1, 0});
  const auto seq = lfsr.simulate(16);
  CHECK(seq == scmp::testing::lfsr8_7210_seed125);
  std::vector<std::uint32_t> reversed;
  for (auto v : seq) reversed.push_back(permute_bits(v, reverse_permutation(8)));
  CHECK(reversed == scmp::testing::lfsr8_7210_seed125_reversed);
  CHECK(lfsr.period() == 255);
  CHECK(lfsr.kind() == "lfsr");
}

TEST_CASE("lfsr taps [7,5,4,3] is not maximal but runs with require_maximal=false", "[sim][rng]") {
  CHECK_THROWS_AS(FibonacciLfsr(8, 125, {7, 5, 4, 3}), InvalidArgument);
  FibonacciLfsr lfsr(8, 125, {7, 5, 4, 3}, false);
  CHECK(lfsr.simulate(16) == scmp::testing::lfsr8_7543_seed125);
  CHECK(lfsr.period() == 0);  // not maximal: period not computed
  FibonacciLfsr one(8, 1, {7, 5, 4, 3}, false);
  CHECK(one.simulate(2) == std::vector<std::uint32_t>{1, 0});  // bit 0 is lost: 1 -> 0 after one step
}

TEST_CASE("lfsr simulate(2^n) repeats the seed last and never emits 0", "[sim][rng]") {
  for (std::uint64_t seed : {1ull, 125ull, 255ull, 77ull}) {
    CAPTURE(seed);
    FibonacciLfsr lfsr(8, seed, {7, 2, 1, 0});
    const auto seq = lfsr.simulate(256);
    CHECK(seq.front() == seed);
    CHECK(seq.back() == seed);
    CHECK(std::count(seq.begin(), seq.end(), 0u) == 0);
    auto sorted = seq;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    CHECK(sorted.size() == 255);       // every non-zero state exactly once per period
    CHECK(lfsr.simulate(256) == seq);  // simulate resets first
  }
  // The comparator bias the reference notes: #values < v over simulate() for v = 0..5 is 0,0,1,2,3,4.
  const auto seq = FibonacciLfsr(8, 125, {7, 2, 1, 0}).simulate(256);
  std::vector<long> below;
  for (std::uint32_t v = 0; v <= 5; ++v)
    below.push_back(std::count_if(seq.begin(), seq.end(), [v](auto r) { return r < v; }));
  CHECK(below == std::vector<long>{0, 0, 1, 2, 3, 4});
}

TEST_CASE("lfsr empty taps select the first maximal set; duplicate and unsorted taps are normalised", "[sim][rng]") {
  CHECK(FibonacciLfsr(8, 125, {}).taps() == std::vector<int>{7, 2, 1, 0});
  FibonacciLfsr messy(8, 125, {0, 1, 2, 7, 2});
  CHECK(messy.taps() == std::vector<int>{7, 2, 1, 0});
  CHECK(messy.simulate(16) == scmp::testing::lfsr8_7210_seed125);
}

TEST_CASE("lfsr rejects bad bits, seeds and taps, naming the parameter", "[sim][rng]") {
  auto message_of = [](auto&& make) -> std::string {
    try {
      make();
    } catch (const InvalidArgument& e) {
      return e.what();
    }
    return "";
  };
  CHECK(message_of([] { FibonacciLfsr(8, 0, {7, 2, 1, 0}); }).find("lfsr.seed = 0") != std::string::npos);
  CHECK(message_of([] { FibonacciLfsr(8, 256, {7, 2, 1, 0}); }).find("lfsr.seed = 256") != std::string::npos);
  CHECK(message_of([] { FibonacciLfsr(2, 1, {}); }).find("lfsr.bits = 2") != std::string::npos);
  CHECK(message_of([] { FibonacciLfsr(25, 1, {}); }).find("lfsr.bits = 25") != std::string::npos);
  CHECK(message_of([] { FibonacciLfsr(8, 1, {8, 0}); }).find("lfsr.taps = 8") != std::string::npos);
  CHECK(message_of([] { FibonacciLfsr(8, 1, {7, 5, 4, 3}); }).find("lfsr.taps = [7,5,4,3]") != std::string::npos);
  CHECK_NOTHROW(FibonacciLfsr(8, 255, {7, 2, 1, 0}));
  CHECK_NOTHROW(FibonacciLfsr(24, (1u << 24) - 1, {}));
}
