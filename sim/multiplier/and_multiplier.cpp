// Design (c): classic unipolar AND of two comparator streams driven by independent RNGs.
#include "sim/multiplier/lane_base.hpp"
#include "sim/units/comparator_sng.hpp"
#include "sim/units/gates.hpp"

namespace scmp::sim {
namespace {

class AndMultiplier final : public detail::LaneBase {
 public:
  Multiplier design() const override { return Multiplier::and_gate; }
  void reset(const LaneOperands& op) override {
    reset_base(op);
    m_a.load(static_cast<std::uint32_t>(op.ba));
    m_b.load(static_cast<std::uint32_t>(op.bb));
  }
  CycleBits tick() override {
    begin_tick();
    CycleBits c;
    c.a = m_a(m_op.ra[m_t]);
    c.b = m_b(m_op.rb[m_t]);
    m_activity.rng_steps += 2;
    m_activity.comparator_evals += 2;
    m_activity.comparator_ones += c.a + c.b;
    return end_cycle(c, and_gate(c.a, c.b));
  }

 private:
  ComparatorSng m_a;
  ComparatorSng m_b;
};

}  // namespace

std::unique_ptr<IMultiplier> make_and_multiplier() { return std::make_unique<AndMultiplier>(); }

}  // namespace scmp::sim
