// The policies that are one validated configuration object (quantile, adaptive, free_boundary, range): the
// Config reads its parameters (Config::from_params), names the row metric and the side, and assigns; the
// policy only holds it. The four registry entries are in mp/policies/config_policies.cpp.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mp/policy.hpp"

namespace scmp::mp::detail {

template <class Config>
class ConfigPolicy final : public IPolicy {
 public:
  ConfigPolicy(std::string name, Config config, std::string path)
      : m_name(std::move(name)), m_config(std::move(config)), m_path(std::move(path)) {}
  std::string name() const override { return m_name; }
  std::vector<int> levels() const override { return m_config.levels; }
  std::string metric(const std::string& op) const override { return m_config.metric(op); }
  sim::Side side() const override { return Config::side; }
  Assignment assign(const OperatorContext& ctx) const override { return m_config.assign(ctx, m_path); }

 private:
  std::string m_name;
  Config m_config;
  std::string m_path;  // the key path, for errors at assign time
};

// The registry entry of the policy `name` that is one Config: ConfigPolicy(name, Config::from_params(…), path).
template <class Config>
PolicyEntry config_policy_entry(const char* name, const char* description, std::vector<sim::ParamSpec> params) {
  return {
      name, description, std::move(params),
      [name](const ParamNode& node, const std::string& path, const PolicyLimits& limits) -> std::unique_ptr<IPolicy> {
        return std::make_unique<ConfigPolicy<Config>>(name, Config::from_params(node, path, limits), path);
      }};
}

}  // namespace scmp::mp::detail
