// Design (c): classic unipolar AND of two comparator streams driven by independent RNGs.
#include "sim/multiplier/two_stream_lane.hpp"
#include "sim/units/gates.hpp"

namespace scmp::sim {
namespace {

class AndMultiplier final : public detail::TwoStreamLane {
 public:
  Multiplier design() const override { return Multiplier::and_gate; }
  void reset(const LaneOperands& op) override {
    reset_base(op);
    load_comparators(op);
  }
  CycleBits tick() override {
    CycleBits c = compare_both();
    return end_cycle(c, and_gate(c.a, c.b));
  }
};

}  // namespace

std::unique_ptr<IMultiplier> make_and_multiplier() { return std::make_unique<AndMultiplier>(); }

}  // namespace scmp::sim
