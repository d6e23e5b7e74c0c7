// The reference's lookup tables of the enable-signal multiplier (REFERENCE.md §4.3): the A-side popcount ROM
// k_table and the B-side cumulative indicator cum.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/sng/lane_streams.hpp"

namespace scmp::sim {

// Contract (exactly §4.3, strict <, no padding columns; v = 0..G, k = 0..L):
//   k_table[d][v]  = #{ t < L : ra'[d][t] < v }
//   cum[d][k][v]   = #{ t < k : rb'[d][t] < v }
// so the enable count of §6.1 is cum[d][k_table[d][ba]][bb].
struct EnableTables {
  int lanes = 0;
  int stoc_len = 0;    // L
  int rng_levels = 0;  // G
  std::vector<std::int32_t> k_values;    // lanes × (G+1)
  std::vector<std::int32_t> cum_values;  // lanes × (L+1) × (G+1)

  std::int32_t k_table(int d, int v) const {
    return k_values[static_cast<std::size_t>(d) * (rng_levels + 1) + static_cast<std::size_t>(v)];
  }
  std::int32_t cum(int d, int k, int v) const {
    return cum_values[(static_cast<std::size_t>(d) * (stoc_len + 1) + static_cast<std::size_t>(k)) * (rng_levels + 1) +
                      static_cast<std::size_t>(v)];
  }
  std::int32_t count(int d, int ba, int bb) const { return cum(d, k_table(d, ba), bb); }
};

// Builds both tables from the prepared streams of the two sides (same lanes, L and G; else InvalidArgument).
EnableTables build_enable_tables(const LaneStreams& a, const LaneStreams& b);

// k_table alone for lanes [0, a.lanes): lanes × (G+1).
std::vector<std::int32_t> build_k_table(const LaneStreams& a);

}  // namespace scmp::sim
