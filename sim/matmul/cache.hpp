// Process-wide cache of prepared lane streams (REFERENCE.md §4): building them steps every RNG of the config
// for 2^p cycles per lane, so repeated sc_matmul calls reuse them.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

#include "sim/sng/lane_streams.hpp"

namespace scmp::sim {

// Contract:
// - The key is the WHOLE configuration that determines the streams: the full RngConfig (pool specs, every
//   lane entry, permutations, complements), sc_prec, stoc_len, rng_levels, lanes, side and the complete
//   ScrambleOptions (family, rescale, seed). Two calls share an entry only if all of these are equal, so the
//   reference's stale-table bug (§12.1: keys missing the scramble switches) cannot happen.
// - Entries are immutable and handed out as shared_ptr: an eviction never invalidates streams in use.
// - Thread safe. Memory is bounded by stream_cache_limit() bytes (least recently used entries are evicted;
//   an entry larger than the limit is returned but not kept).
std::shared_ptr<const LaneStreams> cached_lane_streams(const RngConfig& config, Side side, int lanes,
                                                       const StreamGeometry& geometry, const ScrambleOptions& scramble);

void clear_stream_cache();
void set_stream_cache_limit(std::size_t bytes);   // default 256 MiB
std::size_t stream_cache_limit();

struct StreamCacheStats {
  std::size_t entries = 0;
  std::size_t bytes = 0;
  std::size_t hits = 0;
  std::size_t misses = 0;
  std::size_t evictions = 0;
};
StreamCacheStats stream_cache_stats();

// The exact key text (exposed for tests: equal keys ⇔ equal configurations).
std::string stream_cache_key(const RngConfig& config, Side side, int lanes, const StreamGeometry& geometry,
                             const ScrambleOptions& scramble);

}  // namespace scmp::sim
