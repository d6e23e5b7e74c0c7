// Scrambles between an RNG and its comparators: bit permutations (wiring) and per-lane XOR masks
// ("Owen-style" digital shifts, REFERENCE.md §3.1, §4.2).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/base/registry.hpp"

namespace scmp::sim {

// Per-lane XOR mask family. off: none; counter: m(d) = d mod 2^p; bitrev: p-bit reversal of d mod 2^p;
// random: a seeded pseudo-random mask per lane (this project's, platform independent — not the reference's
// PyTorch-generator masks).
enum class MaskFamily { off, counter, bitrev, random };

// Configuration names (hardware.scramble), in listing order.
const NameTable<MaskFamily>& mask_family_table();
MaskFamily parse_mask_family(const std::string& name);  // throws InvalidArgument("scramble", name, "expected one of …")
std::string to_string(MaskFamily family);

struct ScrambleOptions {
  MaskFamily family = MaskFamily::bitrev;
  bool rescale = true;       // apply the mask on the reduced-grid (G ≠ 2^p) path too (reference default)
  std::uint64_t seed = 0;    // random family only
  bool operator==(const ScrambleOptions&) const = default;
};

std::uint32_t bit_reverse(std::uint32_t value, int bits);
// Output bit i = input bit perm[i]; input bits not listed are dropped; output bits ≥ perm.size() are 0.
std::uint32_t permute_bits(std::uint32_t value, const std::vector<int>& perm);
// The mask of lane d for a family (values in [0, 2^bits)).
std::uint32_t lane_mask(MaskFamily family, int lane, int bits, std::uint64_t seed);

// The reference's reverse_permutation(n) = [n−1, …, 0]: permute_bits with it is bit_reverse(·, n).
std::vector<int> reverse_permutation(int bits);
// A seeded uniformly random permutation of 0..bits−1 (Fisher–Yates over the counter PRNG, prng.hpp): the
// reproducible replacement for the reference's unseeded generate_random_permutation(n).
std::vector<int> random_permutation(int bits, std::uint64_t seed);
// Throws InvalidArgument(field, …) unless perm has at most `bits` entries, each in 0..bits−1, no repeats.
void validate_permutation(const std::string& field, const std::vector<int>& perm, int bits);

}  // namespace scmp::sim
