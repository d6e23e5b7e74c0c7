// "quantile": MPConfig — fixed per-level fractions of the rows, ranked by their metric (§7.1, §7.3).
#include "mp/mp_config.hpp"
#include "mp/policy.hpp"

namespace scmp::mp {
namespace {

class QuantilePolicy : public IPolicy {
 public:
  explicit QuantilePolicy(MPConfig c) : m_config(std::move(c)) {}
  std::string name() const override { return "quantile"; }
  std::string metric(const std::string& op) const override { return m_config.metric(op); }
  std::vector<int> levels() const override { return m_config.levels; }
  Assignment assign(const OperatorContext& ctx) const override { return m_config.classify(ctx.row_metric); }

 private:
  MPConfig m_config;
};

std::unique_ptr<IPolicy> make_quantile(const YAML::Node& node, const std::string& path, const PolicyLimits& limits) {
  return std::make_unique<QuantilePolicy>(MPConfig::from_yaml(node, path, limits.sc_prec));
}

}  // namespace
SCMP_MP_POLICY(quantile, "quantile", make_quantile);
}  // namespace scmp::mp
