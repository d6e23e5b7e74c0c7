// Enable tables: histogram + prefix sums, one lane at a time.
#include "sim/tables/enable_tables.hpp"

#include "sim/base/error.hpp"

namespace scmp::sim {

std::vector<std::int32_t> build_k_table(const LaneStreams& a) {
  const int G = a.rng_levels;
  std::vector<std::int32_t> k(static_cast<std::size_t>(a.lanes) * (G + 1), 0);
  for (int d = 0; d < a.lanes; ++d) {
    std::int32_t* row = k.data() + static_cast<std::size_t>(d) * (G + 1);
    for (int t = 0; t < a.stoc_len; ++t) {
      if (a.at(d, t) + 1 <= G) ++row[a.at(d, t) + 1];  // value r counts for every v > r
    }
    for (int v = 1; v <= G; ++v) row[v] += row[v - 1];
  }
  return k;
}

EnableTables build_enable_tables(const LaneStreams& a, const LaneStreams& b) {
  if (a.lanes != b.lanes || a.stoc_len != b.stoc_len || a.rng_levels != b.rng_levels) {
    throw InvalidArgument("streams", "a and b differ", "expected equal lanes, stoc_len and rng_levels on both sides");
  }
  EnableTables t{a.lanes, a.stoc_len, a.rng_levels, build_k_table(a), {}};
  const int G = a.rng_levels, L = a.stoc_len;
  const std::size_t width = static_cast<std::size_t>(G + 1);
  t.cum_values.assign(static_cast<std::size_t>(a.lanes) * (L + 1) * width, 0);
  for (int d = 0; d < a.lanes; ++d) {
    std::int32_t* lane = t.cum_values.data() + static_cast<std::size_t>(d) * (L + 1) * width;
    for (int k = 1; k <= L; ++k) {  // row k = row k−1 plus cycle k−1's comparator bits for every v
      const std::int32_t* prev = lane + (k - 1) * width;
      std::int32_t* row = lane + k * width;
      const int r = b.at(d, k - 1);
      for (int v = 0; v <= G; ++v) row[v] = prev[v] + (r < v);
    }
  }
  return t;
}

}  // namespace scmp::sim
