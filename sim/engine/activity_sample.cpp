// Row-sampled activity counting on the computation's own core problem.
#include "sim/engine/activity_sample.hpp"

#include <cmath>

namespace scmp::sim {

std::vector<int> evenly_spaced_rows(int count, int want) {
  std::vector<int> idx;
  if (count <= want) {
    for (int i = 0; i < count; ++i) idx.push_back(i);
  } else {
    for (int i = 0; i < want; ++i) {
      idx.push_back(static_cast<int>(static_cast<std::int64_t>(i) * count / want));
    }
  }
  return idx;
}

bool sample_is_whole(const CoreProblem& p, int sample_rows) {
  return sample_rows <= 0 || (p.batch == 1 && p.rows_a <= sample_rows && p.rows_b <= sample_rows);
}

ActivityCounts scale_activity(const ActivityCounts& c, double factor) {
  auto sc = [&](std::int64_t v) { return static_cast<std::int64_t>(std::llround(static_cast<double>(v) * factor)); };
  ActivityCounts s = c;
  s.cycles = sc(c.cycles);
  s.rng_steps = sc(c.rng_steps);
  s.comparator_evals = sc(c.comparator_evals);
  s.comparator_ones = sc(c.comparator_ones);
  s.gate_evals = sc(c.gate_evals);
  s.gate_ones = sc(c.gate_ones);
  s.enable_counter_steps = sc(c.enable_counter_steps);
  s.counter_increments = sc(c.counter_increments);
  s.accumulator_adds = sc(c.accumulator_adds);
  return s;
}

namespace {

// Gathers the listed rows of one side ([batch 0][row][depth]) into `out`.
template <class T>
const T* gather_rows(const T* src, const std::vector<int>& rows, int depth, std::vector<T>& out) {
  if (src == nullptr) return nullptr;
  for (int r : rows) {
    const T* row = src + static_cast<std::size_t>(r) * static_cast<std::size_t>(depth);
    out.insert(out.end(), row, row + depth);
  }
  return out.data();
}

std::vector<int> pick(const std::vector<int>& lens, const std::vector<int>& rows) {
  std::vector<int> out;
  if (lens.empty()) return out;
  for (int r : rows) out.push_back(lens[static_cast<std::size_t>(r)]);
  return out;
}

}  // namespace

ActivityReport count_activity(const CoreProblem& p, int sample_rows) {
  EngineOptions eo;
  eo.activity = true;
  ActivityReport out;
  if (sample_is_whole(p, sample_rows)) {
    out.counts = run_cycle_engine(p, eo).activity;
    out.sample_rows_a = p.rows_a;
    out.sample_rows_b = p.rows_b;
    return out;
  }
  const std::vector<int> ia = evenly_spaced_rows(p.rows_a, sample_rows);
  const std::vector<int> ib = evenly_spaced_rows(p.rows_b, sample_rows);
  std::vector<std::uint16_t> ba, bb;
  std::vector<std::int8_t> sa, sb;
  CoreProblem s = p;  // same lanes, chunk, multiplier, geometry and stream provider
  s.batch = 1;
  s.rows_a = static_cast<int>(ia.size());
  s.rows_b = static_cast<int>(ib.size());
  s.boundary_a = gather_rows(p.boundary_a, ia, p.depth, ba);
  s.boundary_b = gather_rows(p.boundary_b, ib, p.depth, bb);
  s.sign_a = gather_rows(p.sign_a, ia, p.depth, sa);
  s.sign_b = gather_rows(p.sign_b, ib, p.depth, sb);
  s.stoc_len_a = pick(p.stoc_len_a, ia);
  s.stoc_len_b = pick(p.stoc_len_b, ib);
  const ActivityCounts counted = run_cycle_engine(s, eo).activity;
  const double factor = static_cast<double>(static_cast<std::int64_t>(p.batch) * p.rows_a * p.rows_b) /
                        static_cast<double>(ia.size() * ib.size());
  out.counts = scale_activity(counted, factor);
  out.sampled = true;
  out.sample_rows_a = s.rows_a;
  out.sample_rows_b = s.rows_b;
  return out;
}

}  // namespace scmp::sim
