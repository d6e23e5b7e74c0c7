// Bit permutations and per-lane XOR masks.
#include "sim/sng/scramble.hpp"

#include <algorithm>
#include <numeric>

#include "sim/base/error.hpp"
#include "sim/rng/prng.hpp"
#include "sim/rng/splitmix.hpp"

namespace scmp::sim {

const NameTable<MaskFamily>& mask_family_table() {
  static const NameTable<MaskFamily> table(
      "scramble", {
                      {MaskFamily::off, "off", "no mask: every lane sees the same stream"},
                      {MaskFamily::counter, "counter", "lane d XORs d mod 2^p"},
                      {MaskFamily::bitrev, "bitrev", "lane d XORs the p-bit reversal of d mod 2^p"},
                      {MaskFamily::random, "random", "a seeded pseudo-random mask per lane (scramble seed)"},
                  });
  return table;
}

MaskFamily parse_mask_family(const std::string& name) { return mask_family_table().parse(name); }
std::string to_string(MaskFamily family) { return mask_family_table().name(family); }

std::uint32_t bit_reverse(std::uint32_t value, int bits) {
  std::uint32_t r = 0;
  for (int i = 0; i < bits; ++i) r |= ((value >> i) & 1u) << (bits - 1 - i);
  return r;
}

std::uint32_t permute_bits(std::uint32_t value, const std::vector<int>& perm) {
  std::uint32_t r = 0;
  for (std::size_t i = 0; i < perm.size(); ++i) r |= ((value >> perm[i]) & 1u) << i;
  return r;
}

std::uint32_t lane_mask(MaskFamily family, int lane, int bits, std::uint64_t seed) {
  const std::uint32_t full = (std::uint32_t{1} << bits) - 1;
  const std::uint32_t d = static_cast<std::uint32_t>(lane) & full;
  switch (family) {
    case MaskFamily::off: return 0;
    case MaskFamily::counter: return d;
    case MaskFamily::bitrev: return bit_reverse(d, bits);
    case MaskFamily::random:
      return static_cast<std::uint32_t>(splitmix64_at(seed, static_cast<std::uint64_t>(lane))) & full;
  }
  return 0;
}

std::vector<int> reverse_permutation(int bits) {
  std::vector<int> perm(static_cast<std::size_t>(bits));
  for (int i = 0; i < bits; ++i) perm[static_cast<std::size_t>(i)] = bits - 1 - i;
  return perm;
}

std::vector<int> random_permutation(int bits, std::uint64_t seed) {
  require_range("permutation.bits", bits, 1, 32);
  std::vector<int> perm(static_cast<std::size_t>(bits));
  std::iota(perm.begin(), perm.end(), 0);
  std::uint64_t index = 0;
  for (int i = bits - 1; i > 0; --i) {
    const auto j = prng_below(seed, index, static_cast<std::uint64_t>(i) + 1);
    std::swap(perm[static_cast<std::size_t>(i)], perm[static_cast<std::size_t>(j)]);
  }
  return perm;
}

void validate_permutation(const std::string& field, const std::vector<int>& perm, int bits) {
  std::string txt;
  for (int b : perm) {
    txt += txt.empty() ? '[' : ',';
    txt += std::to_string(b);
  }
  txt = txt.empty() ? "[]" : txt + "]";
  if (static_cast<int>(perm.size()) > bits) {
    throw InvalidArgument(field, txt, "expected at most " + std::to_string(bits) + " bit positions");
  }
  std::vector<bool> seen(static_cast<std::size_t>(bits), false);
  for (int b : perm) {
    if (b < 0 || b >= bits) {
      throw InvalidArgument(field, txt, "expected bit positions in 0.." + std::to_string(bits - 1) + ", got " + std::to_string(b));
    }
    if (seen[static_cast<std::size_t>(b)]) {
      throw InvalidArgument(field, txt, "expected distinct bit positions, got " + std::to_string(b) + " twice");
    }
    seen[static_cast<std::size_t>(b)] = true;
  }
}

}  // namespace scmp::sim
