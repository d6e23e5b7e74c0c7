// The policies that are one validated configuration object read from their parameters (quantile, adaptive,
// free_boundary, range): name, levels and the factory are shared; each policy adds its metric and assignment.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mp/policy.hpp"

namespace scmp::mp::detail {

template <class Config>
class ConfigPolicy : public IPolicy {
 public:
  ConfigPolicy(std::string name, Config config, std::string path)
      : m_name(std::move(name)), m_config(std::move(config)), m_path(std::move(path)) {}
  std::string name() const override { return m_name; }
  std::vector<int> levels() const override { return m_config.levels; }

 protected:
  std::string m_name;
  Config m_config;
  std::string m_path;  // the key path, for errors at assign time
};

// The registry entry of policy P (a ConfigPolicy<Config>): P(name, Config::from_params(node, path, limits), path).
template <class P, class Config>
PolicyEntry config_policy_entry(const char* name, const char* description, std::vector<sim::ParamSpec> params) {
  return {name, description, std::move(params),
          [name](const ParamNode& node, const std::string& path, const PolicyLimits& limits) -> std::unique_ptr<IPolicy> {
            return std::make_unique<P>(name, Config::from_params(node, path, limits), path);
          }};
}

}  // namespace scmp::mp::detail
