// Cycle engine (skeleton: evaluates the defining formula).
#include "sim/engine/cycle_engine.hpp"

namespace scmp::sim {

EngineResult run_cycle_engine(const CoreProblem& problem, const EngineOptions&) {
  return EngineResult{accumulate_reference(problem), {}};
}

}  // namespace scmp::sim
