// The RNG configuration of a design point: hardware.rng {builder, params} → sim::RngConfig for the lanes used.
#pragma once
#include <string>
#include <vector>

#include "experiments/config_error.hpp"
#include "experiments/experiment_config.hpp"
#include "sim/sng/rng_config.hpp"

namespace scmp::experiments {

// Contract: names are the builders sim offers; validate throws ConfigError (path hardware.rng.params.<key>)
// for a bad parameter; build returns the same RngConfig for the same (hardware, lanes, seed).
std::vector<std::string> rng_builder_names();
void validate_rng_builder(const HardwareSection& hw, const SourceMap& sources);
sim::RngConfig build_rng_config(const HardwareSection& hw, int lanes, std::uint64_t seed);

}  // namespace scmp::experiments
