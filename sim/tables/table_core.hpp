// The table path: per-lane lookup tables built by running the engine, and a fast exact CPU matmul over them.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/core_problem.hpp"

namespace scmp::sim {

// Contract: the same integers as accumulate_reference(problem), on `threads` cores (0 = all), for every
// multiplier design, batch, chunk, lane count, sign pattern and per-row stream length. Per-lane tables are built
// by the packed cycle engine (product_table.hpp) per distinct pair length, a bounded block of lanes at a time
// (at most 64 MiB of tables, whatever D is); a geometry needing more than 1 GiB for one lane throws
// InvalidArgument.
std::vector<std::int64_t> accumulate_tables(const CoreProblem& problem, int threads = 0);

// The inner loop's instruction set. automatic: AVX-512 where the CPU has it (checked at run time), else
// portable. Results never depend on the choice (tested); it exists for tests and benchmarks.
enum class TableKernel { automatic, portable, avx512 };
bool table_kernel_available(TableKernel kernel);
std::vector<std::int64_t> accumulate_tables(const CoreProblem& problem, int threads, TableKernel kernel);

}  // namespace scmp::sim
