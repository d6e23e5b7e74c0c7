// Design (b): thermometer replay. Phase 1 counts a's comparator ones (k_a); phase 2 replays en(t) = [t < k_a]
// from a down-counter and ANDs it with b's comparator stream.
#include "sim/multiplier/lane_base.hpp"
#include "sim/units/comparator_sng.hpp"
#include "sim/units/enable_counter.hpp"
#include "sim/units/gates.hpp"

namespace scmp::sim {
namespace {

class ThermometerMultiplier final : public detail::LaneBase {
 public:
  Multiplier design() const override { return Multiplier::thermometer; }
  void reset(const LaneOperands& op) override {
    reset_base(op);
    ComparatorSng a(static_cast<std::uint32_t>(op.ba));
    UpDownCounter popcount("k_a", unsigned_width_for(op.stoc_len), false);
    for (int t = 0; t < op.stoc_len; ++t) {  // phase 1: the A-side popcount (or a k_table ROM read)
      const bool bit = a(op.ra[t]);
      if (bit) popcount.up();
    }
    m_activity.rng_steps += op.stoc_len;
    m_activity.comparator_evals += op.stoc_len;
    m_activity.comparator_ones += popcount.value();
    m_enable.emplace("enable", unsigned_width_for(op.stoc_len));
    m_enable->load(popcount.value());
    m_b.load(static_cast<std::uint32_t>(op.bb));
  }
  CycleBits tick() override {
    begin_tick();
    CycleBits c;
    const bool was_loaded = m_enable->value() > 0;
    c.a = m_enable->tick();
    m_activity.enable_counter_steps += was_loaded;
    c.b = m_b(m_op.rb[m_t]);
    ++m_activity.rng_steps;
    ++m_activity.comparator_evals;
    m_activity.comparator_ones += c.b;
    return end_cycle(c, and_gate(c.a, c.b));
  }

 private:
  std::optional<EnableDownCounter> m_enable;
  ComparatorSng m_b;
};

}  // namespace

std::unique_ptr<IMultiplier> make_thermometer_multiplier() { return std::make_unique<ThermometerMultiplier>(); }

}  // namespace scmp::sim
