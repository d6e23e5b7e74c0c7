// "schedule": per-diffusion-step policies. steps: [{from: 0, policy: …}, {from: t1, policy: …}, …] — step i
// applies to timesteps from_i ≤ t < from_{i+1}; the first step must start at 0, starts strictly increase.
#include "mp/policies/composite.hpp"
#include "mp/params.hpp"
#include "sim/error.hpp"

namespace scmp::mp {
namespace {

class SchedulePolicy : public IPolicy {
 public:
  SchedulePolicy(std::vector<int> from, std::vector<std::unique_ptr<IPolicy>> steps)
      : m_from(std::move(from)), m_steps(std::move(steps)) {}
  std::string name() const override { return "schedule"; }
  std::string metric(const std::string& op) const override { return m_steps.front()->metric(op); }
  std::vector<int> levels() const override {
    std::vector<const IPolicy*> c;
    for (const auto& p : m_steps) c.push_back(p.get());
    return detail::union_levels(c);
  }
  Assignment assign(const OperatorContext& ctx) const override {
    if (ctx.timestep < 0) throw sim::InvalidArgument("ctx.timestep", sim::to_text(ctx.timestep), "expected ≥ 0");
    std::size_t i = 0;
    while (i + 1 < m_from.size() && m_from[i + 1] <= ctx.timestep) ++i;
    return m_steps[i]->assign(ctx);
  }

 private:
  std::vector<int> m_from;
  std::vector<std::unique_ptr<IPolicy>> m_steps;
};

std::unique_ptr<IPolicy> make_schedule(const ParamNode& node, const std::string& path, const PolicyLimits& limits) {
  ParamReader p(node, path);
  p.get_string("impl");
  const ParamNode& steps = p.node("steps");
  if (!steps.is_sequence() || steps.size() == 0) {
    throw sim::InvalidArgument(p.path("steps"), steps.text(), "expected a non-empty list of {from, policy}");
  }
  std::vector<int> from;
  std::vector<std::unique_ptr<IPolicy>> children;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string f = p.path("steps") + "[" + std::to_string(i) + "]";
    ParamReader s(steps[i], f);
    const int t = s.get_int("from");
    if (i == 0 && t != 0) throw sim::InvalidArgument(f + ".from", sim::to_text(t), "expected 0 (the first step starts at timestep 0)");
    if (i > 0 && t <= from.back()) {
      throw sim::InvalidArgument(f + ".from", sim::to_text(t), "expected > " + sim::to_text(from.back()) + " (strictly increasing)");
    }
    from.push_back(t);
    children.push_back(make_policy(s.node("policy"), f + ".policy", limits));
    s.reject_unknown();
  }
  p.reject_unknown();
  return std::make_unique<SchedulePolicy>(std::move(from), std::move(children));
}

}  // namespace

PolicyEntry schedule_policy() {
  return {"schedule", "per-diffusion-step policies: step i applies from its `from` timestep on",
          {{"steps", "list", "", "[{from: 0, policy: …}, {from: t1, policy: …}, …], starts strictly increasing"}},
          make_schedule};
}

}  // namespace scmp::mp
