// Galois (internal-XOR) LFSR, right-shifting: emit reg, then out = bit 0, reg >>= 1, and if out was 1
// reg ^= toggle mask. It accepts the same tap sets as the Fibonacci form (lfsr.hpp) with this mapping:
//   toggle mask bit (n−1−t) is set for every Fibonacci tap t  (mask = bit_reverse_n(Fibonacci tap mask)).
// Why: the transition matrix of this register is a companion matrix whose characteristic polynomial is
// z^n + Σ_i mask_i z^(n−1−i) = z^n + Σ_{t∈taps} z^t, the Fibonacci register's polynomial. So a tap set is
// maximal in one form iff it is maximal in the other, and the bit-0 output streams of both registers are
// cyclic shifts of the same m-sequence. The register *values* differ (one XOR level per cycle, no XOR tree).
#pragma once
#include "sim/rng/lfsr_base.hpp"

namespace scmp::sim {

class GaloisLfsr final : public detail::LfsrBase {
 public:
  // taps: Fibonacci tap positions (0 = LSB; empty = first maximal set); seed: initial state, 1..2^n − 1.
  // require_maximal: reject tap sets whose period is not 2^n − 1. bits 3..24.
  GaloisLfsr(int bits, std::uint64_t seed, std::vector<int> taps, bool require_maximal = true);

  std::uint32_t next() override;
  std::uint32_t toggle_mask() const { return m_toggle; }

 private:
  std::uint32_t m_toggle = 0;
};

}  // namespace scmp::sim
