// "adaptive": AdaptiveMPConfig — thresholds on the normalised metric per operator and bucket (§7.4, §7.5).
#include "mp/adaptive_config.hpp"
#include "mp/policies/config_policy.hpp"

namespace scmp::mp {
namespace {

class AdaptivePolicy : public detail::ConfigPolicy<AdaptiveMPConfig> {
 public:
  using ConfigPolicy::ConfigPolicy;
  std::string metric(const std::string& op) const override { return m_config.metric(op); }
  Assignment assign(const OperatorContext& ctx) const override {
    return m_config.classify(ctx.row_metric, ctx.op, ctx.timestep, ctx.total_timesteps, ctx.block, ctx.total_blocks);
  }
};

}  // namespace

PolicyEntry adaptive_policy() {
  return detail::config_policy_entry<AdaptivePolicy, AdaptiveMPConfig>(
      "adaptive", "thresholds on the normalised row metric, per operator and timestep/layer bucket",
      {{"levels", "int list", "", "stream lengths, strictly descending (at least 2)"},
       {"operator_defaults", "mapping", "", "op → thresholds (one fewer than levels)"},
       {"buckets", "mapping", "", "<op>:t<i>:l<j> → thresholds for a timestep and layer bucket"},
       {"threshold_table", "path", "", "a threshold table file instead of inline thresholds"},
       {"target_fractions", "real list", "", "share of the rows per level instead of thresholds"},
       {"timestep_buckets", "int", "1", "diffusion timestep buckets"},
       {"layer_buckets", "int", "1", "layer buckets"},
       {"operators", "name list", "", "the operators the policy covers"},
       {"qk_metric", "name", "q_row_max", "row metric of qk"},
       {"av_metric", "name", "attn_row_max", "row metric of av"},
       {"mlp_metric", "name", "x_row_max", "row metric of the other operators"}});
}

}  // namespace scmp::mp
