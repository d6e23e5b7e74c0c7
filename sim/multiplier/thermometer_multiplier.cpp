// Design (b): thermometer replay. Phase 1 counts a's comparator ones (k_a); phase 2 replays en(t) = [t < k_a]
// from a down-counter and ANDs it with b's comparator stream.
#include "sim/multiplier/design.hpp"
#include "sim/multiplier/lane_base.hpp"
#include "sim/multiplier/packed_bits.hpp"
#include "sim/units/comparator_sng.hpp"
#include "sim/units/enable_counter.hpp"
#include "sim/units/gates.hpp"

namespace scmp::sim {
namespace {

class ThermometerMultiplier final : public detail::LaneBase {
 public:
  using LaneBase::LaneBase;

 protected:
  void load(const LaneOperands& op) override {
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
  CycleBits step() override {  // phase 2: en(t) AND b
    CycleBits c;
    const bool was_loaded = m_enable->value() > 0;
    c.a = m_enable->tick();
    m_activity.enable_counter_steps += was_loaded;
    c.b = m_b(m_op.rb[m_t]);
    ++m_activity.rng_steps;
    ++m_activity.comparator_evals;
    m_activity.comparator_ones += c.b;
    c.product = and_gate(c.a, c.b);
    return c;
  }

 private:
  std::optional<EnableDownCounter> m_enable;
  ComparatorSng m_b;
};

// en(t) = [t < k_a] replayed against b's stream: c = #{t<L : t<k_a && rb[t] < bb} (= enable).
std::int64_t lane_count(const std::uint16_t* ra, const std::uint16_t* rb, int stoc_len, int ba, int bb) {
  std::int64_t c = 0;
  int k_a = 0;
  for (int t = 0; t < stoc_len; ++t) k_a += ra[t] < ba;
  for (int t = 0; t < k_a; ++t) c += rb[t] < bb;
  return c;
}

std::int64_t packed_count(const std::uint64_t* a, const std::uint64_t* b, int words, int) {
  return detail::thermometer_count(a, b, words);
}

// Phase 1 steps a's RNG and comparator L times, phase 2 b's; the enable counter steps k_a times.
LaneActivity activity(std::int64_t k_a, std::int64_t k_b, int stoc_len, std::int64_t unsigned_count, int sign) {
  LaneActivity act = detail::two_stream_activity(k_a, k_b, stoc_len, unsigned_count, sign != 0 ? unsigned_count : 0);
  act.enable_counter_steps = k_a;
  return act;
}

}  // namespace

extern const MultiplierDesign k_thermometer_design = {
    .id = Multiplier::thermometer, .a_by_popcount = true,
    .extra_lane_bits = [](int stoc_len) { return unsigned_width_for(stoc_len); },  // the enable down-counter
    .lane_count = lane_count, .packed_count = packed_count, .activity = activity,
    .make_unit = detail::make_unit<ThermometerMultiplier>};

}  // namespace scmp::sim
