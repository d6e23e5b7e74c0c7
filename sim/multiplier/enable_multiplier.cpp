// Design (a): enable-signal AND (UnarySim FSUMul). a's comparator bit enables a conditional SNG for b.
#include "sim/multiplier/lane_base.hpp"
#include "sim/units/comparator_sng.hpp"
#include "sim/units/conditional_sng.hpp"
#include "sim/units/gates.hpp"

namespace scmp::sim {
namespace {

class EnableMultiplier final : public detail::LaneBase {
 public:
  Multiplier design() const override { return Multiplier::enable; }
  void reset(const LaneOperands& op) override {
    reset_base(op);
    m_a.load(static_cast<std::uint32_t>(op.ba));
    m_b = ConditionalSng(op.rb, op.stoc_len, static_cast<std::uint32_t>(op.bb));
  }
  CycleBits tick() override {
    begin_tick();
    CycleBits c;
    c.a = m_a(m_op.ra[m_t]);
    ++m_activity.rng_steps;
    ++m_activity.comparator_evals;
    m_activity.comparator_ones += c.a;
    if (c.a) {  // b's RNG steps and its comparator is evaluated only on enabled cycles
      ++m_activity.rng_steps;
      ++m_activity.comparator_evals;
    }
    c.b = m_b.tick(c.a);
    m_activity.comparator_ones += c.b;
    return end_cycle(c, and_gate(c.a, c.b));
  }

 private:
  ComparatorSng m_a;
  ConditionalSng m_b;
};

}  // namespace

std::unique_ptr<IMultiplier> make_enable_multiplier() { return std::make_unique<EnableMultiplier>(); }

}  // namespace scmp::sim
