// The YAML form of RNG builder parameters (hardware.rng.params): the only place RNG configuration meets YAML,
// so that sim stays free of yaml-cpp.
#pragma once
#include <string>

#include <yaml-cpp/yaml.h>

#include "sim/sng/rng_builders.hpp"

namespace scmp::experiments {

// A map of scalars (bool / integer / text), integer lists, or lists of integer lists. Throws
// sim::InvalidArgument naming the key path and line:column, e.g. "hardware.rng.params.taps[2] (line 4, col 7)".
sim::RngParams rng_params_from_node(const YAML::Node& node, const std::string& path = "rng.params");

}  // namespace scmp::experiments
