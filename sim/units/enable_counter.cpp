// Enable down-counter: load-time range check.
#include "sim/units/enable_counter.hpp"

#include "sim/base/error.hpp"

namespace scmp::sim {

EnableDownCounter::EnableDownCounter(std::string name, int width) : m_name(std::move(name)), m_width(width) {
  require_range(m_name + ".width", width, 1, 62);
}

void EnableDownCounter::load(std::int64_t k) {
  const std::int64_t max = (std::int64_t{1} << m_width) - 1;
  if (k < 0 || k > max) {
    throw ModelError("enable counter " + m_name + " (" + std::to_string(m_width) + " bits) cannot hold " +
                     std::to_string(k) + ": expected 0.." + std::to_string(max));
  }
  m_value = k;
}

}  // namespace scmp::sim
