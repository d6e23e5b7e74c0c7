// Shared state of the multiplier designs: cycle counter, sign-magnitude up/down counter, activity.
#pragma once
#include <optional>

#include "sim/base/error.hpp"
#include "sim/multiplier/multiplier.hpp"
#include "sim/units/up_down_counter.hpp"

namespace scmp::sim::detail {

// Design (e), sign-magnitude: every design ends in this up/down counter; the sign product selects the
// direction of a product bit (zero sign: the bit is not counted).
class LaneBase : public IMultiplier {
 public:
  explicit LaneBase(Multiplier design) : m_design(design) {}
  Multiplier design() const final { return m_design; }
  std::int64_t count() const override { return m_counter ? m_counter->value() : 0; }
  int cycle() const override { return m_t; }
  const LaneActivity& activity() const override { return m_activity; }

 protected:
  void reset_base(const LaneOperands& op) {
    require_range("stoc_len", op.stoc_len, 1, 1 << 16);
    require_range("sign", op.sign, -1, 1);
    m_op = op;
    m_t = 0;
    m_activity = {};
    m_counter.emplace("lane_counter", signed_width_for(op.stoc_len));
  }
  void begin_tick() {
    if (m_t >= m_op.stoc_len) {
      throw ModelError("multiplier " + to_string(design()) + " ticked past its " + std::to_string(m_op.stoc_len) +
                       " cycles");
    }
  }
  // Counts a product bit with the sign; returns the counter step.
  int count_bit(bool product) {
    if (!product || m_op.sign == 0) return 0;
    m_counter->step(m_op.sign);
    ++m_activity.counter_increments;
    return m_op.sign;
  }
  int count_step(int dir) {
    m_counter->step(dir);
    ++m_activity.counter_increments;
    return dir;
  }
  // The end of every cycle: the multiplier gate's output bit is counted (sign-magnitude up/down, or ±1 for
  // xnor's bipolar stream) and the cycle counter advances.
  CycleBits end_cycle(CycleBits c, bool product, bool bipolar_stream = false) {
    c.product = product;
    ++m_activity.gate_evals;
    m_activity.gate_ones += product;
    c.step = bipolar_stream ? count_step(product ? +1 : -1) : count_bit(product);
    ++m_t;
    return c;
  }

  Multiplier m_design;
  LaneOperands m_op;
  int m_t = 0;
  LaneActivity m_activity;
  std::optional<UpDownCounter> m_counter;
};

}  // namespace scmp::sim::detail
