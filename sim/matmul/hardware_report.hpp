// What the hardware did in one sc_matmul call: cycles, stream lengths and (on request) the activity counts of
// its units, counted by the cycle engine on the core problem the backend computed (sim/engine/activity_sample).
// Energy models (experiments/cost_model) price these counts; nothing outside sim rebuilds the problem.
#pragma once
#include <cstdint>
#include <string>

#include "sim/engine/cycle_engine.hpp"

namespace scmp::sim {

// off: no activity counts (the default: counting costs about one cycle-engine run);
// sampled: counted on at most MatmulOptions::activity_sample_rows rows of a and of b (batch 0), scaled;
// full: counted on the whole problem.
enum class ActivityMode { off, sampled, full };

ActivityMode parse_activity_mode(const std::string& s);
std::string to_string(ActivityMode m);

struct HardwareReport {
  // Cycles of one lane array that runs every (batch, chunk, n, m) pair for its L(n, m) cycles, one after the
  // other: batch · chunks · Σ_{n,m} L(n, m). (ActivityCounts::cycles counts pairs without the chunk factor.)
  std::int64_t cycles = 0;
  double mean_stoc_len_row = 0;   // mean L over the rows of a
  double mean_stoc_len_pair = 0;  // mean L(n, m) over the pairs: each MAC's stream length, averaged
  ActivityMode mode = ActivityMode::off;
  ActivityCounts activity;        // mode ≠ off: the whole problem's counts (scaled when sampled)
  bool sampled = false;           // counted on a row sample and scaled
  std::int64_t sample_rows_a = 0, sample_rows_b = 0;  // rows counted per side (mode ≠ off)
  bool counted_by_backend = false;  // the counts came out of the backend's own run (cycle), not a host recount
};

}  // namespace scmp::sim
