// Shared state of the multiplier designs: cycle counter, sign-magnitude up/down counter, activity, and the
// reset/tick protocol of IMultiplier around the design's own registers (load) and gate (step).
#pragma once
#include <optional>
#include <string>

#include "sim/base/error.hpp"
#include "sim/multiplier/design.hpp"
#include "sim/multiplier/multiplier.hpp"
#include "sim/units/up_down_counter.hpp"

namespace scmp::sim::detail {

// Design (e), sign-magnitude: every design ends in this up/down counter; the sign product selects the
// direction of a product bit (zero sign: the bit is not counted). Bipolar-encoded streams (xnor) count ±1.
class LaneBase : public IMultiplier {
 public:
  explicit LaneBase(const MultiplierDesign& design) : m_design(design.id), m_bipolar_stream(design.bipolar_stream) {}
  Multiplier design() const final { return m_design; }
  std::int64_t count() const final { return m_counter ? m_counter->value() : 0; }
  int cycle() const final { return m_t; }
  const LaneActivity& activity() const final { return m_activity; }

  // Checks the operands, clears the cycle, the counter and the activity, then loads the design's registers.
  void reset(const LaneOperands& op) final {
    require_range("stoc_len", op.stoc_len, 1, 1 << 16);
    require_range("sign", op.sign, -1, 1);
    if (m_bipolar_stream && op.sign != 1) {
      throw InvalidArgument("sign", std::to_string(op.sign),
                            to_string(m_design) + " streams carry the sign in their encoding: expected 1");
    }
    m_op = op;
    m_t = 0;
    m_activity = {};
    m_counter.emplace("lane_counter", signed_width_for(op.stoc_len));
    load(op);
  }
  // The design's cycle, then the gate's output bit is counted (sign-magnitude up/down, or ±1 for a bipolar
  // stream) and the cycle counter advances.
  CycleBits tick() final {
    if (m_t >= m_op.stoc_len) {
      throw ModelError("multiplier " + to_string(m_design) + " ticked past its " + std::to_string(m_op.stoc_len) +
                       " cycles");
    }
    CycleBits c = step();
    ++m_activity.gate_evals;
    m_activity.gate_ones += c.product;
    c.step = m_bipolar_stream ? count_step(c.product ? +1 : -1) : count_bit(c.product);
    ++m_t;
    return c;
  }

 protected:
  // The design's registers for a run (after the base's reset; phase-1 work such as a popcount goes here).
  virtual void load(const LaneOperands& op) = 0;
  // Cycle m_t: the gate's inputs a, b and its output `product`, with the activity of the design's own units.
  virtual CycleBits step() = 0;

  LaneOperands m_op;
  int m_t = 0;
  LaneActivity m_activity;

 private:
  // Counts a product bit with the sign; returns the counter step.
  int count_bit(bool product) {
    if (!product || m_op.sign == 0) return 0;
    return count_step(m_op.sign);
  }
  int count_step(int dir) {
    m_counter->step(dir);
    ++m_activity.counter_increments;
    return dir;
  }

  Multiplier m_design;
  bool m_bipolar_stream;
  std::optional<UpDownCounter> m_counter;
};

}  // namespace scmp::sim::detail
