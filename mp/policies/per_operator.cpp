// "per_operator": a child policy per operator name (e.g. uniform 64 for qk, quantile for the MLP), with an
// optional default; an operator with neither is an error, not a silent fallback.
#include "mp/policies/composite.hpp"

namespace scmp::mp {
namespace {

class PerOperatorPolicy : public detail::KeyedPolicy<std::string> {
 public:
  using KeyedPolicy::KeyedPolicy;
  std::string name() const override { return "per_operator"; }
  std::string metric(const std::string& op) const override { return child(op).metric(op); }
  Assignment assign(const OperatorContext& ctx) const override { return child(ctx.op).assign(ctx); }

 private:
  const IPolicy& child(const std::string& op) const {
    if (const IPolicy* p = child_or_default(op)) return *p;
    std::string names;
    for (const auto& [n, p] : m_children) names += (names.empty() ? "" : ", ") + n;
    throw sim::InvalidArgument("ctx.op", op, "no policy in " + m_path + ".operators (known: " + names + ") and no default");
  }
};

}  // namespace

PolicyEntry per_operator_policy() {
  return {"per_operator", "a child policy per operator name, with an optional default",
          {{"operators", "mapping", "", "operator name → policy"}, {"default", "policy", "", "for operators not listed"}},
          [](const ParamNode& node, const std::string& path, const PolicyLimits& limits) {
            return detail::make_keyed<PerOperatorPolicy, std::string>(
                node, path, limits, "operators", "expected a non-empty mapping op → policy",
                [](const ParamNode& key, const std::string&) { return key.text_value(); });
          }};
}

}  // namespace scmp::mp
