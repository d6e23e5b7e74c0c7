// RNG configurations and builder parameters as YAML (yaml-cpp): the serialised form stored with results and
// read from experiment files.
#pragma once
#include <string>

#include <yaml-cpp/yaml.h>

#include "sim/sng/rng_builders.hpp"
#include "sim/sng/rng_config.hpp"

namespace scmp::sim {

// Contract:
// - Schema:  name: <text>
//            pool: [{kind, bits, sobol_seed?, seed_type?, seed?, taps?, require_maximal?}, ...]
//            a: [{rng_id, permutation?, complement?}, ...]     b: [...]
//   Every RngSpec / LaneSource field round-trips: from_yaml(to_yaml(c)) == c.
// - Unknown keys, wrong types and missing required keys throw InvalidArgument naming the full key path and
//   the line:column, e.g. "rng.pool[1].tapz (line 4, col 7) = ...: unknown key".
YAML::Node rng_config_to_node(const RngConfig& config);
RngConfig rng_config_from_node(const YAML::Node& node, const std::string& path = "rng");

std::string rng_config_to_yaml(const RngConfig& config);
RngConfig rng_config_from_yaml(const std::string& text);

// Builder parameters: a map of scalars (bool / integer / text), integer lists, or lists of integer lists.
RngParams rng_params_from_node(const YAML::Node& node, const std::string& path = "rng.params");
YAML::Node rng_params_to_node(const RngParams& params);

}  // namespace scmp::sim
