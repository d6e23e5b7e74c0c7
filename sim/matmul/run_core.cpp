// From quantized operands to the backend's integer accumulators (the stochastic core of §6.1).
#include <map>
#include <mutex>
#include <set>

#include "sim/arith/triton_div.hpp"
#include "sim/matmul/backend.hpp"
#include "sim/matmul/cache.hpp"
#include "sim/matmul/matmul_plan.hpp"
#include "sim/multiplier/design.hpp"

namespace scmp::sim {

namespace {

// xnor designs encode a signed level q as P(1) = (q + q_max)/(2·q_max): boundary = round((q+q_max)·G/(2·q_max)),
// ties (possible: the divisor is even) rounded up.
std::vector<std::uint16_t> xnor_boundaries(const Quantized& q, int q_max, int G) {
  std::vector<std::uint16_t> out(q.level.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::int64_t u = static_cast<std::int64_t>(q.level[i]) + q_max;
    out[i] = static_cast<std::uint16_t>((2 * u * G + 2 * q_max) / (4 * static_cast<std::int64_t>(q_max)));
  }
  return out;
}

// Streams of every length the call uses, pinned (shared_ptr) for its whole duration.
class StreamSet {
 public:
  StreamSet(const MatmulPlan& plan, const ScrambleOptions& scramble) : m_plan(plan), m_scramble(scramble) {
    std::set<int> lengths{plan.stoc_len};
    lengths.insert(plan.len_a.begin(), plan.len_a.end());
    lengths.insert(plan.len_b.begin(), plan.len_b.end());
    for (int L : lengths) {
      for (Side s : {Side::a, Side::b}) fetch(s, L);
    }
  }
  const LaneStreams& get(Side side, int L) {
    std::lock_guard lock(m_mutex);
    const auto it = m_streams.find({side, L});
    if (it != m_streams.end()) return *it->second;
    return *fetch(side, L);
  }

 private:
  std::shared_ptr<const LaneStreams> fetch(Side side, int L) {
    const StreamGeometry g{m_plan.sc_prec, L, m_plan.rng_levels};
    auto s = cached_lane_streams(m_plan.rng, side, m_plan.lanes, g, m_scramble);
    m_streams[{side, L}] = s;
    return s;
  }
  const MatmulPlan& m_plan;
  ScrambleOptions m_scramble;
  std::mutex m_mutex;
  std::map<std::pair<Side, int>, std::shared_ptr<const LaneStreams>> m_streams;
};

}  // namespace

float sigma_of(int q_max, int stoc_len) {
  return div_full(static_cast<float>(static_cast<std::int64_t>(q_max) * q_max), static_cast<float>(stoc_len));
}

std::vector<std::int64_t> run_core(const MatmulPlan& plan, const MatmulOptions& options, const Quantized& qa,
                                   const Quantized& qb, int chunk, HardwareReport& hardware) {
  CoreProblem p;
  p.batch = plan.batch;
  p.rows_a = plan.rows_a;
  p.rows_b = plan.rows_b;
  p.depth = plan.depth;
  p.lanes = plan.lanes;
  p.chunk = chunk;
  p.multiplier = options.multiplier;
  p.geometry = StreamGeometry{plan.sc_prec, plan.longest(), plan.rng_levels};
  p.stoc_len_a = plan.len_a;
  p.stoc_len_b = plan.len_b;
  std::vector<std::uint16_t> xa, xb;
  if (multiplier_design(options.multiplier).bipolar_stream) {  // the sign moves into the stream's encoding
    xa = xnor_boundaries(qa, plan.q_max, plan.rng_levels);
    xb = xnor_boundaries(qb, plan.q_max, plan.rng_levels);
    p.boundary_a = xa.data();
    p.boundary_b = xb.data();
  } else {
    p.boundary_a = qa.boundary.data();
    p.boundary_b = qb.boundary.data();
    if (plan.bipolar) {
      p.sign_a = qa.sign.data();
      p.sign_b = qb.sign.data();
    }
  }
  auto streams = std::make_shared<StreamSet>(plan, options.scramble);
  p.streams = [streams](Side side, int L) -> const LaneStreams& { return streams->get(side, L); };
  // The report is made from `p` while xa/xb and the pinned streams are alive: the counts are of this problem.
  BackendRun run = usable_backend(options.backend).run(p, options.threads, backend_should_count(p, options));
  hardware = report_hardware(p, options, run.activity);
  return std::move(run.accumulators);
}

}  // namespace scmp::sim
