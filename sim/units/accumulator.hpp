// Signed binary accumulator of a declared width: sums lane results into one output S.
#pragma once
#include <cstdint>
#include <string>

#include "sim/units/checked_register.hpp"

namespace scmp::sim {

// Contract:
// - A two's-complement register of `width` bits (1..63), 0 after construction and reset() (CheckedRegister).
// - add(x) is one clock edge; a sum outside [−2^(w−1), 2^(w−1)−1] throws ModelError naming the accumulator
//   and its width (never a silent wrap).
class Accumulator : public CheckedRegister {
 public:
  Accumulator(std::string name, int width) : CheckedRegister("accumulator", std::move(name), width, true) {}
  void add(std::int64_t x) {
    if (!advance(x)) overflow(" + " + std::to_string(x));
  }
};

}  // namespace scmp::sim
