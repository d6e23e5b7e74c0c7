// "range": RangeMPConfig — per-group stream length of the weight's output rows from their value range (§7.7).
#include "mp/policy.hpp"
#include "mp/range_config.hpp"
#include "sim/error.hpp"

namespace scmp::mp {
namespace {

class RangePolicy : public IPolicy {
 public:
  RangePolicy(RangeMPConfig c, std::string path) : m_config(std::move(c)), m_path(std::move(path)) {}
  std::string name() const override { return "range"; }
  std::string metric(const std::string&) const override { return ""; }
  sim::Side side() const override { return sim::Side::b; }
  std::vector<int> levels() const override { return m_config.levels; }
  Assignment assign(const OperatorContext& ctx) const override {
    if (ctx.weight == nullptr) throw sim::InvalidArgument("ctx.weight", "null", "the range policy needs the weight (b)");
    return m_config.classify(*ctx.weight, ctx.op, m_path);
  }

 private:
  RangeMPConfig m_config;
  std::string m_path;
};

std::unique_ptr<IPolicy> make_range(const YAML::Node& node, const std::string& path, const PolicyLimits& limits) {
  return std::make_unique<RangePolicy>(RangeMPConfig::from_yaml(node, path, limits.sc_prec), path);
}

}  // namespace
SCMP_MP_POLICY(range, "range", make_range);
}  // namespace scmp::mp
