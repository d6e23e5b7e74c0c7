// "adaptive": AdaptiveMPConfig — thresholds on the normalised metric per operator and bucket (§7.4, §7.5).
#include "mp/adaptive_config.hpp"
#include "mp/policy.hpp"

namespace scmp::mp {
namespace {

class AdaptivePolicy : public IPolicy {
 public:
  explicit AdaptivePolicy(AdaptiveMPConfig c) : m_config(std::move(c)) {}
  std::string name() const override { return "adaptive"; }
  std::string metric(const std::string& op) const override { return m_config.metric(op); }
  std::vector<int> levels() const override { return m_config.levels; }
  Assignment assign(const OperatorContext& ctx) const override {
    return m_config.classify(ctx.row_metric, ctx.op, ctx.timestep, ctx.total_timesteps, ctx.block, ctx.total_blocks);
  }

 private:
  AdaptiveMPConfig m_config;
};

std::unique_ptr<IPolicy> make_adaptive(const YAML::Node& node, const std::string& path, const PolicyLimits& limits) {
  return std::make_unique<AdaptivePolicy>(AdaptiveMPConfig::from_yaml(node, path, limits.sc_prec));
}

}  // namespace
SCMP_MP_POLICY(adaptive, "adaptive", make_adaptive);
}  // namespace scmp::mp
