// Counter-based SplitMix64 source and an unbiased bounded draw.
#include "sim/rng/prng.hpp"

#include "sim/base/error.hpp"
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
  // Reject the top 2^64 mod n values so that every residue is equally likely.
  const std::uint64_t excess = (0 - n) % n;  // 2^64 mod n
  for (;;) {
    const std::uint64_t x = splitmix64_at(seed, index++);
    if (x <= ~std::uint64_t{0} - excess) return x % n;
  }
}

}  // namespace scmp::sim
