// Up/down counter of a declared width: the per-lane integrator of product bits (sign-magnitude bipolar).
#pragma once
#include <cstdint>
#include <string>

namespace scmp::sim {

// Contract:
// - A two's-complement register of `width` bits (signed: [−2^(w−1), 2^(w−1)−1]) or an unsigned one
//   ([0, 2^w − 1]); width 1..63. Starts at 0 after construction and reset().
// - step(dir) is one clock edge: dir = +1 counts up, −1 down, 0 holds.
// - Leaving the range throws ModelError naming the counter and its width; the hardware would wrap silently,
//   the model refuses to (a wrong count must never look like a result).
class UpDownCounter {
 public:
  UpDownCounter(std::string name, int width, bool is_signed = true);
  void reset() { m_value = 0; }
  void step(int dir);
  void up() { step(+1); }
  void down() { step(-1); }
  std::int64_t value() const { return m_value; }
  int width() const { return m_width; }
  std::int64_t min() const { return m_min; }
  std::int64_t max() const { return m_max; }
  const std::string& name() const { return m_name; }

 private:
  std::string m_name;
  int m_width;
  std::int64_t m_min;
  std::int64_t m_max;
  std::int64_t m_value = 0;
};

// Bits a signed counter needs to hold any value in [−n, n].
int signed_width_for(std::int64_t n);
// Bits an unsigned counter needs to hold any value in [0, n].
int unsigned_width_for(std::int64_t n);

}  // namespace scmp::sim
