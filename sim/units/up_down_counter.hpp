// Up/down counter of a declared width: the per-lane integrator of product bits (sign-magnitude bipolar).
#pragma once
#include <cstdint>
#include <string>

#include "sim/units/checked_register.hpp"

namespace scmp::sim {

// Contract:
// - A two's-complement register of `width` bits (signed: [−2^(w−1), 2^(w−1)−1]) or an unsigned one
//   ([0, 2^w − 1]); width 1..63. Starts at 0 after construction and reset().
// - step(dir) is one clock edge: dir = +1 counts up, −1 down, 0 holds.
// - Leaving the range throws ModelError naming the counter and its width; the hardware would wrap silently,
//   the model refuses to (a wrong count must never look like a result).
class UpDownCounter : public CheckedRegister {
 public:
  UpDownCounter(std::string name, int width, bool is_signed = true)
      : CheckedRegister("counter", std::move(name), width, is_signed) {}
  void step(int dir) {
    if (!advance(dir)) overflow(dir > 0 ? " + 1" : " - 1");
  }
  void up() { step(+1); }
  void down() { step(-1); }
};

// Bits a signed counter needs to hold any value in [−n, n].
int signed_width_for(std::int64_t n);
// Bits an unsigned counter needs to hold any value in [0, n].
int unsigned_width_for(std::int64_t n);

}  // namespace scmp::sim
