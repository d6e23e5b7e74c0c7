// Right-shifting Fibonacci LFSR (REFERENCE.md §2.1).
#include "sim/rng/lfsr.hpp"

#include <algorithm>
#include <bit>

#include "sim/error.hpp"
#include "sim/rng/lfsr_taps.hpp"

namespace scmp::sim {

FibonacciLfsr::FibonacciLfsr(int bits, std::uint64_t seed, std::vector<int> taps, bool require_maximal)
    : m_bits(bits), m_taps(std::move(taps)) {
  require_range("lfsr.bits", bits, 3, 24);
  if (seed == 0) throw InvalidArgument("lfsr.seed", "0", "expected a non-zero initial state");
  require_range<std::uint64_t>("lfsr.seed", seed, 1, (std::uint64_t{1} << bits) - 1);
  m_seed = static_cast<std::uint32_t>(seed);
  if (m_taps.empty()) m_taps = first_maximal_taps(bits);
  for (int t : m_taps) require_range("lfsr.taps", t, 0, bits - 1);
  std::sort(m_taps.begin(), m_taps.end(), std::greater<>());
  m_taps.erase(std::unique(m_taps.begin(), m_taps.end()), m_taps.end());
  for (int t : m_taps) m_tap_mask |= std::uint32_t{1} << t;
  const bool maximal = is_maximal_taps(bits, m_taps);
  if (require_maximal && !maximal) {
    std::string txt;
    for (int t : m_taps) {
      txt += txt.empty() ? '[' : ',';
      txt += std::to_string(t);
    }
    throw InvalidArgument("lfsr.taps", txt + "]",
                          "not a maximal-length tap set for " + std::to_string(bits) +
                              " bits (right-shift form needs bit 0 and bit n-1 and a primitive polynomial)");
  }
  m_period = maximal ? (std::uint64_t{1} << bits) - 1 : 0;  // 0: not maximal, period not computed
  m_reg = m_seed;
}

std::uint32_t FibonacciLfsr::next() {
  const std::uint32_t out = m_reg;
  const std::uint32_t fb = static_cast<std::uint32_t>(std::popcount(m_reg & m_tap_mask) & 1);
  m_reg = (m_reg >> 1) | (fb << (m_bits - 1));
  return out;
}

}  // namespace scmp::sim
