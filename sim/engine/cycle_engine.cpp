// The bit-packed cycle engine, its activity counts and the unit-stepped trace mode.
#include "sim/engine/cycle_engine.hpp"

#include <bit>
#include <map>

#include "sim/base/error.hpp"
#include "sim/multiplier/design.hpp"
#include "sim/multiplier/packed_bits.hpp"
#include "sim/units/up_down_counter.hpp"

namespace scmp::sim {

PackedStreams::PackedStreams(const LaneStreams& s, int lane_begin, int lane_end)
    : m_words((s.stoc_len + 63) / 64), m_levels(s.rng_levels), m_first(lane_begin), m_stoc_len(s.stoc_len) {
  require_range("lane_begin", lane_begin, 0, s.lanes);
  require_range("lane_end", lane_end, lane_begin, s.lanes);
  const std::size_t per_lane = static_cast<std::size_t>(m_levels + 1) * static_cast<std::size_t>(m_words);
  m_bits.assign(static_cast<std::size_t>(lane_end - lane_begin) * per_lane, 0);
  m_values.assign(s.lane(lane_begin), s.lane(lane_begin) + static_cast<std::size_t>(lane_end - lane_begin) * s.stoc_len);
  for (int lane = lane_begin; lane < lane_end; ++lane) {
    std::uint64_t* base = m_bits.data() + static_cast<std::size_t>(lane - lane_begin) * per_lane;
    const std::uint16_t* r = s.lane(lane);
    // Set bit t in every level v > r[t]: mark v = r[t] + 1, then a running OR over v builds [r < v].
    for (int t = 0; t < s.stoc_len; ++t) {
      const int v = r[t] + 1;
      if (v <= m_levels) base[static_cast<std::size_t>(v) * m_words + t / 64] |= std::uint64_t{1} << (t % 64);
    }
    for (int v = 1; v <= m_levels; ++v) {
      for (int w = 0; w < m_words; ++w) {
        base[static_cast<std::size_t>(v) * m_words + w] |= base[static_cast<std::size_t>(v - 1) * m_words + w];
      }
    }
  }
}

std::int64_t packed_lane_count(Multiplier design, const std::uint64_t* a, const std::uint64_t* b, int words, int stoc_len) {
  return multiplier_design(design).packed_count(a, b, words, stoc_len);
}

namespace {

struct LengthBank {
  PackedStreams a, b;
};

int bits_for_levels(int G) { return unsigned_width_for(G); }

ActivityCounts static_activity(const CoreProblem& p) {
  ActivityCounts act;
  const int L = p.geometry.stoc_len;
  std::int64_t lane_bits = 2 * p.geometry.sc_prec + 2 * bits_for_levels(p.geometry.rng_levels) + signed_width_for(L);
  lane_bits += multiplier_design(p.multiplier).extra_lane_bits(L);
  act.register_bits = static_cast<std::int64_t>(p.depth) * lane_bits;
  for (int k = 0; k < p.chunks(); ++k) {
    const int len = p.chunk > 0 ? std::min(p.chunk, p.depth - k * p.chunk) : p.depth;
    act.register_bits += signed_width_for(static_cast<std::int64_t>(len) * L);
  }
  return act;
}

void add_lane_activity(ActivityCounts& act, const LaneActivity& a) {
  act.rng_steps += a.rng_steps;
  act.comparator_evals += a.comparator_evals;
  act.comparator_ones += a.comparator_ones;
  act.gate_evals += a.gate_evals;
  act.gate_ones += a.gate_ones;
  act.enable_counter_steps += a.enable_counter_steps;
  act.counter_increments += a.counter_increments;
}

}  // namespace

EngineResult run_cycle_engine(const CoreProblem& p, const EngineOptions& options) {
  validate_core_problem(p);
  EngineResult out;
  out.accumulators.assign(p.accumulator_count(), 0);
  const std::size_t D = static_cast<std::size_t>(p.depth);
  if (options.lane_counts) {
    out.lane_counts.assign(static_cast<std::size_t>(p.batch) * p.rows_a * p.rows_b * D, 0);
  }
  if (options.trace) {
    std::int64_t bits = 0;
    for (int n = 0; n < p.rows_a; ++n) {
      for (int m = 0; m < p.rows_b; ++m) bits += p.pair_stoc_len(n, m);
    }
    bits *= static_cast<std::int64_t>(p.batch) * p.depth;
    if (bits > options.max_trace_bits) {
      throw InvalidArgument("trace", std::to_string(bits) + " simulated cycles",
                            "expected at most max_trace_bits = " + std::to_string(options.max_trace_bits));
    }
  }
  if (options.activity) out.activity = static_activity(p);
  std::map<int, LengthBank> banks;  // one packed bank per distinct pair length
  const auto bank_for = [&](int L) -> const LengthBank& {
    auto it = banks.find(L);
    if (it == banks.end()) {
      it = banks.emplace(L, LengthBank{PackedStreams(p.streams(Side::a, L)), PackedStreams(p.streams(Side::b, L))}).first;
    }
    return it->second;
  };
  const MultiplierDesign& design = multiplier_design(p.multiplier);
  std::unique_ptr<IMultiplier> unit = options.trace ? design.unit() : nullptr;
  const int chunks = p.chunks();
  for (int h = 0; h < p.batch; ++h) {
    for (int n = 0; n < p.rows_a; ++n) {
      for (int m = 0; m < p.rows_b; ++m) {
        const int L = p.pair_stoc_len(n, m);
        const LengthBank& bank = bank_for(L);
        const int words = bank.a.words();
        if (options.activity) {
          out.activity.cycles += L;
          out.activity.accumulator_adds += p.depth;
        }
        const std::size_t row_a = (static_cast<std::size_t>(h) * p.rows_a + n) * D;
        const std::size_t row_b = (static_cast<std::size_t>(h) * p.rows_b + m) * D;
        for (int d = 0; d < p.depth; ++d) {
          const int lane = d % p.lanes;
          const int ba = p.boundary_a[row_a + d];
          const int bb = p.boundary_b[row_b + d];
          const std::uint64_t* wa = bank.a.bits(lane, ba);
          const std::uint64_t* wb = bank.b.bits(lane, bb);
          const std::int64_t unsigned_count = design.packed_count(wa, wb, words, L);
          const int sign = p.sign_a != nullptr ? p.sign_a[row_a + d] * p.sign_b[row_b + d] : 1;
          const std::int64_t c = unsigned_count * sign;
          if (options.trace) {
            const LaneStreams& sa = p.streams(Side::a, L);
            const LaneStreams& sb = p.streams(Side::b, L);
            LaneTrace tr{h, n, m, d, lane, L, {}, 0};
            unit->reset(LaneOperands{sa.lane(lane), sb.lane(lane), L, ba, bb, sign});
            for (int t = 0; t < L; ++t) tr.cycles.push_back(unit->tick());
            tr.count = unit->count();
            if (tr.count != c) {
              throw ModelError("cycle engine: unit-stepped lane count " + std::to_string(tr.count) +
                               " differs from the packed count " + std::to_string(c));
            }
            if (options.activity) add_lane_activity(out.activity, unit->activity());
            out.traces.push_back(std::move(tr));
          } else if (options.activity) {
            add_lane_activity(out.activity, design.activity(detail::popcount_words(wa, words),
                                                            detail::popcount_words(wb, words), L, unsigned_count, sign));
          }
          const int k = p.chunk > 0 ? d / p.chunk : 0;
          out.accumulators[((static_cast<std::size_t>(h) * chunks + k) * p.rows_a + n) * p.rows_b + m] += c;
          if (options.lane_counts) {
            out.lane_counts[((static_cast<std::size_t>(h) * p.rows_a + n) * p.rows_b + m) * D + d] = c;
          }
        }
      }
    }
  }
  return out;
}

}  // namespace scmp::sim
