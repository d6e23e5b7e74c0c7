// Accumulator: range checks that turn a silent hardware wrap into a ModelError.
#include "sim/units/accumulator.hpp"

#include "sim/base/error.hpp"

namespace scmp::sim {

Accumulator::Accumulator(std::string name, int width) : m_name(std::move(name)), m_width(width) {
  require_range(m_name + ".width", width, 1, 63);
  m_min = -(std::int64_t{1} << (width - 1));
  m_max = (std::int64_t{1} << (width - 1)) - 1;
}

void Accumulator::add(std::int64_t x) {
  const std::int64_t next = m_value + x;  // |x|, |value| < 2^62: no host overflow
  if (next > m_max || next < m_min) {
    throw ModelError("accumulator " + m_name + " (" + std::to_string(m_width) + " bits) overflowed: " +
                     std::to_string(m_value) + " + " + std::to_string(x) + " leaves [" + std::to_string(m_min) +
                     ", " + std::to_string(m_max) + "]");
  }
  m_value = next;
}

}  // namespace scmp::sim
