// The prepared per-lane RNG values that the comparators of one operand side see (REFERENCE.md §4.2):
// prefix of L cycles, per-lane XOR mask, reduction to the enable grid of G levels.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/base/stream_geometry.hpp"
#include "sim/sng/rng_config.hpp"
#include "sim/sng/scramble.hpp"

namespace scmp::sim {

// r'[lane][t] ∈ [0, G) for t < L.
struct LaneStreams {
  int lanes = 0;
  int stoc_len = 0;
  int rng_levels = 0;
  std::vector<std::uint16_t> values;  // lanes × stoc_len, row-major
  std::uint16_t at(int lane, int t) const {
    return values[static_cast<std::size_t>(lane) * static_cast<std::size_t>(stoc_len) + static_cast<std::size_t>(t)];
  }
  const std::uint16_t* lane(int l) const { return values.data() + static_cast<std::size_t>(l) * stoc_len; }
};

// The reference rule: with G = 2^p the mask is applied only to a true prefix (L < 2^p); with G ≠ 2^p it is
// applied whenever scramble.rescale is on, then r' = floor(r·G / 2^p).
bool mask_applies(const StreamGeometry& g, const ScrambleOptions& s);

LaneStreams prepare_lane_streams(const RngConfig& config, Side side, int lanes, const StreamGeometry& geometry,
                                 const ScrambleOptions& scramble);

}  // namespace scmp::sim
