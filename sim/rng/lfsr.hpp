// Fibonacci LFSR in the reference's right-shifting form (REFERENCE.md §2.1): emit reg, then
// fb = XOR of reg's tap bits, reg = (reg >> 1) | (fb << (n−1)). Maximal tap sets must include bit 0 and n−1.
#pragma once
#include "sim/rng/rng.hpp"

namespace scmp::sim {

class FibonacciLfsr final : public IRng {
 public:
  // taps: bit positions (0 = LSB). require_maximal: reject tap sets whose period is not 2^n − 1.
  FibonacciLfsr(int bits, std::uint64_t seed, std::vector<int> taps, bool require_maximal = true);

  int bits() const override { return m_bits; }
  // 2^n − 1 for a maximal tap set; 0 when the set is not maximal (period not computed).
  std::uint64_t period() const override { return m_period; }
  void reset() override { m_reg = m_seed; }
  std::uint32_t next() override;
  std::string kind() const override { return "lfsr"; }
  const std::vector<int>& taps() const { return m_taps; }

 private:
  int m_bits;
  std::uint32_t m_seed;
  std::vector<int> m_taps;
  std::uint32_t m_tap_mask = 0;
  std::uint32_t m_reg = 0;
  std::uint64_t m_period = 0;
};

}  // namespace scmp::sim
