// The chunk_d path (REFERENCE.md §6.8): chunk_d RNG lanes, dimension d on lane d mod chunk_d with the local
// mask; operands quantized per row per chunk; one scaled partial per chunk, summed in ascending chunk order.
#include "sim/matmul/matmul_plan.hpp"
#include "sim/quant/fused_rows_bipolar.hpp"

namespace scmp::sim {

namespace {
// Quantizes every chunk of `x` (rows × D) with the fused per-row quantizer; scales are [chunk][row].
Quantized quantize_chunks(const float* x, int rows, int D, int c, const MatmulPlan& plan) {
  const int chunks = (D + c - 1) / c;
  Quantized out;
  const std::size_t n = static_cast<std::size_t>(rows) * D;
  out.boundary.resize(n);
  out.sign.resize(n);
  out.level.resize(n);
  out.scale.resize(static_cast<std::size_t>(chunks) * rows);
  for (int k = 0; k < chunks; ++k) {
    const int d0 = k * c;
    const int len = std::min(c, D - d0);
    const Quantized q = quantize_fused_rows_bipolar(x + d0, rows, len, static_cast<std::size_t>(D), plan.sc_prec,
                                                    plan.rng_levels);
    for (int r = 0; r < rows; ++r) {
      out.scale[static_cast<std::size_t>(k) * rows + r] = q.scale[static_cast<std::size_t>(r)];
      for (int j = 0; j < len; ++j) {
        const std::size_t src = static_cast<std::size_t>(r) * len + j;
        const std::size_t dst = static_cast<std::size_t>(r) * D + d0 + j;
        out.boundary[dst] = q.boundary[src];
        out.sign[dst] = q.sign[src];
        out.level[dst] = q.level[src];
      }
    }
  }
  return out;
}
}  // namespace

MatmulResult matmul_chunked(const Tensor& a, const Tensor& b, const MatmulOptions& o, const MatmulPlan& plan) {
  const int N = plan.rows_a, M = plan.rows_b, D = plan.depth, c = o.chunk_d;
  const int chunks = (D + c - 1) / c;
  const Quantized qa = quantize_chunks(a.data.data(), N, D, c, plan);
  const Quantized qb = quantize_chunks(b.data.data(), M, D, c, plan);
  MatmulResult r;
  r.accumulators = run_core(plan, o, qa, qb, c, r.hardware);
  r.chunks = chunks;
  r.geometry = StreamGeometry{plan.sc_prec, plan.longest(), plan.rng_levels};
  r.y = Tensor({N, M}, 0.0f);
  for (int k = 0; k < chunks; ++k) {
    for (int n = 0; n < N; ++n) {
      const float sa = qa.scale[static_cast<std::size_t>(k) * N + n];
      for (int m = 0; m < M; ++m) {
        const float part = static_cast<float>(r.accumulators[(static_cast<std::size_t>(k) * N + n) * M + m]) *
                           sigma_of(plan.q_max, pair_len(plan, n, m));
        float& out = r.y.data[static_cast<std::size_t>(n) * M + m];
        out = out + part * (sa * qb.scale[static_cast<std::size_t>(k) * M + m]);
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
