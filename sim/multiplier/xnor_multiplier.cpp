// Design (d): bipolar XNOR of two comparator streams ((x+1)/2 encoding); the counter counts up on a match and
// down on a mismatch, so after L cycles it holds 2·matches − L.
#include "sim/multiplier/lane_base.hpp"
#include "sim/units/comparator_sng.hpp"
#include "sim/units/gates.hpp"

namespace scmp::sim {
namespace {

class XnorMultiplier final : public detail::LaneBase {
 public:
  Multiplier design() const override { return Multiplier::xnor; }
  void reset(const LaneOperands& op) override {
    reset_base(op);
    if (op.sign != 1) {
      throw InvalidArgument("sign", std::to_string(op.sign), "xnor streams carry the sign in their encoding: expected 1");
    }
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
    return end_cycle(c, xnor_gate(c.a, c.b), /*bipolar_stream=*/true);
  }

 private:
  ComparatorSng m_a;
  ComparatorSng m_b;
};

}  // namespace

std::unique_ptr<IMultiplier> make_xnor_multiplier() { return std::make_unique<XnorMultiplier>(); }

}  // namespace scmp::sim
