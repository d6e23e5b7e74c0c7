// Design (c): classic unipolar AND of two comparator streams driven by independent RNGs.
#include <bit>

#include "sim/multiplier/design.hpp"
#include "sim/multiplier/packed_bits.hpp"
#include "sim/multiplier/two_stream_lane.hpp"
#include "sim/units/gates.hpp"

namespace scmp::sim {
namespace {

// c = #{t<L : ra[t] < ba && rb[t] < bb}
std::int64_t lane_count(const std::uint16_t* ra, const std::uint16_t* rb, int stoc_len, int ba, int bb) {
  std::int64_t c = 0;
  for (int t = 0; t < stoc_len; ++t) c += (ra[t] < ba) && (rb[t] < bb);
  return c;
}

std::int64_t packed_count(const std::uint64_t* a, const std::uint64_t* b, int words, int) {
  int c = 0;
  for (int w = 0; w < words; ++w) c += std::popcount(a[w] & b[w]);
  return c;
}

LaneActivity activity(std::int64_t k_a, std::int64_t k_b, int stoc_len, std::int64_t unsigned_count, int sign) {
  return detail::two_stream_activity(k_a, k_b, stoc_len, unsigned_count, sign != 0 ? unsigned_count : 0);
}

}  // namespace

extern const MultiplierDesign k_and_design = {
    .id = Multiplier::and_gate,
    .lane_count = lane_count, .packed_count = packed_count, .activity = activity,
    .make_unit = detail::make_unit<detail::TwoStreamLane<and_gate>>};

}  // namespace scmp::sim
