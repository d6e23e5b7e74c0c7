// YAML → mp::ParamNode: the one place where the parameters of mp's policies meet YAML (mp reads only the tree).
// Used by the experiment configuration (`mp:`), the Python bindings and the tests.
#pragma once
#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>

#include "mp/param_tree.hpp"
#include "mp/policy.hpp"

namespace scmp::experiments {

// The tree of node: kinds, scalar texts (as written), key order, line and column of every node; each node's
// text() is yaml-cpp's flow emission of the YAML node, so error values read exactly as the YAML did. An
// undefined node gives an undefined tree.
mp::ParamNode param_tree(const YAML::Node& node);

// A threshold-table file (JSON or YAML) as a tree; InvalidArgument("threshold_table", path, …) when it cannot
// be read or parsed.
mp::ParamNode read_threshold_table_file(const std::string& path);

// Limits with the YAML file reader: what the programs pass to mp::make_policy.
mp::PolicyLimits policy_limits(int sc_prec);

// mp::make_policy(param_tree(node), key_path, policy_limits(sc_prec)).
std::unique_ptr<mp::IPolicy> make_policy(const YAML::Node& node, const std::string& key_path, int sc_prec = 8);

}  // namespace scmp::experiments
