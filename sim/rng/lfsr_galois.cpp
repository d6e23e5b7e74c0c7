// Right-shifting Galois LFSR with the Fibonacci tap sets mapped to a toggle mask.
#include "sim/rng/lfsr_galois.hpp"


#include "sim/base/error.hpp"
#include "sim/rng/lfsr_taps.hpp"

namespace scmp::sim {

GaloisLfsr::GaloisLfsr(int bits, std::uint64_t seed, std::vector<int> taps, bool require_maximal)
    : m_bits(bits) {
  auto checked = checked_lfsr_parameters("lfsr_galois", bits, seed, std::move(taps), require_maximal);
  m_seed = checked.seed;
  m_taps = std::move(checked.taps);
  m_period = checked.period;  // 0: not maximal, period not computed
  for (int t : m_taps) m_toggle |= std::uint32_t{1} << (bits - 1 - t);
  m_reg = m_seed;
}

std::uint32_t GaloisLfsr::next() {
  const std::uint32_t out = m_reg;
  const std::uint32_t lsb = m_reg & 1u;
  m_reg >>= 1;
  if (lsb != 0) m_reg ^= m_toggle;
  return out;
}

}  // namespace scmp::sim
