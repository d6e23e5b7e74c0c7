// Bit permutations and per-lane XOR masks.
#include "sim/sng/scramble.hpp"

#include "sim/error.hpp"
#include "sim/rng/splitmix.hpp"

namespace scmp::sim {

MaskFamily parse_mask_family(const std::string& name) {
  if (name == "off") return MaskFamily::off;
  if (name == "counter") return MaskFamily::counter;
  if (name == "bitrev") return MaskFamily::bitrev;
  if (name == "random") return MaskFamily::random;
  throw InvalidArgument("scramble", name, "expected off, counter, bitrev or random");
}

std::string to_string(MaskFamily family) {
  switch (family) {
    case MaskFamily::off: return "off";
    case MaskFamily::counter: return "counter";
    case MaskFamily::bitrev: return "bitrev";
    case MaskFamily::random: return "random";
  }
  return "?";
}

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

}  // namespace scmp::sim
