// Prefix, per-lane XOR mask and grid reduction of raw RNG sequences.
#include "sim/sng/lane_streams.hpp"

#include "sim/base/error.hpp"

namespace scmp::sim {

bool mask_applies(const StreamGeometry& g, const ScrambleOptions& s) {
  if (s.family == MaskFamily::off) return false;
  if (g.rng_levels == (1 << g.sc_prec)) return g.stoc_len < (1 << g.sc_prec);
  return s.rescale;
}

LaneStreams prepare_lane_streams(const RngConfig& config, Side side, int lanes, const StreamGeometry& geometry,
                                 const ScrambleOptions& scramble) {
  validate_geometry(geometry);
  validate_rng_config(config, lanes, geometry.sc_prec);
  const int p = geometry.sc_prec;
  const bool masked = mask_applies(geometry, scramble);
  const std::uint64_t G = static_cast<std::uint64_t>(geometry.rng_levels);
  LaneStreams out{lanes, geometry.stoc_len, geometry.rng_levels, {}};
  out.values.resize(static_cast<std::size_t>(lanes) * static_cast<std::size_t>(geometry.stoc_len));
  for (int d = 0; d < lanes; ++d) {
    const auto raw = raw_lane_sequence(config, side, d, p);
    const std::uint32_t m = masked ? lane_mask(scramble.family, d, p, scramble.seed) : 0;
    for (int t = 0; t < geometry.stoc_len; ++t) {
      const std::uint64_t r = raw[static_cast<std::size_t>(t)] ^ m;
      out.values[static_cast<std::size_t>(d) * geometry.stoc_len + t] = static_cast<std::uint16_t>((r * G) >> p);
    }
  }
  return out;
}

}  // namespace scmp::sim
