// "free_boundary": FreeBoundaryMPConfig — per-(block, op) boundaries or pinned levels (§7.6).
#include "mp/free_boundary_config.hpp"
#include "mp/policies/config_policy.hpp"
#include "sim/error.hpp"

namespace scmp::mp {
namespace {

class FreeBoundaryPolicy : public detail::ConfigPolicy<FreeBoundaryMPConfig> {
 public:
  using ConfigPolicy::ConfigPolicy;
  std::string metric(const std::string&) const override { return m_config.metric_name; }
  Assignment assign(const OperatorContext& ctx) const override {
    if (ctx.total_blocks < 1) throw sim::InvalidArgument("ctx.total_blocks", sim::to_text(ctx.total_blocks), "expected ≥ 1");
    sim::require_range("ctx.block", ctx.block, 0, ctx.total_blocks - 1);
    return m_config.classify(ctx.row_metric, ctx.block, ctx.op);
  }
};

}  // namespace

PolicyEntry free_boundary_policy() {
  return detail::config_policy_entry<FreeBoundaryPolicy, FreeBoundaryMPConfig>(
      "free_boundary", "per-(block, operator) metric boundaries between levels, or a pinned level",
      {{"levels", "int list", "", "stream lengths, strictly descending (at least 2)"},
       {"boundaries", "mapping", "", "\"block:op\" → metric boundaries (one fewer than levels)"},
       {"fixed_levels", "mapping", "", "\"block:op\" → a level index every row of that operator gets"},
       {"metric", "name", "x_row_max", "row metric"}});
}

}  // namespace scmp::mp
