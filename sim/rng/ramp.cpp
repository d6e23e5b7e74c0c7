// Ramp source: a wrapping p-bit up-counter.
#include "sim/rng/ramp.hpp"

#include "sim/base/error.hpp"

namespace scmp::sim {

RampRng::RampRng(int bits) : m_bits(bits) { require_range("ramp.bits", bits, 1, 16); }

std::uint32_t RampRng::next() {
  const std::uint32_t out = m_count;
  m_count = (m_count + 1) & ((std::uint32_t{1} << m_bits) - 1);
  return out;
}

}  // namespace scmp::sim
