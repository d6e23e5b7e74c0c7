// "per_block": a child policy per block (layer) index, with an optional default.
#include <map>

#include "mp/policies/composite.hpp"
#include "mp/yaml_params.hpp"
#include "sim/error.hpp"

namespace scmp::mp {
namespace {

class PerBlockPolicy : public IPolicy {
 public:
  PerBlockPolicy(std::map<int, std::unique_ptr<IPolicy>> blocks, std::unique_ptr<IPolicy> fallback, std::string path)
      : m_blocks(std::move(blocks)), m_default(std::move(fallback)), m_path(std::move(path)) {}
  std::string name() const override { return "per_block"; }
  std::string metric(const std::string& op) const override {
    // The metric may differ between blocks only if the children differ; callers ask per call via assign's ctx.
    return (m_default ? *m_default : *m_blocks.begin()->second).metric(op);
  }
  std::vector<int> levels() const override {
    std::vector<const IPolicy*> c;
    for (const auto& [b, p] : m_blocks) c.push_back(p.get());
    if (m_default) c.push_back(m_default.get());
    return detail::union_levels(c);
  }
  Assignment assign(const OperatorContext& ctx) const override {
    if (const auto it = m_blocks.find(ctx.block); it != m_blocks.end()) return it->second->assign(ctx);
    if (m_default) return m_default->assign(ctx);
    throw sim::InvalidArgument("ctx.block", sim::to_text(ctx.block), "no policy in " + m_path + ".blocks and no default");
  }

 private:
  std::map<int, std::unique_ptr<IPolicy>> m_blocks;
  std::unique_ptr<IPolicy> m_default;
  std::string m_path;
};

std::unique_ptr<IPolicy> make_per_block(const YAML::Node& node, const std::string& path, const PolicyLimits& limits) {
  YamlParams p(node, path);
  p.get_string("impl");
  const YAML::Node blocks = p.node("blocks");
  if (!blocks || !blocks.IsMap() || blocks.size() == 0) {
    throw sim::InvalidArgument(p.path("blocks"), yaml_text(blocks), "expected a non-empty mapping block index → policy");
  }
  std::map<int, std::unique_ptr<IPolicy>> children;
  for (auto it = blocks.begin(); it != blocks.end(); ++it) {
    const int b = yaml_int(it->first, p.path("blocks") + " key");
    if (b < 0) throw sim::InvalidArgument(p.path("blocks") + " key", sim::to_text(b), "expected a block index ≥ 0");
    children[b] = make_policy(it->second, p.path("blocks") + "." + sim::to_text(b), limits);
  }
  std::unique_ptr<IPolicy> fallback;
  if (const YAML::Node d = p.node("default")) fallback = make_policy(d, p.path("default"), limits);
  p.reject_unknown();
  return std::make_unique<PerBlockPolicy>(std::move(children), std::move(fallback), path);
}

}  // namespace
SCMP_MP_POLICY(per_block, "per_block", make_per_block);
}  // namespace scmp::mp
