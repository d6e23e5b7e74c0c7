// The cycle-stepped SC matmul engine: steps L cycles over the lanes and returns the integer accumulators.
// (Skeleton: the bit-packed engine, traces and activity counts replace this.)
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/core_problem.hpp"

namespace scmp::sim {

struct EngineOptions {
  bool lane_counts = false;  // also return per-lane counts [batch][N][M][D]
};

struct EngineResult {
  std::vector<std::int64_t> accumulators;  // [batch][chunks][N][M]
  std::vector<std::int64_t> lane_counts;   // when requested
};

EngineResult run_cycle_engine(const CoreProblem& problem, const EngineOptions& options = {});

}  // namespace scmp::sim
