// Maximal-length LFSR tap sets, computed (no data file): a right-shift Fibonacci register with taps T obeys
// x_{k+n} = XOR_{t∈T} x_{k+t}, characteristic polynomial z^n + Σ_{t∈T} z^t; it is maximal iff that
// polynomial is primitive over GF(2).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace scmp::sim {

// True iff the tap set gives period 2^bits − 1 (bits 2..32).
bool is_maximal_taps(int bits, const std::vector<int>& taps);

// Maximal tap sets in the reference's search order (§3.5: tap counts 2, 4, 6, …; combinations of
// {0..n−2} in lexicographic order plus n−1; each list sorted descending). At most `limit` sets.
std::vector<std::vector<int>> maximal_taps(int bits, int limit);

// The first set of maximal_taps(bits) — the reference's "default taps" ([7,2,1,0] at 8 bits).
std::vector<int> first_maximal_taps(int bits);

// The checked parameters of an LFSR (either form): seed in 1..2^bits − 1, taps within the register, sorted
// descending without repeats (empty = first maximal set), and the period (2^bits − 1, or 0 = not maximal).
struct LfsrParameters {
  std::uint32_t seed = 1;
  std::vector<int> taps;
  std::uint64_t period = 0;
};

// Validates for the RNG kind `kind` ("lfsr", "lfsr_galois"); errors name "<kind>.bits|seed|taps".
LfsrParameters checked_lfsr_parameters(const std::string& kind, int bits, std::uint64_t seed, std::vector<int> taps,
                                       bool require_maximal);

}  // namespace scmp::sim
