// per_tensor granularity (REFERENCE.md §6.6a): one range per operand, host scalars in double. A 3-D operand
// uses ONE global range over all its slices (the reference's behaviour, §12.10, kept for bit-exactness);
// each slice is then multiplied as in the 2-D case.
#include <algorithm>
#include <cmath>

#include "sim/matmul/matmul_plan.hpp"
#include "sim/quant/per_tensor.hpp"

namespace scmp::sim {

namespace {
std::pair<double, double> range_of(const Tensor& t) {
  const auto [mn, mx] = std::minmax_element(t.data.begin(), t.data.end());
  return {static_cast<double>(*mx), static_cast<double>(*mn)};
}
}  // namespace

MatmulResult matmul_per_tensor(const Tensor& a, const Tensor& b, const MatmulOptions& o, const MatmulPlan& plan) {
  const int B = plan.batch, N = plan.rows_a, M = plan.rows_b, D = plan.depth;
  const auto [amax, amin] = range_of(a);
  const auto [bmax, bmin] = range_of(b);
  Quantized qa, qb;
  if (plan.bipolar) {
    qa = quantize_per_tensor_bipolar(a.data.data(), a.data.size(), std::max(std::fabs(amax), std::fabs(amin)),
                                     plan.sc_prec, plan.rng_levels);
    qb = quantize_per_tensor_bipolar(b.data.data(), b.data.size(), std::max(std::fabs(bmax), std::fabs(bmin)),
                                     plan.sc_prec, plan.rng_levels);
  } else {
    qa = quantize_per_tensor_unipolar(a.data.data(), static_cast<std::size_t>(B) * N, D, amax, amin, plan.sc_prec,
                                      plan.rng_levels);
    qb = quantize_per_tensor_unipolar(b.data.data(), static_cast<std::size_t>(B) * M, D, bmax, bmin, plan.sc_prec,
                                      plan.rng_levels);
  }
  MatmulResult r;
  r.accumulators = run_core(plan, o, qa, qb, 0, r.hardware);
  r.chunks = 1;
  r.geometry = StreamGeometry{plan.sc_prec, plan.longest(), plan.rng_levels};
  r.y = plan.three_d ? Tensor({B, N, M}) : Tensor({N, M});
  const float sigma = sigma_of(plan.q_max, plan.stoc_len);
  const float s = static_cast<float>(qa.scale_d * qb.scale_d);
  // Unipolar correction terms (host): f(−zp_b), f(zp_a), f(D·zp_a·zp_b) with the product in double.
  const float nzb = static_cast<float>(-qb.zero_point_d);
  const float za = static_cast<float>(qa.zero_point_d);
  const float t4 = static_cast<float>(static_cast<double>(D) * qa.zero_point_d * qb.zero_point_d);
  for (int h = 0; h < B; ++h) {
    for (int n = 0; n < N; ++n) {
      for (int m = 0; m < M; ++m) {
        const std::size_t i = (static_cast<std::size_t>(h) * N + n) * M + m;
        const float raw = static_cast<float>(r.accumulators[i]) * sigma;
        if (plan.bipolar) {
          r.y.data[i] = raw * s;
        } else {
          r.y.data[i] = unipolar_output(raw, nzb, qa.row_sum[static_cast<std::size_t>(h) * N + n], za,
                                        qb.row_sum[static_cast<std::size_t>(h) * M + m], t4, s);
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
