// per_head granularity (REFERENCE.md §6.6b): 3-D (BH, N, D) × (BH, M, D), one scale per head and operand,
// bipolar only; output f(S) ⊗ (σ ⊗ (s_a[h] ⊗ s_b[h])) — σ meets the head scale first.
#include "sim/matmul/matmul_plan.hpp"
#include "sim/quant/per_head.hpp"

namespace scmp::sim {

MatmulResult matmul_per_head(const Tensor& a, const Tensor& b, const MatmulOptions& o, const MatmulPlan& plan) {
  const int B = plan.batch, N = plan.rows_a, M = plan.rows_b, D = plan.depth;
  const Quantized qa = quantize_per_head_bipolar(a.data.data(), B, N, D, plan.sc_prec, plan.rng_levels);
  const Quantized qb = quantize_per_head_bipolar(b.data.data(), B, M, D, plan.sc_prec, plan.rng_levels);
  MatmulResult r;
  r.accumulators = run_core(plan, o, qa, qb, 0, r.hardware);
  r.chunks = 1;
  r.geometry = StreamGeometry{plan.sc_prec, plan.longest(), plan.rng_levels};
  r.y = Tensor({B, N, M});
  const float sigma = sigma_of(plan.q_max, plan.stoc_len);
  for (int h = 0; h < B; ++h) {
    const float head = sigma * (qa.scale[static_cast<std::size_t>(h)] * qb.scale[static_cast<std::size_t>(h)]);
    for (std::size_t i = static_cast<std::size_t>(h) * N * M; i < static_cast<std::size_t>(h + 1) * N * M; ++i) {
      r.y.data[i] = static_cast<float>(r.accumulators[i]) * head;
    }
  }
  if (o.keep_levels) {
    r.qa = to_operand(qa, a.shape);
    r.qb = to_operand(qb, b.shape);
  }
  return r;
}

}  // namespace scmp::sim
