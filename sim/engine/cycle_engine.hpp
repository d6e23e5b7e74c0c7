// The cycle-stepped SC matmul engine: steps L cycles over the lanes and returns the integer accumulators.
// (Skeleton: the bit-packed engine, traces and activity counts replace this.)
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/core_problem.hpp"

namespace scmp::sim {

struct EngineOptions {
  bool lane_counts = false;  // also return per-lane counts [batch][N][M][D]
  bool activity = false;     // also count unit activity (the input of energy models)
};

// Activity of the modelled units over the whole problem (each field a count of events).
struct ActivityCounts {
  std::int64_t cycles = 0;              // array cycles: Σ over pairs (n, m) of L(n,m)
  std::int64_t rng_steps = 0;           // RNG register updates, both sides
  std::int64_t comparator_evals = 0;    // SNG comparator evaluations, both sides
  std::int64_t comparator_ones = 0;     // ones the comparators produced
  std::int64_t gate_evals = 0;          // multiplier gate (AND/XNOR) evaluations
  std::int64_t gate_ones = 0;           // ones out of the multiplier gates
  std::int64_t enable_counter_steps = 0;// enable/down-counter decrements (enable and thermometer designs)
  std::int64_t counter_increments = 0;  // up/down counter steps (non-zero product bits)
  std::int64_t accumulator_adds = 0;    // lane results added into S
  std::int64_t register_bits = 0;       // state bits held (RNG, boundary, counter, accumulator registers)
};

struct EngineResult {
  std::vector<std::int64_t> accumulators;  // [batch][chunks][N][M]
  std::vector<std::int64_t> lane_counts;   // when requested
  ActivityCounts activity;                 // when requested
};

EngineResult run_cycle_engine(const CoreProblem& problem, const EngineOptions& options = {});

}  // namespace scmp::sim
