// "per_operator": a child policy per operator name (e.g. uniform 64 for qk, quantile for the MLP), with an
// optional default; an operator with neither is an error, not a silent fallback.
#include <map>

#include "mp/policies/composite.hpp"
#include "mp/yaml_params.hpp"
#include "sim/error.hpp"

namespace scmp::mp {
namespace {

class PerOperatorPolicy : public IPolicy {
 public:
  PerOperatorPolicy(std::map<std::string, std::unique_ptr<IPolicy>> ops, std::unique_ptr<IPolicy> fallback, std::string path)
      : m_ops(std::move(ops)), m_default(std::move(fallback)), m_path(std::move(path)) {}
  std::string name() const override { return "per_operator"; }
  std::string metric(const std::string& op) const override { return child(op).metric(op); }
  std::vector<int> levels() const override {
    std::vector<const IPolicy*> c;
    for (const auto& [n, p] : m_ops) c.push_back(p.get());
    if (m_default) c.push_back(m_default.get());
    return detail::union_levels(c);
  }
  Assignment assign(const OperatorContext& ctx) const override { return child(ctx.op).assign(ctx); }

 private:
  const IPolicy& child(const std::string& op) const {
    if (const auto it = m_ops.find(op); it != m_ops.end()) return *it->second;
    if (m_default) return *m_default;
    std::string names;
    for (const auto& [n, p] : m_ops) names += (names.empty() ? "" : ", ") + n;
    throw sim::InvalidArgument("ctx.op", op, "no policy in " + m_path + ".operators (known: " + names + ") and no default");
  }
  std::map<std::string, std::unique_ptr<IPolicy>> m_ops;
  std::unique_ptr<IPolicy> m_default;
  std::string m_path;
};

std::unique_ptr<IPolicy> make_per_operator(const YAML::Node& node, const std::string& path, const PolicyLimits& limits) {
  YamlParams p(node, path);
  p.get_string("impl");
  const YAML::Node ops = p.node("operators");
  if (!ops || !ops.IsMap() || ops.size() == 0) {
    throw sim::InvalidArgument(p.path("operators"), yaml_text(ops), "expected a non-empty mapping op → policy" + yaml_where(node));
  }
  std::map<std::string, std::unique_ptr<IPolicy>> children;
  for (auto it = ops.begin(); it != ops.end(); ++it) {
    const std::string op = it->first.Scalar();
    children[op] = make_policy(it->second, p.path("operators") + "." + op, limits);
  }
  std::unique_ptr<IPolicy> fallback;
  if (const YAML::Node d = p.node("default")) fallback = make_policy(d, p.path("default"), limits);
  p.reject_unknown();
  return std::make_unique<PerOperatorPolicy>(std::move(children), std::move(fallback), path);
}

}  // namespace
SCMP_MP_POLICY(per_operator, "per_operator", make_per_operator);
}  // namespace scmp::mp
