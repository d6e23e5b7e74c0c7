// per_row granularity, 2-D and 3-D, bipolar and unipolar (REFERENCE.md §6.7, §6.9); also the chunk_d
// "standard" path when D ≤ chunk_d (numerically identical, §6.7).
#include "sim/matmul/matmul_plan.hpp"
#include "sim/quant/grouped_bipolar.hpp"
#include "sim/quant/grouped_unipolar.hpp"

namespace scmp::sim {

MatmulResult matmul_per_row(const Tensor& a, const Tensor& b, const MatmulOptions& o, const MatmulPlan& plan) {
  const int B = plan.batch, N = plan.rows_a, M = plan.rows_b, D = plan.depth;
  Quantized qa, qb;
  if (plan.bipolar) {
    // §5.3 batched = §5.1 per slice, but for the boundary's fp32 evaluation (identical below sc_prec 12, §6.9).
    const BoundaryArith arith = plan.three_d ? BoundaryArith::double_ratio : BoundaryArith::recip;
    qa = quantize_grouped_bipolar_batched(a.data.data(), B, N, D, o.group_a, plan.sc_prec, plan.rng_levels, arith);
    qb = quantize_grouped_bipolar_batched(b.data.data(), B, M, D, o.group_b, plan.sc_prec, plan.rng_levels, arith);
  } else {
    qa = quantize_grouped_unipolar(a.data.data(), B, N, D, o.group_a, plan.sc_prec, plan.rng_levels);
    qb = quantize_grouped_unipolar(b.data.data(), B, M, D, o.group_b, plan.sc_prec, plan.rng_levels);
  }
  MatmulResult r;
  r.accumulators = run_core(plan, o, qa, qb, 0, r.hardware);
  r.chunks = 1;
  r.geometry = StreamGeometry{plan.sc_prec, plan.longest(), plan.rng_levels};
  r.y = plan.three_d ? Tensor({B, N, M}) : Tensor({N, M});
  const float fD = static_cast<float>(D);
  for (int h = 0; h < B; ++h) {
    for (int n = 0; n < N; ++n) {
      const std::size_t ia = static_cast<std::size_t>(h) * N + n;
      for (int m = 0; m < M; ++m) {
        const std::size_t ib = static_cast<std::size_t>(h) * M + m;
        const std::size_t o_i = (static_cast<std::size_t>(h) * N + n) * M + m;
        const float raw = static_cast<float>(r.accumulators[o_i]) * sigma_of(plan.q_max, pair_len(plan, n, m));
        const float s = qa.scale[ia] * qb.scale[ib];
        if (plan.bipolar) {
          r.y.data[o_i] = raw * s;
        } else {
          const float za = qa.zero_point[ia], zb = qb.zero_point[ib];
          r.y.data[o_i] = unipolar_output(raw, -zb, qa.row_sum[ia], za, qb.row_sum[ib], (fD * za) * zb, s);
        }
      }
    }
  }
  if (o.keep_levels) {
    r.qa = to_operand(qa, a.shape);
    r.qb = to_operand(qb, b.shape);
  }
  return r;
}

}  // namespace scmp::sim
