// Counter-based SplitMix64 source and an unbiased bounded draw.
#include "sim/rng/prng.hpp"

#include "sim/error.hpp"
#include "sim/rng/splitmix.hpp"

namespace scmp::sim {

CounterPrng::CounterPrng(int bits, std::uint64_t seed) : m_bits(bits), m_seed(seed) {
  require_range("prng.bits", bits, 1, 16);
}

std::uint32_t CounterPrng::at(std::uint64_t t) const {
  return static_cast<std::uint32_t>(splitmix64_at(m_seed, t)) & ((std::uint32_t{1} << m_bits) - 1);
}

std::uint32_t CounterPrng::next() { return at(m_index++); }

std::uint64_t prng_below(std::uint64_t seed, std::uint64_t& index, std::uint64_t n) {
  if (n == 0) throw InvalidArgument("prng_below.n", "0", "expected a non-empty range");
  // 128-bit product: the high word is uniform in [0, n) once the low word clears the bias threshold.
  const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
  for (;;) {
    const unsigned __int128 m = static_cast<unsigned __int128>(splitmix64_at(seed, index++)) * n;
    if (static_cast<std::uint64_t>(m) >= threshold) return static_cast<std::uint64_t>(m >> 64);
  }
}

}  // namespace scmp::sim
