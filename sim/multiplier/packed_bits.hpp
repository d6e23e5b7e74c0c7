// Helpers of the designs' closed forms: packed words (64 cycles per word; bits past L are 0) and activity.
#pragma once
#include <bit>
#include <cstdint>

#include "sim/multiplier/multiplier.hpp"

namespace scmp::sim::detail {

// Bits t < k of word w of a thermometer code: the enable signal en(t) = [t < k].
inline std::uint64_t thermometer_word(int k, int w) {
  const int lo = 64 * w;
  if (k >= lo + 64) return ~std::uint64_t{0};
  if (k <= lo) return 0;
  return (std::uint64_t{1} << (k - lo)) - 1;
}

inline int popcount_words(const std::uint64_t* x, int words) {
  int c = 0;
  for (int w = 0; w < words; ++w) c += std::popcount(x[w]);
  return c;
}

// The count of the designs whose a side enters through k_a (enable, thermometer): b's first k_a bits.
inline std::int64_t thermometer_count(const std::uint64_t* a, const std::uint64_t* b, int words) {
  const int k_a = popcount_words(a, words);
  int c = 0;
  for (int w = 0; w < words; ++w) c += std::popcount(thermometer_word(k_a, w) & b[w]);
  return c;
}

// Activity of a lane whose two comparators and RNGs run every cycle (thermometer, and, xnor).
inline LaneActivity two_stream_activity(std::int64_t k_a, std::int64_t k_b, int stoc_len, std::int64_t gate_ones,
                                        std::int64_t counter_increments) {
  LaneActivity act;
  act.gate_evals = stoc_len;
  act.rng_steps = act.comparator_evals = 2 * static_cast<std::int64_t>(stoc_len);
  act.comparator_ones = k_a + k_b;
  act.gate_ones = gate_ones;
  act.counter_increments = counter_increments;
  return act;
}

}  // namespace scmp::sim::detail
