// The policy registry: `impl:` name → factory, one entry per file of mp/policies/ (the policies that are one
// configuration object: all in mp/policies/config_policies.cpp).
#include "mp/policy.hpp"

#include "mp/params.hpp"
#include "sim/error.hpp"

namespace scmp::mp {

// Defined in mp/policies/<name>.cpp; config_policies(): quantile, adaptive, free_boundary and range.
PolicyEntry uniform_policy(), per_operator_policy(), per_block_policy(), schedule_policy();
std::vector<PolicyEntry> config_policies();

const sim::Registry<PolicyFactory>& policy_registry() {
  static const sim::Registry<PolicyFactory> r(
      "mp.impl",
      [] {
        std::vector<PolicyEntry> entries{uniform_policy(), per_operator_policy(), per_block_policy(),
                                         schedule_policy()};
        for (auto& e : config_policies()) entries.push_back(std::move(e));
        return entries;
      }(),
      sim::RegistryOrder::by_name);
  return r;
}

std::vector<std::string> policy_names() { return policy_registry().names(); }

std::unique_ptr<IPolicy> make_policy(const ParamNode& node, const std::string& key_path, const PolicyLimits& limits) {
  if (!node.is_map()) {
    throw sim::InvalidArgument(key_path, node.text(), "expected a mapping with an `impl:` key" + node.where());
  }
  const auto& r = policy_registry();
  if (!node["impl"]) {
    throw sim::InvalidArgument(key_path + ".impl", "missing", "expected one of: " + r.names_text() + node.where());
  }
  const std::string impl = param_string(node["impl"], key_path + ".impl");
  const auto* entry = r.find(impl);
  if (entry == nullptr) {
    throw sim::InvalidArgument(key_path + ".impl", impl, "expected one of: " + r.names_text() + node["impl"].where());
  }
  return entry->factory(node, key_path, limits);
}

}  // namespace scmp::mp
