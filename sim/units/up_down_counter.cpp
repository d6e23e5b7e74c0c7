// Up/down counter: the widths a count needs (the counter itself is a CheckedRegister, checked_register.hpp).
#include "sim/units/up_down_counter.hpp"

namespace scmp::sim {

int unsigned_width_for(std::int64_t n) {
  int w = 1;
  while (w < 63 && (std::int64_t{1} << w) - 1 < n) ++w;
  return w;
}

int signed_width_for(std::int64_t n) { return unsigned_width_for(n) + 1; }

}  // namespace scmp::sim
