// Signed binary accumulator of a declared width: sums lane results into one output S.
#pragma once
#include <cstdint>
#include <string>

namespace scmp::sim {

// Contract:
// - A two's-complement register of `width` bits (1..63), 0 after construction and reset().
// - add(x) is one clock edge; a sum outside [−2^(w−1), 2^(w−1)−1] throws ModelError naming the accumulator
//   and its width (never a silent wrap).
class Accumulator {
 public:
  Accumulator(std::string name, int width);
  void reset() { m_value = 0; }
  void add(std::int64_t x);
  std::int64_t value() const { return m_value; }
  int width() const { return m_width; }

 private:
  std::string m_name;
  int m_width;
  std::int64_t m_min;
  std::int64_t m_max;
  std::int64_t m_value = 0;
};

}  // namespace scmp::sim
