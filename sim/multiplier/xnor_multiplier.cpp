// Design (d): bipolar XNOR of two comparator streams ((x+1)/2 encoding); the counter counts up on a match and
// down on a mismatch, so after L cycles it holds 2·matches − L.
#include "sim/multiplier/two_stream_lane.hpp"
#include "sim/units/gates.hpp"

namespace scmp::sim {
namespace {

class XnorMultiplier final : public detail::TwoStreamLane {
 public:
  Multiplier design() const override { return Multiplier::xnor; }
  void reset(const LaneOperands& op) override {
    reset_base(op);
    if (op.sign != 1) {
      throw InvalidArgument("sign", std::to_string(op.sign), "xnor streams carry the sign in their encoding: expected 1");
    }
    load_comparators(op);
  }
  CycleBits tick() override {
    CycleBits c = compare_both();
    return end_cycle(c, xnor_gate(c.a, c.b), /*bipolar_stream=*/true);
  }
};

}  // namespace

std::unique_ptr<IMultiplier> make_xnor_multiplier() { return std::make_unique<XnorMultiplier>(); }

}  // namespace scmp::sim
