// The per-lane product table of any multiplier design: the lane count for every boundary pair, obtained by
// running the bit-packed cycle engine. The table path looks counts up instead of simulating them.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/engine/core_problem.hpp"
#include "sim/engine/cycle_engine.hpp"

namespace scmp::sim {

// Contract: for every ba, bb ∈ 0..G,  count(ba, bb) = lane_count(design, ra, rb, L, ba, bb) (unsigned; xnor:
// 2·matches − L). Rows are indexed by row_of[ba]: for enable/thermometer a row is a popcount k_a = k_table[ba]
// (0..L; the table is then the cum table of §4.3, only a's popcount matters), for and/xnor the row is ba.
struct ProductTable {
  Multiplier design = Multiplier::enable;
  int stoc_len = 0;
  int rng_levels = 0;
  int rows = 0;                          // L+1 (enable, thermometer) or G+1 (and, xnor)
  std::vector<std::int32_t> row_of;      // G+1 entries: boundary ba → row
  std::vector<std::int32_t> values;      // rows × (G+1)

  std::int32_t at_row(int row, int bb) const {
    return values[static_cast<std::size_t>(row) * (rng_levels + 1) + static_cast<std::size_t>(bb)];
  }
  std::int32_t count(int ba, int bb) const { return at_row(row_of[static_cast<std::size_t>(ba)], bb); }
};

// Runs the packed engine for one lane and hands each finished row to emit(row, counts[0..G]) in row order;
// returns row_of (G+1 entries). The table path writes its signed tables from here without a copy.
std::vector<std::int32_t> run_product_table(Multiplier design, const PackedStreams& a, const PackedStreams& b, int lane,
                                            int stoc_len,
                                            const std::function<void(int row, const std::int32_t* counts)>& emit);

// Number of rows of the product table of `design` (L+1 or G+1).
int product_table_rows(Multiplier design, int stoc_len, int rng_levels);

// Runs the packed engine for one lane: enable/thermometer rows step the lane counters of every b boundary one
// enabled cycle at a time (row k = the counters after k enabled cycles); and/xnor rows run the gate over the
// packed words for every (ba, bb).
ProductTable build_product_table(Multiplier design, const PackedStreams& a, const PackedStreams& b, int lane,
                                 int stoc_len);

}  // namespace scmp::sim
