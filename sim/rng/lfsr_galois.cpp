// Right-shifting Galois LFSR with the Fibonacci tap sets mapped to a toggle mask.
#include "sim/rng/lfsr_galois.hpp"

namespace scmp::sim {

GaloisLfsr::GaloisLfsr(int bits, std::uint64_t seed, std::vector<int> taps, bool require_maximal)
    : LfsrBase("lfsr_galois", bits, seed, std::move(taps), require_maximal) {
  for (int t : m_taps) m_toggle |= std::uint32_t{1} << (bits - 1 - t);
}

std::uint32_t GaloisLfsr::next() {
  const std::uint32_t out = m_reg;
  const std::uint32_t lsb = m_reg & 1u;
  m_reg >>= 1;
  if (lsb != 0) m_reg ^= m_toggle;
  return out;
}

}  // namespace scmp::sim
