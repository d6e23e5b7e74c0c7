// SC multiplier designs of one lane, stepped one cycle at a time from the units of sim/units (REFERENCE.md
// §6.11, §13). The designs are the `Multiplier` values of sim/engine/core_problem.hpp.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/core_problem.hpp"

namespace scmp::sim {

// What one lane multiplies: its prepared RNG streams (values in [0, G)), stream length, boundaries and the
// sign product. sign = sign_a·sign_b ∈ {−1, 0, +1} for sign-magnitude bipolar, +1 when unsigned.
struct LaneOperands {
  const std::uint16_t* ra = nullptr;  // a side, at least stoc_len values
  const std::uint16_t* rb = nullptr;  // b side, at least stoc_len values
  int stoc_len = 0;                   // L
  int ba = 0;                         // a boundary, 0..G
  int bb = 0;                         // b boundary, 0..G
  int sign = 1;                       // up/down counter direction for a product bit
};

// The signals of one cycle (for traces).
struct CycleBits {
  bool a = false;        // a-side signal entering the gate (comparator bit, or enable/thermometer bit)
  bool b = false;        // b-side comparator bit
  bool product = false;  // gate output
  int step = 0;          // what the lane counter did: +1, −1 or 0
};

// Events of one lane run (see ActivityCounts in sim/engine/cycle_engine.hpp for the definitions).
struct LaneActivity {
  std::int64_t rng_steps = 0;
  std::int64_t comparator_evals = 0;
  std::int64_t comparator_ones = 0;
  std::int64_t gate_evals = 0;
  std::int64_t gate_ones = 0;
  std::int64_t enable_counter_steps = 0;
  std::int64_t counter_increments = 0;
};

// Contract:
// - reset(op) loads the boundary registers and clears every counter; designs with a first phase (the
//   thermometer's popcount of a) run it inside reset() and record its activity.
// - tick() is one cycle t = cycle() (0 ≤ t < L): the comparators sample r[t] (or r[j] for a conditional SNG),
//   the gate fires, the lane's up/down counter steps by `sign` on a product bit (xnor: +1 on a match, −1 on a
//   mismatch). Calling tick() more than L times throws ModelError.
// - count() after L ticks equals lane_count(design, ra, rb, L, ba, bb) · sign (core_problem.hpp).
// - The lane does not own the streams; they must outlive the run.
class IMultiplier {
 public:
  virtual ~IMultiplier() = default;
  virtual Multiplier design() const = 0;
  virtual void reset(const LaneOperands& op) = 0;
  virtual CycleBits tick() = 0;
  virtual std::int64_t count() const = 0;
  virtual int cycle() const = 0;
  virtual const LaneActivity& activity() const = 0;

  // reset(op), then L ticks; returns count().
  std::int64_t run(const LaneOperands& op) {
    reset(op);
    for (int t = 0; t < op.stoc_len; ++t) tick();
    return count();
  }
};

// Registry: the design a name (or enum value) names. Throws InvalidArgument("multiplier", name, …).
std::unique_ptr<IMultiplier> make_multiplier(Multiplier design);
std::unique_ptr<IMultiplier> make_multiplier(const std::string& name);
// Registered names, in registry order: enable, thermometer, and, xnor.
std::vector<std::string> multiplier_names();

}  // namespace scmp::sim
