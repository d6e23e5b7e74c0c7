// Fibonacci LFSR in the reference's right-shifting form (REFERENCE.md §2.1): emit reg, then
// fb = XOR of reg's tap bits, reg = (reg >> 1) | (fb << (n−1)). Maximal tap sets must include bit 0 and n−1.
#pragma once
#include "sim/rng/lfsr_base.hpp"

namespace scmp::sim {

class FibonacciLfsr final : public detail::LfsrBase {
 public:
  // taps: bit positions (0 = LSB). require_maximal: reject tap sets whose period is not 2^n − 1.
  FibonacciLfsr(int bits, std::uint64_t seed, std::vector<int> taps, bool require_maximal = true);

  std::uint32_t next() override;

 private:
  std::uint32_t m_tap_mask = 0;
};

}  // namespace scmp::sim
