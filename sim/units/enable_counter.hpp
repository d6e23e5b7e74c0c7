// Enable down-counter: replays a popcount k as the thermometer code en(t) = [t < k].
#pragma once
#include <cstdint>
#include <string>

namespace scmp::sim {

// Contract:
// - load(k) sets the register to k (0..2^width − 1; out of range throws ModelError naming it and its width).
// - tick() is one cycle: it emits en = [value > 0], then decrements when value > 0. After load(k), the first k
//   ticks emit 1 and every later tick emits 0: en(t) = [t < k].
class EnableDownCounter {
 public:
  EnableDownCounter(std::string name, int width);
  void load(std::int64_t k);
  bool tick() {
    if (m_value == 0) return false;
    --m_value;
    return true;
  }
  std::int64_t value() const { return m_value; }
  int width() const { return m_width; }

 private:
  std::string m_name;
  int m_width;
  std::int64_t m_value = 0;
};

}  // namespace scmp::sim
