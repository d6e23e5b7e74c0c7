// A binary register of a declared width that may never leave its range: the shared part of the up/down counter
// and the accumulator, which turn a silent hardware wrap into a ModelError.
#pragma once
#include <cstdint>
#include <string>

namespace scmp::sim {

// Contract:
// - A two's-complement register of `width` bits (signed: [−2^(w−1), 2^(w−1)−1]) or an unsigned one
//   ([0, 2^w − 1]); width 1..63 (else InvalidArgument "<name>.width"). 0 after construction and reset().
// - advance(delta) is one clock edge; it returns false, leaving the value, where value + delta leaves the range
//   (|delta|, |value| < 2^62: no host overflow), and the unit then calls overflow(), which throws ModelError
//   "<kind> <name> (<w> bits) overflowed: <value><op_text> leaves [<min>, <max>]".
class CheckedRegister {
 public:
  void reset() { m_value = 0; }
  std::int64_t value() const { return m_value; }
  int width() const { return m_width; }
  std::int64_t min() const { return m_min; }
  std::int64_t max() const { return m_max; }
  const std::string& name() const { return m_name; }

 protected:
  CheckedRegister(const char* kind, std::string name, int width, bool is_signed);
  bool advance(std::int64_t delta) {
    const std::int64_t next = m_value + delta;
    if (next > m_max || next < m_min) return false;
    m_value = next;
    return true;
  }
  [[noreturn]] void overflow(const std::string& op_text) const;

 private:
  const char* m_kind;
  std::string m_name;
  int m_width;
  std::int64_t m_min;
  std::int64_t m_max;
  std::int64_t m_value = 0;
};

}  // namespace scmp::sim
