// Internal to gpu/pipeline.cu (included once, there): the §11 dequantization epilogues of DevicePipeline
// (per_row, per_tensor, per_head), each operation rounded as the host's.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "gpu/pipeline_quantize.cuh"
#include "gpu/triton_div.cuh"

namespace scmp::gpu {
namespace {

// The unipolar output (§6.7, §11 per_tensor): y = (raw ⊕ (((−zp_b) ⊗ Σq_a) ⊖ (zp_a ⊗ Σq_b) ⊕ t4)) ⊗ scale, each
// operation rounded on its own, as the host's sim::unipolar_output.
__device__ __forceinline__ float unipolar_output(float raw, float neg_zb, float sum_a, float za, float sum_b, float t4, float scale) {
  return __fmul_rn(__fadd_rn(raw, __fadd_rn(__fsub_rn(__fmul_rn(neg_zb, sum_a), __fmul_rn(za, sum_b)), t4)), scale);
}

// §11 per_row dequantization, raw = f(S) ⊗ σ(n,m) with σ = f(q_max²) ÷ᵢ f(L(n,m)); bipolar y = raw ⊗ (sa ⊗ sb);
// unipolar y = (raw ⊕ ((((−zb) ⊗ Σq_a) ⊖ (za ⊗ Σq_b)) ⊕ ((f(D) ⊗ za) ⊗ zb))) ⊗ (sa ⊗ sb), as the host (§6.7).
struct RowDequant {
  const std::int32_t* s;
  const float *sa, *sb;
  const int *len_a, *len_b;  // per-row stream lengths, or null (one stoc_len)
  int stoc_len;
  float q_max_sq;
  int batch, rows_a, rows_b, depth;
  const float *zp_a, *zp_b, *sum_a, *sum_b;  // unipolar: [slice][row]
};

template <bool kUnipolar>
__global__ void dequant_per_row_kernel(RowDequant d, float* y) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<std::size_t>(d.batch) * d.rows_a * d.rows_b) return;
  const int m = static_cast<int>(i % d.rows_b), n = static_cast<int>((i / d.rows_b) % d.rows_a);
  const int h = static_cast<int>(i / (static_cast<std::size_t>(d.rows_b) * d.rows_a));
  const std::size_t ia = static_cast<std::size_t>(h) * d.rows_a + n, ib = static_cast<std::size_t>(h) * d.rows_b + m;
  const int L = d.len_a == nullptr ? d.stoc_len : min(d.len_a[n], d.len_b[m]);
  const float sigma = div_full(d.q_max_sq, static_cast<float>(L));
  const float raw = __fmul_rn(__int2float_rn(d.s[i]), sigma);
  const float scale = __fmul_rn(d.sa[ia], d.sb[ib]);
  if constexpr (!kUnipolar) {
    y[i] = __fmul_rn(raw, scale);
  } else {
    const float za = d.zp_a[ia], zb = d.zp_b[ib];
    const float t4 = __fmul_rn(__fmul_rn(static_cast<float>(d.depth), za), zb);
    y[i] = unipolar_output(raw, -zb, d.sum_a[ia], za, d.sum_b[ib], t4, scale);
  }
}

// §11 per_tensor dequantization: raw = f(S) ⊗ σ; bipolar y = raw ⊗ f(scale_a·scale_b); unipolar
// y = (raw + ((f(−zp_b) ⊗ Σq_a[n]) − (f(zp_a) ⊗ Σq_b[m]) + f(D·zp_a·zp_b))) ⊗ f(scale_a·scale_b), as the host.
template <bool kUnipolar>
__global__ void dequant_per_tensor_kernel(const std::int32_t* s, const TensorScalars* ta, const TensorScalars* tb,
                                          const float* sum_a, const float* sum_b, float sigma, int depth, int batch,
                                          int rows_a, int rows_b, float* y) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<std::size_t>(batch) * rows_a * rows_b) return;
  const TensorScalars a = *ta, b = *tb;
  const float scale = __double2float_rn(__dmul_rn(a.scale, b.scale));
  const float raw = __fmul_rn(__int2float_rn(s[i]), sigma);
  if constexpr (!kUnipolar) {
    y[i] = __fmul_rn(raw, scale);
  } else {
    const std::size_t m = i % rows_b, hn = i / rows_b, h = hn / rows_a;
    const float nzb = __double2float_rn(-b.zero_point), za = __double2float_rn(a.zero_point);
    const float t4 = __double2float_rn(__dmul_rn(__dmul_rn(static_cast<double>(depth), a.zero_point), b.zero_point));
    y[i] = unipolar_output(raw, nzb, sum_a[hn], za, sum_b[h * rows_b + m], t4, scale);
  }
}

// §11 per_head dequantization: y = f(S) ⊗ (σ ⊗ (s_a[h] ⊗ s_b[h])) — σ meets the head scale first.
__global__ void dequant_per_head_kernel(const std::int32_t* s, const float* sa, const float* sb, float sigma, int batch,
                                        int rows_a, int rows_b, float* y) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<std::size_t>(batch) * rows_a * rows_b) return;
  const std::size_t h = i / (static_cast<std::size_t>(rows_a) * rows_b);
  y[i] = __fmul_rn(__int2float_rn(s[i]), __fmul_rn(sigma, __fmul_rn(sa[h], sb[h])));
}

}  // namespace
}  // namespace scmp::gpu
