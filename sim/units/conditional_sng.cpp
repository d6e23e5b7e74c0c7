// Conditional SNG: index register and its end-of-sequence check.
#include "sim/units/conditional_sng.hpp"

#include "sim/base/error.hpp"

namespace scmp::sim {

bool ConditionalSng::tick(bool enable) {
  if (!enable) return false;
  if (m_index >= m_length) {
    throw ModelError("conditional SNG stepped past its sequence of " + std::to_string(m_length) + " values");
  }
  return m_cmp(m_sequence[m_index++]);
}

}  // namespace scmp::sim
