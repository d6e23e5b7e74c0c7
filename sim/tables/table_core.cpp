// Table path (skeleton: evaluates the defining formula).
#include "sim/tables/table_core.hpp"

namespace scmp::sim {

std::vector<std::int64_t> accumulate_tables(const CoreProblem& problem, int) { return accumulate_reference(problem); }

}  // namespace scmp::sim
