// "free_boundary": FreeBoundaryMPConfig — per-(block, op) boundaries or pinned levels (§7.6).
#include "mp/free_boundary_config.hpp"
#include "mp/policy.hpp"
#include "sim/error.hpp"

namespace scmp::mp {
namespace {

class FreeBoundaryPolicy : public IPolicy {
 public:
  explicit FreeBoundaryPolicy(FreeBoundaryMPConfig c) : m_config(std::move(c)) {}
  std::string name() const override { return "free_boundary"; }
  std::string metric(const std::string&) const override { return m_config.metric_name; }
  std::vector<int> levels() const override { return m_config.levels; }
  Assignment assign(const OperatorContext& ctx) const override {
    if (ctx.total_blocks < 1) throw sim::InvalidArgument("ctx.total_blocks", sim::to_text(ctx.total_blocks), "expected ≥ 1");
    sim::require_range("ctx.block", ctx.block, 0, ctx.total_blocks - 1);
    return m_config.classify(ctx.row_metric, ctx.block, ctx.op);
  }

 private:
  FreeBoundaryMPConfig m_config;
};

std::unique_ptr<IPolicy> make_free_boundary(const YAML::Node& node, const std::string& path, const PolicyLimits& limits) {
  return std::make_unique<FreeBoundaryPolicy>(FreeBoundaryMPConfig::from_yaml(node, path, limits.sc_prec));
}

}  // namespace
SCMP_MP_POLICY(free_boundary, "free_boundary", make_free_boundary);
}  // namespace scmp::mp
