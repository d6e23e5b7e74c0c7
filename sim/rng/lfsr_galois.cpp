// Right-shifting Galois LFSR with the Fibonacci tap sets mapped to a toggle mask.
#include "sim/rng/lfsr_galois.hpp"

#include <algorithm>
#include <functional>

#include "sim/error.hpp"
#include "sim/rng/lfsr_taps.hpp"

namespace scmp::sim {

GaloisLfsr::GaloisLfsr(int bits, std::uint64_t seed, std::vector<int> taps, bool require_maximal)
    : m_bits(bits), m_taps(std::move(taps)) {
  require_range("lfsr_galois.bits", bits, 3, 24);
  if (seed == 0) throw InvalidArgument("lfsr_galois.seed", "0", "expected a non-zero initial state");
  require_range<std::uint64_t>("lfsr_galois.seed", seed, 1, (std::uint64_t{1} << bits) - 1);
  m_seed = static_cast<std::uint32_t>(seed);
  if (m_taps.empty()) m_taps = first_maximal_taps(bits);
  for (int t : m_taps) require_range("lfsr_galois.taps", t, 0, bits - 1);
  std::sort(m_taps.begin(), m_taps.end(), std::greater<>());
  m_taps.erase(std::unique(m_taps.begin(), m_taps.end()), m_taps.end());
  for (int t : m_taps) m_toggle |= std::uint32_t{1} << (bits - 1 - t);
  const bool maximal = is_maximal_taps(bits, m_taps);
  if (require_maximal && !maximal) {
    std::string txt;
    for (int t : m_taps) {
      txt += txt.empty() ? '[' : ',';
      txt += std::to_string(t);
    }
    throw InvalidArgument("lfsr_galois.taps", txt + "]",
                          "not a maximal-length tap set for " + std::to_string(bits) +
                              " bits (needs bit 0 and bit n-1 and a primitive polynomial)");
  }
  m_period = maximal ? (std::uint64_t{1} << bits) - 1 : 0;
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
