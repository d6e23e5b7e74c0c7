// "uniform": every row at one stream length (the baseline every MP result is compared with).
#include "mp/policy.hpp"
#include "mp/params.hpp"
#include "sim/error.hpp"

namespace scmp::mp {
namespace {

class UniformPolicy : public IPolicy {
 public:
  UniformPolicy(int stoc_len, sim::Side side) : m_stoc_len(stoc_len), m_side(side) {}
  std::string name() const override { return "uniform"; }
  std::string metric(const std::string&) const override { return ""; }
  sim::Side side() const override { return m_side; }
  std::vector<int> levels() const override { return {m_stoc_len}; }
  Assignment assign(const OperatorContext& ctx) const override {
    std::size_t rows = ctx.row_metric.size();
    if (m_side == sim::Side::b) {
      if (ctx.weight == nullptr || ctx.weight->rank() < 2) {
        throw sim::InvalidArgument("ctx.weight", "null", "a side-b uniform policy needs the weight to count its rows");
      }
      rows = static_cast<std::size_t>(ctx.weight->dim(-2));
    } else if (rows == 0 && !ctx.macs_per_row.empty()) {
      rows = ctx.macs_per_row.size();
    }
    return Assignment{m_side, {m_stoc_len}, std::vector<int>(rows, 0)};
  }

 private:
  int m_stoc_len;
  sim::Side m_side;
};

std::unique_ptr<IPolicy> make_uniform(const ParamNode& node, const std::string& path, const PolicyLimits& limits) {
  ParamReader p(node, path);
  p.get_string("impl");
  const int L = p.get_int("stoc_len");
  sim::require_range(p.path("stoc_len"), L, 1, 1 << limits.sc_prec, "a stream length, at most 2^sc_prec");
  const std::string side = p.get_string("side", "a");
  if (side != "a" && side != "b") throw sim::InvalidArgument(p.path("side"), side, "expected a or b");
  p.reject_unknown();
  return std::make_unique<UniformPolicy>(L, side == "a" ? sim::Side::a : sim::Side::b);
}

}  // namespace

PolicyEntry uniform_policy() {
  return {"uniform", "every row at one stream length (the baseline)",
          {{"stoc_len", "int", "", "the stream length, 1..2^sc_prec"}, {"side", "name", "a", "whose rows: a or b"}},
          make_uniform};
}

}  // namespace scmp::mp
