// HardwareReport of one core run: cycles and stream lengths from the problem, activity from the backend's own
// run or from the cycle engine on the same problem (full or row-sampled).
#include "sim/matmul/hardware_report.hpp"

#include "sim/engine/activity_sample.hpp"
#include "sim/matmul/matmul_plan.hpp"

namespace scmp::sim {

bool backend_should_count(const CoreProblem& p, const MatmulOptions& o) {
  if (o.activity == ActivityMode::full) return true;
  return o.activity == ActivityMode::sampled && sample_is_whole(p, o.activity_sample_rows);
}

HardwareReport report_hardware(const CoreProblem& p, const MatmulOptions& o, const std::optional<ActivityCounts>& counted) {
  HardwareReport h;
  // Sums of integers, exact; the means divide once so they equal every other exact-integer formulation.
  std::int64_t pair_sum = 0;
  for (int n = 0; n < p.rows_a; ++n) {
    for (int m = 0; m < p.rows_b; ++m) pair_sum += p.pair_stoc_len(n, m);
  }
  h.cycles = static_cast<std::int64_t>(p.batch) * p.chunks() * pair_sum;
  std::int64_t row_sum = 0;
  for (int n = 0; n < p.rows_a; ++n) {
    row_sum += p.stoc_len_a.empty() ? p.geometry.stoc_len : p.stoc_len_a[static_cast<std::size_t>(n)];
  }
  h.mean_stoc_len_row = static_cast<double>(row_sum) / static_cast<double>(p.rows_a);
  h.mean_stoc_len_pair = static_cast<double>(pair_sum) / (static_cast<double>(p.rows_a) * static_cast<double>(p.rows_b));
  h.mode = o.activity;
  if (o.activity == ActivityMode::off) return h;
  if (counted && backend_should_count(p, o)) {
    h.activity = *counted;
    h.sample_rows_a = p.rows_a;
    h.sample_rows_b = p.rows_b;
    h.counted_by_backend = true;
    return h;
  }
  const ActivityReport r = count_activity(p, o.activity == ActivityMode::full ? 0 : o.activity_sample_rows);
  h.activity = r.counts;
  h.sampled = r.sampled;
  h.sample_rows_a = r.sample_rows_a;
  h.sample_rows_b = r.sample_rows_b;
  return h;
}

}  // namespace scmp::sim
