// Design (d): bipolar XNOR of two comparator streams ((x+1)/2 encoding); the counter counts up on a match and
// down on a mismatch, so after L cycles it holds 2·matches − L.
#include <bit>

#include "sim/multiplier/design.hpp"
#include "sim/multiplier/packed_bits.hpp"
#include "sim/multiplier/two_stream_lane.hpp"
#include "sim/units/gates.hpp"

namespace scmp::sim {
namespace {

// c = 2·#{t<L : [ra<ba] == [rb<bb]} − L
std::int64_t lane_count(const std::uint16_t* ra, const std::uint16_t* rb, int stoc_len, int ba, int bb) {
  std::int64_t c = 0;
  for (int t = 0; t < stoc_len; ++t) c += (ra[t] < ba) == (rb[t] < bb);
  return 2 * c - stoc_len;
}

// Padding bits are 0 on both sides, so they never mismatch.
std::int64_t packed_count(const std::uint64_t* a, const std::uint64_t* b, int words, int stoc_len) {
  int c = 0;
  for (int w = 0; w < words; ++w) c += std::popcount(a[w] ^ b[w]);
  return stoc_len - 2 * static_cast<std::int64_t>(c);
}

// gate_ones: the matches; the counter steps (±1) every cycle.
LaneActivity activity(std::int64_t k_a, std::int64_t k_b, int stoc_len, std::int64_t unsigned_count, int) {
  return detail::two_stream_activity(k_a, k_b, stoc_len, (unsigned_count + stoc_len) / 2, stoc_len);
}

}  // namespace

extern const MultiplierDesign k_xnor_design = {
    .id = Multiplier::xnor, .bipolar_stream = true, .packed_gate = PackedGate::xor_popc,
    .lane_count = lane_count, .packed_count = packed_count, .activity = activity,
    .make_unit = detail::make_unit<detail::TwoStreamLane<xnor_gate>>};

}  // namespace scmp::sim
