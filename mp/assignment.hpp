// The result of a mixed-precision policy for one operator call: which stream length each row runs.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/sng/rng_config.hpp"   // sim::Side

namespace scmp::mp {

// Contract: `levels` are stream lengths, strictly descending, each ≥ 1; `row_level[r]` indexes `levels` for
// every row r of the operand on `side` (a: rows of a; b: rows of b, i.e. output features). Plain data: the
// experiments layer writes it to HDF5; nothing here is process-global.
struct Assignment {
  sim::Side side = sim::Side::a;
  std::vector<int> levels;      // descending stream lengths
  std::vector<int> row_level;   // per row: index into levels

  std::vector<int> row_stoc_len() const;                 // per row: levels[row_level[r]]
  std::vector<std::vector<int>> level_rows() const;      // per level: its rows, ascending
  std::vector<std::int64_t> level_counts() const;        // per level: number of rows
  std::vector<double> realised_fractions() const;        // per level: count / rows (0 when no rows)
  double row_weighted_avg_stoc_len() const;              // mean stream length over rows
  // Σ macs[r]·L[r] / Σ macs[r]; macs has one entry per row (throws InvalidArgument on a size mismatch).
  double mac_weighted_avg_stoc_len(const std::vector<std::int64_t>& macs) const;
};

// Every row at one stream length (the uniform baseline).
Assignment uniform_assignment(int rows, int stoc_len, sim::Side side = sim::Side::a);

}  // namespace scmp::mp
