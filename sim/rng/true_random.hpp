// CPython's `random` module, reproduced bit for bit (REFERENCE.md §2.3): what the reference's TrueRandom
// generator emits. MT19937 seeded by init_by_array over the 32-bit little-endian words of |seed| (one word 0
// for seed 0), and randint(0, 2^p − 1) = getrandbits(p + 1) with rejection: draw u = genrand_uint32(),
// accept u >> (31 − p) when u's top bit is 0, else draw again.
#pragma once
#include <array>

#include "sim/rng/rng.hpp"

namespace scmp::sim {

// The Mersenne Twister MT19937 with CPython's seeding (not std::seed_seq, so std::mt19937 cannot be used).
class Mt19937 {
 public:
  explicit Mt19937(std::uint64_t seed) { seed_python(seed); }
  void seed_python(std::uint64_t seed);  // random.seed(seed) for a non-negative int
  std::uint32_t next_u32();              // genrand_uint32

 private:
  void init_genrand(std::uint32_t s);
  void init_by_array(const std::uint32_t* key, int length);
  std::array<std::uint32_t, 624> m_mt{};
  int m_mti = 625;
};

class TrueRandomRng final : public IRng {
 public:
  TrueRandomRng(int bits, std::uint64_t seed);  // bits 1..16; seed = |Python seed|

  int bits() const override { return m_bits; }
  // MT19937's period (2^19937 − 1) does not fit: reported as 2^64 − 1.
  std::uint64_t period() const override { return ~std::uint64_t{0}; }
  void reset() override { m_mt.seed_python(m_seed); }
  std::uint32_t next() override;  // random.randint(0, 2^bits − 1)
  std::string kind() const override { return "true_random"; }

 private:
  int m_bits;
  std::uint64_t m_seed;
  Mt19937 m_mt;
};

}  // namespace scmp::sim
