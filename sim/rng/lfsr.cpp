// Right-shifting Fibonacci LFSR (REFERENCE.md §2.1).
#include "sim/rng/lfsr.hpp"

#include <bit>

namespace scmp::sim {

FibonacciLfsr::FibonacciLfsr(int bits, std::uint64_t seed, std::vector<int> taps, bool require_maximal)
    : LfsrBase("lfsr", bits, seed, std::move(taps), require_maximal) {
  for (int t : m_taps) m_tap_mask |= std::uint32_t{1} << t;
}

std::uint32_t FibonacciLfsr::next() {
  const std::uint32_t out = m_reg;
  const std::uint32_t fb = static_cast<std::uint32_t>(std::popcount(m_reg & m_tap_mask) & 1);
  m_reg = (m_reg >> 1) | (fb << (m_bits - 1));
  return out;
}

}  // namespace scmp::sim
