// Conditional SNG: a comparator SNG whose RNG index advances only on enabled cycles (UnarySim FSUMul's
// second operand).
#pragma once
#include <cstdint>
#include <string>

#include "sim/units/comparator_sng.hpp"

namespace scmp::sim {

// Contract:
// - Reads its own RNG sequence r[0..length) (index register j, starting at 0) and a boundary b.
// - tick(enable): when enable = 1 it emits [r[j] < b] and then j ← j + 1; when enable = 0 it emits 0 and j
//   holds. So after k enabled cycles it has consumed exactly r[0..k).
// - Stepping past the end of the sequence throws ModelError (the design never needs more than `length`).
class ConditionalSng {
 public:
  ConditionalSng() = default;
  ConditionalSng(const std::uint16_t* sequence, int length, std::uint32_t boundary)
      : m_sequence(sequence), m_length(length), m_cmp(boundary) {}
  void reset() { m_index = 0; }
  bool tick(bool enable);
  int index() const { return m_index; }

 private:
  const std::uint16_t* m_sequence = nullptr;
  int m_length = 0;
  ComparatorSng m_cmp;
  int m_index = 0;
};

}  // namespace scmp::sim
