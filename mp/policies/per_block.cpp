// "per_block": a child policy per block (layer) index, with an optional default.
#include "mp/policies/composite.hpp"

namespace scmp::mp {
namespace {

class PerBlockPolicy : public detail::KeyedPolicy<int> {
 public:
  using KeyedPolicy::KeyedPolicy;
  std::string name() const override { return "per_block"; }
  std::string metric(const std::string& op) const override {
    // The metric may differ between blocks only if the children differ; callers ask per call via assign's ctx.
    return (m_default ? *m_default : *m_children.begin()->second).metric(op);
  }
  Assignment assign(const OperatorContext& ctx) const override {
    if (const IPolicy* p = child_or_default(ctx.block)) return p->assign(ctx);
    throw sim::InvalidArgument("ctx.block", sim::to_text(ctx.block), "no policy in " + m_path + ".blocks and no default");
  }
};

int block_of(const ParamNode& key, const std::string& field) {
  const int b = param_int(key, field + " key");
  if (b < 0) throw sim::InvalidArgument(field + " key", sim::to_text(b), "expected a block index ≥ 0");
  return b;
}

}  // namespace

PolicyEntry per_block_policy() {
  return {"per_block", "a child policy per block (layer) index, with an optional default",
          {{"blocks", "mapping", "", "block index → policy"}, {"default", "policy", "", "for blocks not listed"}},
          [](const ParamNode& node, const std::string& path, const PolicyLimits& limits) {
            return detail::make_keyed<PerBlockPolicy, int>(node, path, limits, "blocks",
                                                           "expected a non-empty mapping block index → policy", block_of);
          }};
}

}  // namespace scmp::mp
