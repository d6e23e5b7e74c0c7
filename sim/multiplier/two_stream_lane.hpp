// The unit of the designs that gate two independent comparator streams (and, xnor): one comparator SNG per
// operand, both RNGs stepping every cycle, the design's gate on their bits.
#pragma once
#include "sim/multiplier/lane_base.hpp"
#include "sim/units/comparator_sng.hpp"

namespace scmp::sim::detail {

template <bool (*Gate)(bool, bool)>
class TwoStreamLane final : public LaneBase {
 public:
  using LaneBase::LaneBase;

 protected:
  void load(const LaneOperands& op) override {
    m_a.load(static_cast<std::uint32_t>(op.ba));
    m_b.load(static_cast<std::uint32_t>(op.bb));
  }
  CycleBits step() override {
    CycleBits c;
    c.a = m_a(m_op.ra[m_t]);
    c.b = m_b(m_op.rb[m_t]);
    m_activity.rng_steps += 2;
    m_activity.comparator_evals += 2;
    m_activity.comparator_ones += c.a + c.b;
    c.product = Gate(c.a, c.b);
    return c;
  }

 private:
  ComparatorSng m_a;
  ComparatorSng m_b;
};

}  // namespace scmp::sim::detail
