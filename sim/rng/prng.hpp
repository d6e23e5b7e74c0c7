// Seeded counter-based pseudo-random source: value(t) = low p bits of SplitMix64(seed, t). Stateless per
// cycle, so it is platform independent, needs no stepping to reach cycle t, and is the reproducible
// replacement for the reference's use of Python's global `random` (i.i.d. uniform p-bit draws).
#pragma once
#include "sim/rng/rng.hpp"

namespace scmp::sim {

class CounterPrng final : public IRng {
 public:
  CounterPrng(int bits, std::uint64_t seed);  // bits 1..16; any seed

  int bits() const override { return m_bits; }
  // The cycle counter is 64 bits wide: the stream repeats after 2^64 cycles (reported as 2^64 − 1, the
  // largest representable value).
  std::uint64_t period() const override { return ~std::uint64_t{0}; }
  void reset() override { m_index = 0; }
  std::uint32_t next() override;
  std::string kind() const override { return "prng"; }

  // Random access: the value emitted at cycle t after reset().
  std::uint32_t at(std::uint64_t t) const;

 private:
  int m_bits;
  std::uint64_t m_seed;
  std::uint64_t m_index = 0;
};

// Unbiased integer in [0, n) from the counter stream (seed, index, index+1, …), by rejection of the
// biased top values; `index` advances by the number of 64-bit draws used. For seeded shuffles and choices.
std::uint64_t prng_below(std::uint64_t seed, std::uint64_t& index, std::uint64_t n);

}  // namespace scmp::sim
