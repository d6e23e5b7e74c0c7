// The validated, resolved form of one sc_matmul call (REFERENCE.md §6.5 checks plus the §12 fixes), and the
// output formulas every backend shares. Public: the CUDA pipeline (gpu/pipeline.cu) resolves its calls with it.
#pragma once
#include <algorithm>
#include <vector>

#include "sim/matmul/sc_matmul.hpp"

namespace scmp::sim {

// Contract: resolve_matmul throws InvalidArgument (naming the parameter and value) for every input the
// reference rejects with ValueError and for every input on which it silently computes garbage (§12.3, 4, 20).
struct MatmulPlan {
  int sc_prec = 8;
  int stoc_len = 256;     // the uniform L (halve applied)
  int rng_levels = 256;   // G (halve applied)
  int q_max = 127;        // bipolar 2^(p−1)−1, unipolar 2^p−1
  bool bipolar = true;
  bool three_d = false;
  int batch = 1;          // B (3-D) or 1
  int rows_a = 0;         // N
  int rows_b = 0;         // M
  int depth = 0;          // D
  bool chunked = false;   // per_row with chunk_d > 0 and D > chunk_d (§6.8)
  int lanes = 0;          // RNG lanes: D, or chunk_d on the chunked path
  std::vector<int> len_a; // mixed precision: L per row of a and b (both filled, or both empty)
  std::vector<int> len_b;
  RngConfig rng;          // options.rng or the default sobol_simple(lanes, p)
  int longest() const;    // the longest stream length any pair runs
};

MatmulPlan resolve_matmul(const Tensor& a, const Tensor& b, const MatmulOptions& options);

// σ = f(q_max²) ÷ꜰ f(L): Triton's division (sim/arith/triton_div.hpp), as the reference's kernel computes it.
float sigma_of(int q_max, int stoc_len);
// The unipolar output (§6.7 per_row, §11 per_tensor): y = (raw + (((−zp_b)·Σq_a − zp_a·Σq_b) + t4))·scale in fp32,
// each operation rounded on its own (t4 = D·zp_a·zp_b, formed per path; the GPU's twin is in gpu/pipeline.cu).
inline float unipolar_output(float raw, float neg_zb, float sum_a, float za, float sum_b, float t4, float scale) {
  return (raw + (((neg_zb * sum_a) - (za * sum_b)) + t4)) * scale;
}

// The stream length of pair (n, m).
inline int pair_len(const MatmulPlan& plan, int n, int m) {
  if (plan.len_a.empty()) return plan.stoc_len;
  return std::min(plan.len_a[static_cast<std::size_t>(n)], plan.len_b[static_cast<std::size_t>(m)]);
}

}  // namespace scmp::sim
