// Design (a): enable-signal AND (UnarySim FSUMul). a's comparator bit enables a conditional SNG for b.
#include "sim/multiplier/design.hpp"
#include "sim/multiplier/lane_base.hpp"
#include "sim/multiplier/packed_bits.hpp"
#include "sim/units/comparator_sng.hpp"
#include "sim/units/conditional_sng.hpp"
#include "sim/units/gates.hpp"

namespace scmp::sim {
namespace {

class EnableMultiplier final : public detail::LaneBase {
 public:
  using LaneBase::LaneBase;

 protected:
  void load(const LaneOperands& op) override {
    m_a.load(static_cast<std::uint32_t>(op.ba));
    m_b = ConditionalSng(op.rb, op.stoc_len, static_cast<std::uint32_t>(op.bb));
  }
  CycleBits step() override {
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
    c.product = and_gate(c.a, c.b);
    return c;
  }

 private:
  ComparatorSng m_a;
  ConditionalSng m_b;
};

// k_a = #{t<L : ra[t] < ba};  c = #{j<k_a : rb[j] < bb}: b's RNG index advances only when a's bit is 1.
std::int64_t lane_count(const std::uint16_t* ra, const std::uint16_t* rb, int stoc_len, int ba, int bb) {
  std::int64_t c = 0;
  int j = 0;
  for (int t = 0; t < stoc_len; ++t) {
    if (ra[t] < ba) {
      c += rb[j] < bb;
      ++j;
    }
  }
  return c;
}

// b's index advances only on a's ones: the same count as the thermometer replay.
std::int64_t packed_count(const std::uint64_t* a, const std::uint64_t* b, int words, int) {
  return detail::thermometer_count(a, b, words);
}

// b's RNG and comparator step only on a's k_a ones; the gate and a's side run every cycle.
LaneActivity activity(std::int64_t k_a, std::int64_t, int stoc_len, std::int64_t unsigned_count, int sign) {
  LaneActivity act;
  act.gate_evals = stoc_len;
  act.rng_steps = act.comparator_evals = stoc_len + k_a;
  act.comparator_ones = k_a + unsigned_count;
  act.gate_ones = unsigned_count;
  act.counter_increments = sign != 0 ? unsigned_count : 0;
  return act;
}

}  // namespace

extern const MultiplierDesign k_enable_design = {
    .id = Multiplier::enable, .a_by_popcount = true,
    .lane_count = lane_count, .packed_count = packed_count, .activity = activity,
    .make_unit = detail::make_unit<EnableMultiplier>};

}  // namespace scmp::sim
