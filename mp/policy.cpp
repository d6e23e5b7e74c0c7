// The policy registry: `impl:` name → factory. Implementations register themselves (SCMP_MP_POLICY).
#include "mp/policy.hpp"

#include <map>

#include "mp/yaml_params.hpp"
#include "sim/error.hpp"

namespace scmp::mp {

namespace {
std::map<std::string, PolicyFactory>& registry() {
  static std::map<std::string, PolicyFactory> r;
  return r;
}
}  // namespace

PolicyRegistrar::PolicyRegistrar(const std::string& name, PolicyFactory factory) { registry()[name] = std::move(factory); }

// Implementation files live in this static library; referencing their anchors keeps the linker from dropping
// their registrars.
extern int scmp_mp_policy_anchor_uniform, scmp_mp_policy_anchor_quantile, scmp_mp_policy_anchor_adaptive,
    scmp_mp_policy_anchor_free_boundary, scmp_mp_policy_anchor_range, scmp_mp_policy_anchor_per_operator,
    scmp_mp_policy_anchor_per_block, scmp_mp_policy_anchor_schedule;
static void link_builtin_policies() {
  volatile int sink = scmp_mp_policy_anchor_uniform + scmp_mp_policy_anchor_quantile + scmp_mp_policy_anchor_adaptive +
                      scmp_mp_policy_anchor_free_boundary + scmp_mp_policy_anchor_range +
                      scmp_mp_policy_anchor_per_operator + scmp_mp_policy_anchor_per_block + scmp_mp_policy_anchor_schedule;
  (void)sink;
}

std::vector<std::string> policy_names() {
  link_builtin_policies();
  std::vector<std::string> out;
  for (const auto& [name, f] : registry()) out.push_back(name);
  return out;
}

std::unique_ptr<IPolicy> make_policy(const YAML::Node& node, const std::string& key_path, const PolicyLimits& limits) {
  link_builtin_policies();
  if (!node || !node.IsMap()) {
    throw sim::InvalidArgument(key_path, yaml_text(node), "expected a mapping with an `impl:` key" + yaml_where(node));
  }
  if (!node["impl"]) {
    std::string names;
    for (const auto& n : policy_names()) names += (names.empty() ? "" : ", ") + n;
    throw sim::InvalidArgument(key_path + ".impl", "missing", "expected one of: " + names + yaml_where(node));
  }
  const std::string impl = yaml_string(node["impl"], key_path + ".impl");
  const auto it = registry().find(impl);
  if (it == registry().end()) {
    std::string names;
    for (const auto& n : policy_names()) names += (names.empty() ? "" : ", ") + n;
    throw sim::InvalidArgument(key_path + ".impl", impl, "expected one of: " + names + yaml_where(node["impl"]));
  }
  return it->second(node, key_path, limits);
}

}  // namespace scmp::mp
