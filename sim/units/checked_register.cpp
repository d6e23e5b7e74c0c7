// CheckedRegister: the range of a declared width, and the ModelError of a value that would leave it.
#include "sim/units/checked_register.hpp"

#include "sim/base/error.hpp"

namespace scmp::sim {

CheckedRegister::CheckedRegister(const char* kind, std::string name, int width, bool is_signed)
    : m_kind(kind), m_name(std::move(name)), m_width(width) {
  require_range(m_name + ".width", width, 1, 63);
  m_min = is_signed ? -(std::int64_t{1} << (width - 1)) : 0;
  m_max = is_signed ? (std::int64_t{1} << (width - 1)) - 1 : (std::int64_t{1} << width) - 1;
}

void CheckedRegister::overflow(const std::string& op_text) const {
  throw ModelError(std::string(m_kind) + " " + m_name + " (" + std::to_string(m_width) + " bits) overflowed: " +
                   std::to_string(m_value) + op_text + " leaves [" + std::to_string(m_min) + ", " + std::to_string(m_max) + "]");
}

}  // namespace scmp::sim
