// Up/down counter: range checks that turn a silent hardware wrap into a ModelError.
#include "sim/units/up_down_counter.hpp"

#include "sim/base/error.hpp"

namespace scmp::sim {

UpDownCounter::UpDownCounter(std::string name, int width, bool is_signed) : m_name(std::move(name)), m_width(width) {
  require_range(m_name + ".width", width, 1, 63);
  m_min = is_signed ? -(std::int64_t{1} << (width - 1)) : 0;
  m_max = is_signed ? (std::int64_t{1} << (width - 1)) - 1 : (std::int64_t{1} << width) - 1;
}

void UpDownCounter::step(int dir) {
  const std::int64_t next = m_value + dir;
  if (next > m_max || next < m_min) {
    throw ModelError("counter " + m_name + " (" + std::to_string(m_width) + " bits) overflowed: " +
                     std::to_string(m_value) + (dir > 0 ? " + 1" : " - 1") + " leaves [" + std::to_string(m_min) +
                     ", " + std::to_string(m_max) + "]");
  }
  m_value = next;
}

int unsigned_width_for(std::int64_t n) {
  int w = 1;
  while (w < 63 && (std::int64_t{1} << w) - 1 < n) ++w;
  return w;
}

int signed_width_for(std::int64_t n) { return unsigned_width_for(n) + 1; }

}  // namespace scmp::sim
