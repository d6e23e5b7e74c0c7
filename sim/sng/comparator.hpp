// The comparator stochastic number generator: one p-bit magnitude comparator between an RNG and a binary
// boundary b emits bit(t) = [r(t) < b] each cycle. Strict `<` (the reference's tables compute v > r,
// REFERENCE.md §4.3): boundary 0 gives all zeros, boundary 2^p all ones, and over a full period of a
// permutation source (Sobol, ramp) exactly b ones.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

namespace scmp::sim {

// Contract: pure combinational function of the RNG value and the boundary of the same cycle; no state.
constexpr bool comparator_bit(std::uint32_t rng_value, std::uint32_t boundary) { return rng_value < boundary; }

// Number of ones the comparator emits over a stream of RNG values (the count a bitstream's popcount sees).
template <class T>
constexpr std::uint32_t comparator_count(std::span<const T> rng_values, std::uint32_t boundary) {
  std::uint32_t ones = 0;
  for (const T r : rng_values) ones += comparator_bit(static_cast<std::uint32_t>(r), boundary) ? 1u : 0u;
  return ones;
}

}  // namespace scmp::sim
