// "quantile": MPConfig — fixed per-level fractions of the rows, ranked by their metric (§7.1, §7.3).
#include "mp/mp_config.hpp"
#include "mp/policies/config_policy.hpp"

namespace scmp::mp {
namespace {

class QuantilePolicy : public detail::ConfigPolicy<MPConfig> {
 public:
  using ConfigPolicy::ConfigPolicy;
  std::string metric(const std::string& op) const override { return m_config.metric(op); }
  Assignment assign(const OperatorContext& ctx) const override { return m_config.classify(ctx.row_metric); }
};

}  // namespace

PolicyEntry quantile_policy() {
  return detail::config_policy_entry<QuantilePolicy, MPConfig>(
      "quantile", "fixed fractions of the rows per level, ranked by their metric",
      {{"levels", "int list", "", "stream lengths, strictly descending"},
       {"fractions", "real list", "1/n each", "share of the rows at each level"},
       {"metric", "name", "", "row metric for every operator (x_row_max, q_row_max, attn_row_max)"},
       {"qk_metric", "name", "q_row_max", "row metric of qk"},
       {"av_metric", "name", "attn_row_max", "row metric of av"},
       {"mlp_metric", "name", "x_row_max", "row metric of the other operators"}});
}

}  // namespace scmp::mp
