// The table path: per-lane lookup tables built by running the engine, and a fast exact CPU matmul over them.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/core_problem.hpp"

namespace scmp::sim {

// Same integers as accumulate_reference(problem), on `threads` cores (0 = all).
std::vector<std::int64_t> accumulate_tables(const CoreProblem& problem, int threads = 0);

}  // namespace scmp::sim
