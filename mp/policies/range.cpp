// "range": RangeMPConfig — per-group stream length of the weight's output rows from their value range (§7.7).
#include "mp/policies/config_policy.hpp"
#include "mp/range_config.hpp"
#include "sim/error.hpp"

namespace scmp::mp {
namespace {

class RangePolicy : public detail::ConfigPolicy<RangeMPConfig> {
 public:
  using ConfigPolicy::ConfigPolicy;
  std::string metric(const std::string&) const override { return ""; }
  sim::Side side() const override { return sim::Side::b; }
  Assignment assign(const OperatorContext& ctx) const override {
    if (ctx.weight == nullptr) throw sim::InvalidArgument("ctx.weight", "null", "the range policy needs the weight (b)");
    return m_config.classify(*ctx.weight, ctx.op, m_path);
  }
};

}  // namespace

PolicyEntry range_policy() {
  return detail::config_policy_entry<RangePolicy, RangeMPConfig>(
      "range", "stream length per group of the weight's output rows, from their value range (side b)",
      {{"levels", "int list", "", "stream lengths, strictly descending"},
       {"base_threshold", "real", "0.3", "range threshold in [0,1] (capped at 0.95)"},
       {"operator_thresholds", "mapping", "", "op → its own threshold"},
       {"group_size", "int", "1", "output rows per group (≤ 0: one group)"}});
}

}  // namespace scmp::mp
