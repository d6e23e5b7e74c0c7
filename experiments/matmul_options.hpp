// One design point's hardware section → the sim::MatmulOptions of one operator, and the operands' seeds: the one
// place a configuration becomes a call of sc_matmul (execute_run and `scmp calibrate` both use it).
#pragma once
#include <cstdint>
#include <string>

#include "experiments/experiment_config.hpp"
#include "sim/matmul/sc_matmul.hpp"

namespace scmp::experiments {

// Options of an operator whose operands have inner dimension `depth` (the RNG lanes: depth, or chunk_d on the
// chunked path); RNG configuration and scramble drawn from seeds derived from experiment.seed. No per-row
// stream lengths (the MP policy adds them) and keep_levels off.
sim::MatmulOptions matmul_options(const ExperimentConfig& config, std::int64_t depth, const std::string& backend,
                                  int threads);

// The seed of operand `side` ("a" or "b") of operator `op`: derive_seed(experiment.seed, "workload.<op>.<side>").
std::uint64_t operand_seed(const ExperimentConfig& config, const std::string& op, const char* side);

}  // namespace scmp::experiments
