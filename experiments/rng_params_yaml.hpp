// The YAML form of RNG builder parameters (hardware.rng.params): the only place RNG configuration meets YAML,
// so that sim stays free of yaml-cpp.
#pragma once
#include <string>

#include <yaml-cpp/yaml.h>

#include "sim/sng/rng_builders.hpp"
#include "sim/sng/rng_config.hpp"

namespace scmp::experiments {

// A map of scalars (bool / integer / text), integer lists, or lists of integer lists. Throws
// sim::InvalidArgument naming the key path and line:column, e.g. "hardware.rng.params.taps[2] (line 4, col 7)".
sim::RngParams rng_params_from_node(const YAML::Node& node, const std::string& path = "rng.params");

// A whole RNG configuration:  name: <text>
//   pool: [{kind, bits, sobol_seed?, seed_type?, seed?, taps?, require_maximal?}, ...]
//   a: [{rng_id, permutation?, complement?}, ...]     b: [...]
// Every field round-trips (from_yaml(to_yaml(c)) == c); unknown keys, wrong types and missing keys throw
// InvalidArgument naming the key path and line:column. Used by the Python package's `config=` dicts.
YAML::Node rng_config_to_node(const sim::RngConfig& config);
sim::RngConfig rng_config_from_node(const YAML::Node& node, const std::string& path = "rng");
std::string rng_config_to_yaml(const sim::RngConfig& config);
sim::RngConfig rng_config_from_yaml(const std::string& text);

}  // namespace scmp::experiments
