// Activity of a core problem counted by the cycle engine, on the whole problem or on a row sample of it scaled to
// the whole. The sample is a sub-problem of the SAME CoreProblem (same boundaries, signs, per-row stream lengths
// and stream provider), so the counts describe the computation that produced S, not a rebuilt twin of it.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/cycle_engine.hpp"

namespace scmp::sim {

struct ActivityReport {
  ActivityCounts counts;          // of the whole problem (scaled when sampled; register_bits is static, never scaled)
  bool sampled = false;           // counted on a sample and scaled
  std::int64_t sample_rows_a = 0; // rows of a and of b counted (per batch; batch 0 only when sampled)
  std::int64_t sample_rows_b = 0;
};

// At most `want` indices of 0..count−1, evenly spaced (i·count/want): deterministic, no seed needed, and spread
// over the operand so row-dependent quantization ranges are represented.
std::vector<int> evenly_spaced_rows(int count, int want);

// True when a sample of `sample_rows` rows per side is the whole problem (batch 1, every row of a and b).
bool sample_is_whole(const CoreProblem& p, int sample_rows);

// Contract:
// - sample_rows ≤ 0 or sample_is_whole: the engine's counts on `p` itself, sampled = false.
// - otherwise: the engine's counts on the sub-problem of batch 0 and evenly_spaced_rows of a and of b (same
//   streams, boundaries, signs, per-row L), every event count multiplied by batch·N·M / (rows_a·rows_b) and
//   rounded to nearest (llround); register_bits is a per-array constant and is kept as counted.
ActivityReport count_activity(const CoreProblem& p, int sample_rows);

// The event counts of `counts` scaled by `factor` (llround), register_bits kept.
ActivityCounts scale_activity(const ActivityCounts& counts, double factor);

}  // namespace scmp::sim
