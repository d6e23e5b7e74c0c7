// The cycle-stepped SC matmul engine: steps L cycles over the lanes and returns the integer accumulators.
// Bit-packed: the comparator bitstream of every (lane, boundary) is held as 64-cycle machine words, so one
// word operation + popcount simulates 64 cycles of a lane's gate and counter.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/core_problem.hpp"
#include "sim/multiplier/multiplier.hpp"

namespace scmp::sim {

// Contract:
// - run_cycle_engine(problem) returns accumulators equal to accumulate_reference(problem), integer for integer.
// - lane_counts: also the signed count of every lane, [batch][N][M][D] (D = depth, not lanes).
// - activity: also the ActivityCounts below.
// - trace: also a per-cycle trace of every (batch, n, m, d) lane, produced by stepping the unit-level designs
//   of sim/multiplier one cycle at a time (slow: at most max_trace_bits = batch·N·M·D·L simulated cycles,
//   else InvalidArgument). With trace on, activity comes from the stepped units, otherwise from closed forms
//   over the packed words; the two agree (tested).
struct EngineOptions {
  bool lane_counts = false;  // also return per-lane counts [batch][N][M][D]
  bool activity = false;     // also count unit activity (the input of energy models)
  bool trace = false;        // also return per-cycle bit traces (small problems only)
  std::int64_t max_trace_bits = std::int64_t{1} << 22;
};

// Activity of the modelled units over the whole problem (each field a count of events). The modelled machine
// evaluates every (batch, n, m, d) product once, in a lane running the pair's L(n,m) cycles with the design's
// units (sim/multiplier). Per lane run, with k_a = #{t<L: ra[t]<ba}, k_b = #{t<L: rb[t]<bb} and c the unsigned
// product count (xnor: the number of matching cycles):
struct ActivityCounts {
  std::int64_t cycles = 0;              // array cycles: Σ over batch and pairs (n, m) of L(n,m) (all D lanes run in
                                        // parallel; the thermometer's popcount phase is not counted, it is a ROM
                                        // read or overlaps the previous pair)
  std::int64_t rng_steps = 0;           // RNG register updates, both sides: enable L + k_a (b's RNG advances only
                                        // when enabled); thermometer, and, xnor 2L
  std::int64_t comparator_evals = 0;    // SNG comparator evaluations, both sides (one per RNG step)
  std::int64_t comparator_ones = 0;     // ones the comparators produced: enable k_a + c; others k_a + k_b
  std::int64_t gate_evals = 0;          // multiplier gate (AND/XNOR) evaluations: L per lane run
  std::int64_t gate_ones = 0;           // ones out of the multiplier gates: c
  std::int64_t enable_counter_steps = 0;// enable down-counter decrements: thermometer k_a, others 0
  std::int64_t counter_increments = 0;  // up/down counter steps: c when the sign product is non-zero (xnor: L,
                                        // it steps up or down every cycle)
  std::int64_t accumulator_adds = 0;    // lane results added into S: batch·N·M·D
  std::int64_t register_bits = 0;       // state bits of one array of `depth` lanes at the longest L (static, not
                                        // per event): per lane 2p (RNG registers; the enable design's b side is
                                        // an index register of the same width) + 2·bits(G) (boundaries) +
                                        // signed bits(L) (lane counter) + bits(L) (thermometer: enable counter)
                                        // plus, per chunk, one signed accumulator of bits(chunk_len·L) + 1
  bool operator==(const ActivityCounts&) const = default;
};

// One lane's run, cycle by cycle (trace mode).
struct LaneTrace {
  int batch = 0, n = 0, m = 0, d = 0, lane = 0, stoc_len = 0;
  std::vector<CycleBits> cycles;  // stoc_len entries
  std::int64_t count = 0;         // signed count
};

struct EngineResult {
  std::vector<std::int64_t> accumulators;  // [batch][chunks][N][M]
  std::vector<std::int64_t> lane_counts;   // when requested
  ActivityCounts activity;                 // when requested
  std::vector<LaneTrace> traces;           // when requested, in (batch, n, m, d) order
};

EngineResult run_cycle_engine(const CoreProblem& problem, const EngineOptions& options = {});

// Comparator bitstreams of one side for one stream length, packed: bit t of word(lane, v)[t / 64] is
// [r'[lane][t] < v], for v = 0..G; bits at t ≥ L are 0.
class PackedStreams {
 public:
  PackedStreams() = default;
  explicit PackedStreams(const LaneStreams& streams) : PackedStreams(streams, 0, streams.lanes) {}
  // Only lanes [lane_begin, lane_end) (bounded memory for many lanes); bits() still takes the lane number.
  PackedStreams(const LaneStreams& streams, int lane_begin, int lane_end);
  int words() const { return m_words; }
  int levels() const { return m_levels; }
  int stoc_len() const { return m_stoc_len; }
  // The RNG values r'[lane][0..L) the comparators compared (for builders that evaluate all boundaries at once).
  const std::uint16_t* values(int lane) const {
    return m_values.data() + static_cast<std::size_t>(lane - m_first) * static_cast<std::size_t>(m_stoc_len);
  }
  const std::uint64_t* bits(int lane, int v) const {
    return m_bits.data() + (static_cast<std::size_t>(lane - m_first) * static_cast<std::size_t>(m_levels + 1) +
                            static_cast<std::size_t>(v)) * static_cast<std::size_t>(m_words);
  }

 private:
  int m_words = 0;
  int m_levels = 0;
  int m_first = 0;
  int m_stoc_len = 0;
  std::vector<std::uint64_t> m_bits;
  std::vector<std::uint16_t> m_values;
};

// The unsigned lane count of `design` from packed streams a and b of `words` words and length L (the formula of
// core_problem.hpp's Multiplier; xnor returns 2·matches − L).
std::int64_t packed_lane_count(Multiplier design, const std::uint64_t* a, const std::uint64_t* b, int words, int stoc_len);

}  // namespace scmp::sim
