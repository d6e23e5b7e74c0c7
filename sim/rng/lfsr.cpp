// Right-shifting Fibonacci LFSR (REFERENCE.md §2.1).
#include "sim/rng/lfsr.hpp"

#include <bit>

#include "sim/base/error.hpp"
#include "sim/rng/lfsr_taps.hpp"

namespace scmp::sim {

FibonacciLfsr::FibonacciLfsr(int bits, std::uint64_t seed, std::vector<int> taps, bool require_maximal)
    : m_bits(bits) {
  auto checked = checked_lfsr_parameters("lfsr", bits, seed, std::move(taps), require_maximal);
  m_seed = checked.seed;
  m_taps = std::move(checked.taps);
  m_period = checked.period;  // 0: not maximal, period not computed
  for (int t : m_taps) m_tap_mask |= std::uint32_t{1} << t;
  m_reg = m_seed;
}

std::uint32_t FibonacciLfsr::next() {
  const std::uint32_t out = m_reg;
  const std::uint32_t fb = static_cast<std::uint32_t>(std::popcount(m_reg & m_tap_mask) & 1);
  m_reg = (m_reg >> 1) | (fb << (m_bits - 1));
  return out;
}

}  // namespace scmp::sim
