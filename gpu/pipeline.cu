// The device-resident sc_matmul (pipeline.hpp): quantize kernels written in the host quantizers' fp32 order,
// the CorePlan binary GEMM, and the §11 dequantization epilogue, on the device that holds the operands.
#include <cuda_runtime.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>

#include "gpu/core.hpp"
#include "gpu/device_buffer.hpp"
#include "gpu/device_guard.hpp"
#include "gpu/pipeline.hpp"
#include "gpu/triton_div.cuh"
#include "sim/error.hpp"
#include "sim/matmul/cache.hpp"
#include "sim/matmul/plan.hpp"
#include "sim/quant/quant_common.hpp"

namespace scmp::gpu {
namespace {

using sim::InvalidArgument;

constexpr int kQuantThreads = 256;

// Block-wide max (max is exact, so the reduction order cannot change the result).
__device__ float block_max(float v) {
  __shared__ float part[kQuantThreads / 32];
  for (int o = 16; o > 0; o /= 2) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  if (threadIdx.x % 32 == 0) part[threadIdx.x / 32] = v;
  __syncthreads();
  float m = part[0];
  for (int i = 1; i < kQuantThreads / 32; ++i) m = fmaxf(m, part[i]);
  __syncthreads();
  return m;
}

struct QuantOut {
  std::uint16_t* boundary;  // [rows][cols] per slice (xnor designs: the xnor boundary of the level)
  std::int8_t* sign;        // or null (xnor)
  float* scale;
  int q_max, rng_levels;
  unsigned long long* bad;  // lowest flat index of a non-finite input element (atomicMin; ~0: none)
  // The path's fp32 boundary evaluation (sim::BoundaryFormula): two_step ? (|q| ⊗ levels) ⊗ factor : |q| ⊗ factor.
  bool bnd_two_step = false;
  float bnd_levels = 0.0f, bnd_factor = 0.0f;
};

__device__ __forceinline__ std::uint16_t boundary_of_level(const QuantOut& o, float abs_level) {
  const float v = o.bnd_two_step ? __fmul_rn(__fmul_rn(abs_level, o.bnd_levels), o.bnd_factor) : __fmul_rn(abs_level, o.bnd_factor);
  return static_cast<std::uint16_t>(rintf(v));
}

// Every quantizer reads each input element once in its range pass: that pass also records the first NaN/Inf,
// so run() can refuse the operand as the host does (a NaN would otherwise clamp to a finite, wrong level).
__device__ __forceinline__ void note_finite(float v, std::size_t i, unsigned long long* bad) {
  if (!isfinite(v)) atomicMin(bad, static_cast<unsigned long long>(i));
}

// Level → what the core consumes: sign-magnitude boundary round(|q|·G/q_max) in the path's fp32 evaluation, or
// for xnor the bipolar-stream boundary round((q+q_max)·G/(2·q_max)) with ties up (as sim/matmul/run_core.cpp).
__device__ __forceinline__ void store_level(const QuantOut& o, std::size_t i, float q, bool zero_sign_is_zero) {
  const long long G = o.rng_levels, qm = o.q_max;
  if (o.sign == nullptr) {
    const long long u = static_cast<long long>(q) + qm;
    o.boundary[i] = static_cast<std::uint16_t>((2 * u * G + 2 * qm) / (4 * qm));
    return;
  }
  o.boundary[i] = boundary_of_level(o, fabsf(q));
  o.sign[i] = zero_sign_is_zero ? (q > 0.0f ? 1 : (q < 0.0f ? -1 : 0)) : (q >= 0.0f ? 1 : -1);
}

// The rows [r0, r1) of group blockIdx.x, one block per group (sim::checked_group_count of them): groups of
// `group` consecutive rows, the last one holding the rest (§5.1 grouping).
__device__ __forceinline__ int2 group_rows(int rows, int group) {
  const int per = min(group, rows), r0 = static_cast<int>(blockIdx.x) * per;
  return make_int2(r0, blockIdx.x == gridDim.x - 1 ? rows : r0 + per);
}

// §5.1/§5.3 grouped bipolar, one block per (group, slice): m = max(max|x|, f(1e-5)); scale = m ⊗ f(1/q_max);
// q = clamp(rne(x ÷ᵢ scale), ±q_max); sign +1 for q ≥ 0.
__global__ void __launch_bounds__(kQuantThreads) quantize_grouped_kernel(const float* x, int rows, int cols, int group,
                                                                         float inv_q, QuantOut o) {
  const int h = blockIdx.y;
  const auto [r0, r1] = group_rows(rows, group);
  const std::size_t base = static_cast<std::size_t>(h) * rows * cols;
  const std::size_t i0 = base + static_cast<std::size_t>(r0) * cols, i1 = base + static_cast<std::size_t>(r1) * cols;
  float m = 0.0f;
  for (std::size_t i = i0 + threadIdx.x; i < i1; i += kQuantThreads) {
    note_finite(x[i], i, o.bad);
    m = fmaxf(m, fabsf(x[i]));
  }
  m = fmaxf(block_max(m), 1e-5f);
  const float scale = __fmul_rn(m, inv_q);
  const float qm = static_cast<float>(o.q_max);
  for (int r = r0 + static_cast<int>(threadIdx.x); r < r1; r += kQuantThreads) o.scale[static_cast<std::size_t>(h) * rows + r] = scale;
  for (std::size_t i = i0 + threadIdx.x; i < i1; i += kQuantThreads) {
    const float q = fminf(fmaxf(rintf(__fdiv_rn(x[i], scale)), -qm), qm);
    store_level(o, i, q, false);
  }
}

// §5.4 fused rows per chunk (chunk_d path), one block per (row, chunk): m as above; scale = m ÷ꜰ f(q_max);
// inv = 1 ÷ꜰ scale (Triton's div.full, as the reference and the host's emulation); q = clamp(rne(x ⊗ inv), ±q_max); a zero level keeps sign 0.
// Scales are [chunk][row].
__global__ void __launch_bounds__(kQuantThreads) quantize_fused_chunks_kernel(const float* x, int rows, int cols, int chunk,
                                                                              QuantOut o) {
  const int r = blockIdx.x, k = blockIdx.y;
  const int c0 = k * chunk, c1 = min(cols, c0 + chunk);
  const std::size_t base = static_cast<std::size_t>(r) * cols;
  float m = 0.0f;
  for (int c = c0 + static_cast<int>(threadIdx.x); c < c1; c += kQuantThreads) {
    note_finite(x[base + c], base + c, o.bad);
    m = fmaxf(m, fabsf(x[base + c]));
  }
  m = fmaxf(block_max(m), 1e-5f);
  const float qm = static_cast<float>(o.q_max);
  const float scale = div_full(m, qm);
  const float inv = div_full(1.0f, scale);
  if (threadIdx.x == 0) o.scale[static_cast<std::size_t>(k) * rows + r] = scale;
  for (int c = c0 + static_cast<int>(threadIdx.x); c < c1; c += kQuantThreads) {
    const float q = fminf(fmaxf(rintf(__fmul_rn(x[base + c], inv)), -qm), qm);
    store_level(o, base + c, q, true);
  }
}

// §5.2 grouped asymmetric (unipolar), one block per (group, slice): r = max(max ⊖ min, f(1e-5)); scale = r ⊗
// f(1/q_max); zp = clamp(rne(−min ÷ᵢ scale), 0, q_max); q = clamp(rne((x ÷ᵢ scale) ⊕ zp), 0, q_max) (two
// roundings); boundary = rne((q ⊗ f(G)) ⊗ f(1/q_max)); a warp per row writes the row's scale, zero point and Σq (exact).
__global__ void __launch_bounds__(kQuantThreads) quantize_grouped_unipolar_kernel(const float* x, int rows, int cols, int group,
                                                                                  float inv_q, QuantOut o, float* zero_point,
                                                                                  float* row_sum) {
  const int h = blockIdx.y;
  const auto [r0, r1] = group_rows(rows, group);
  const std::size_t base = static_cast<std::size_t>(h) * rows * cols;
  float mx = -INFINITY, mn = INFINITY;
  for (std::size_t i = base + static_cast<std::size_t>(r0) * cols + threadIdx.x; i < base + static_cast<std::size_t>(r1) * cols;
       i += kQuantThreads) {
    note_finite(x[i], i, o.bad);
    mx = fmaxf(mx, x[i]);
    mn = fminf(mn, x[i]);
  }
  mx = block_max(mx);
  mn = -block_max(-mn);
  const float qm = static_cast<float>(o.q_max);
  const float scale = __fmul_rn(fmaxf(__fsub_rn(mx, mn), 1e-5f), inv_q);
  const float zp = fminf(fmaxf(rintf(__fdiv_rn(-mn, scale)), 0.0f), qm);
  const int lane = threadIdx.x % 32;
  for (int r = r0 + static_cast<int>(threadIdx.x / 32); r < r1; r += kQuantThreads / 32) {
    const std::size_t row = base + static_cast<std::size_t>(r) * cols;
    long long sum = 0;
    for (int c = lane; c < cols; c += 32) {
      const float q = fminf(fmaxf(rintf(__fadd_rn(__fdiv_rn(x[row + c], scale), zp)), 0.0f), qm);
      o.boundary[row + c] = boundary_of_level(o, q);
      sum += static_cast<long long>(q);
    }
    for (int off = 16; off > 0; off /= 2) sum += __shfl_xor_sync(0xffffffffu, sum, off);
    if (lane == 0) {
      const std::size_t ri = static_cast<std::size_t>(h) * rows + r;
      o.scale[ri] = scale;
      zero_point[ri] = zp;
      row_sum[ri] = static_cast<float>(sum);  // exact while < 2^24, as the host
    }
  }
}

// §5.7 SmoothQuant before any range: a ÷ᵢ s (divide) or b ⊗ s along the last axis; the input pass records
// the input's own first NaN/Inf (the host validates the operands before smoothing them).
__global__ void smooth_kernel(const float* x, std::size_t n, int depth, const float* s, bool divide, float* out,
                              unsigned long long* bad) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    const float v = x[i], sd = s[i % depth];
    note_finite(v, i, bad);
    out[i] = divide ? __fdiv_rn(v, sd) : __fmul_rn(v, sd);
  }
}

// Warp per (row, segment) for the common shapes: group 1 (segment = the row, as quantize_grouped_kernel) or the
// fused chunk quantizer (segment = one chunk, as quantize_fused_chunks_kernel). Same formulas, fewer idle threads.
template <bool kFusedChunks>
__global__ void quantize_rows_warp_kernel(const float* x, int rows, int cols, int seg, float inv_q, QuantOut o) {
  const long long item = static_cast<long long>(blockIdx.x) * (blockDim.x / 32) + threadIdx.x / 32;
  const int segs = (cols + seg - 1) / seg;
  if (item >= static_cast<long long>(rows) * segs) return;
  const int lane = threadIdx.x % 32;
  const int r = static_cast<int>(item / segs), k = static_cast<int>(item % segs);
  const int c0 = k * seg, c1 = min(cols, c0 + seg);
  const std::size_t base = static_cast<std::size_t>(r) * cols;
  float m = 0.0f;
  for (int c = c0 + lane; c < c1; c += 32) {
    note_finite(x[base + c], base + c, o.bad);
    m = fmaxf(m, fabsf(x[base + c]));
  }
  for (int off = 16; off > 0; off /= 2) m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, off));
  m = fmaxf(m, 1e-5f);
  const float qm = static_cast<float>(o.q_max);
  const float scale = kFusedChunks ? div_full(m, qm) : __fmul_rn(m, inv_q);
  const float inv = kFusedChunks ? div_full(1.0f, scale) : 0.0f;
  if (lane == 0) o.scale[kFusedChunks ? static_cast<std::size_t>(k) * rows + r : static_cast<std::size_t>(r)] = scale;
  for (int c = c0 + lane; c < c1; c += 32) {
    const float v = x[base + c];
    const float q = fminf(fmaxf(rintf(kFusedChunks ? __fmul_rn(v, inv) : __fdiv_rn(v, scale)), -qm), qm);
    store_level(o, base + c, q, kFusedChunks);
  }
}

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

// Partial ranges for per_tensor / per_head: block (p, h) writes {max, min} of part p of slice h (per_tensor:
// one slice, the whole tensor). Max and min are exact, so the split cannot change the range.
__global__ void __launch_bounds__(kQuantThreads) range_partials_kernel(const float* x, std::size_t slice, float2* out,
                                                                       unsigned long long* bad) {
  const int parts = gridDim.x, p = blockIdx.x, h = blockIdx.y;
  const std::size_t per = (slice + parts - 1) / parts;
  const std::size_t base = static_cast<std::size_t>(h) * slice;
  const std::size_t i0 = base + min(slice, per * p), i1 = base + min(slice, per * (p + 1));
  float mx = -INFINITY, mn = INFINITY;
  for (std::size_t i = i0 + threadIdx.x; i < i1; i += kQuantThreads) {
    note_finite(x[i], i, bad);
    mx = fmaxf(mx, x[i]);
    mn = fminf(mn, x[i]);
  }
  __shared__ float pmx[kQuantThreads / 32], pmn[kQuantThreads / 32];
  for (int o = 16; o > 0; o /= 2) {
    mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, o));
    mn = fminf(mn, __shfl_xor_sync(0xffffffffu, mn, o));
  }
  if (threadIdx.x % 32 == 0) { pmx[threadIdx.x / 32] = mx; pmn[threadIdx.x / 32] = mn; }
  __syncthreads();
  if (threadIdx.x == 0) {
    for (int i = 1; i < kQuantThreads / 32; ++i) { mx = fmaxf(mx, pmx[i]); mn = fminf(mn, pmn[i]); }
    out[static_cast<std::size_t>(h) * parts + p] = make_float2(mx, mn);
  }
}

enum class RangeKind { tensor_bipolar, tensor_unipolar, head };

// The per-operand scalars of per_tensor (the host's doubles, REFERENCE.md §5.4/§5.5), written by row 0.
struct TensorScalars {
  double scale, zero_point;
};

// per_tensor (§5.4 bipolar, §5.5 unipolar) and per_head (§5.6) quantization, a warp per row. Each warp first
// folds the partial ranges of its slice, then forms the scalars exactly as the host quantizers:
// - tensor_bipolar: in double A = max(|max|, |min|, 1e-5), scale = A/q_max, inv = f(1/scale); q = clamp(rne(x ⊗
//   inv), ±q_max), sign 0 for a zero level.
// - tensor_unipolar: in double R = max(max − min, 1e-5), scale = R/q_max, zp = clamp(rne(−min/scale), 0, q_max);
//   q = clamp(rne(fma(x, f(1/scale), f(zp))), 0, q_max); row sums Σq for the correction terms.
// - head: A_h = max(|max_h|, |min_h|, f(1e-5)) in fp32, s_h = A_h ⊗ f(1/q_max), inv_h = 1 ÷ᵢ s_h.
// Device doubles are IEEE (and --fmad=false keeps every operation separately rounded), so the scalars equal the host's.
template <RangeKind kKind>
__global__ void quantize_ranged_kernel(const float* x, long long rows, int cols, int rows_per_slice, const float2* part,
                                       int parts, float inv_q, QuantOut o, TensorScalars* scalars, float* row_sum) {
  const long long row = static_cast<long long>(blockIdx.x) * (blockDim.x / 32) + threadIdx.x / 32;
  if (row >= rows) return;
  const int lane = threadIdx.x % 32;
  const int h = kKind == RangeKind::head ? static_cast<int>(row / rows_per_slice) : 0;
  float mx = -INFINITY, mn = INFINITY;
  for (int p = lane; p < parts; p += 32) {
    const float2 v = part[static_cast<std::size_t>(h) * parts + p];
    mx = fmaxf(mx, v.x);
    mn = fminf(mn, v.y);
  }
  for (int off = 16; off > 0; off /= 2) {
    mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, off));
    mn = fminf(mn, __shfl_xor_sync(0xffffffffu, mn, off));
  }
  const float qm = static_cast<float>(o.q_max);
  float mul = 0.0f, add = 0.0f;
  if constexpr (kKind == RangeKind::head) {
    const float m = fmaxf(fmaxf(fabsf(mx), fabsf(mn)), 1e-5f);
    const float s = __fmul_rn(m, inv_q);
    mul = __fdiv_rn(1.0f, s);
    if (lane == 0 && row % rows_per_slice == 0) o.scale[h] = s;
  } else if constexpr (kKind == RangeKind::tensor_bipolar) {
    const double A = fmax(fmax(fabs(static_cast<double>(mx)), fabs(static_cast<double>(mn))), 1e-5);
    const double scale = __ddiv_rn(A, static_cast<double>(o.q_max));
    mul = __double2float_rn(__ddiv_rn(1.0, scale));
    if (lane == 0 && row == 0) *scalars = TensorScalars{scale, 0.0};
  } else {
    const double R = fmax(__dsub_rn(static_cast<double>(mx), static_cast<double>(mn)), 1e-5);
    const double scale = __ddiv_rn(R, static_cast<double>(o.q_max));
    const double zp = fmin(fmax(rint(__ddiv_rn(-static_cast<double>(mn), scale)), 0.0), static_cast<double>(o.q_max));
    mul = __double2float_rn(__ddiv_rn(1.0, scale));
    add = __double2float_rn(zp);
    if (lane == 0 && row == 0) *scalars = TensorScalars{scale, zp};
  }
  const std::size_t base = static_cast<std::size_t>(row) * cols;
  long long sum = 0;
  for (int c = lane; c < cols; c += 32) {
    const float v = x[base + c];
    if constexpr (kKind == RangeKind::tensor_unipolar) {
      const float q = fminf(fmaxf(rintf(__fmaf_rn(v, mul, add)), 0.0f), qm);
      o.boundary[base + c] = boundary_of_level(o, q);
      sum += static_cast<long long>(q);
    } else {
      const float q = fminf(fmaxf(rintf(__fmul_rn(v, mul)), -qm), qm);
      store_level(o, base + c, q, true);
    }
  }
  if constexpr (kKind == RangeKind::tensor_unipolar) {
    for (int off = 16; off > 0; off /= 2) sum += __shfl_xor_sync(0xffffffffu, sum, off);
    if (lane == 0) row_sum[row] = static_cast<float>(sum);
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

// The device of an operand or of y: device memory, else InvalidArgument naming the field and what it is.
int operand_device(const void* p, const char* field) {
  cudaPointerAttributes attr{};
  const bool known = p != nullptr && cudaPointerGetAttributes(&attr, p) == cudaSuccess;
  if (!known) cudaGetLastError();  // clear the error of an unknown pointer
  if (known && (attr.type == cudaMemoryTypeDevice || attr.type == cudaMemoryTypeManaged)) return attr.device;
  throw InvalidArgument(field, p == nullptr ? "null" : known ? "host memory" : "unknown memory", "expected device memory (cudaMalloc or managed)");
}

// Slots of the non-finite record: the operands as given, then (smooth_scales) the smoothed operands.
enum BadSlot { bad_a = 0, bad_b = 1, bad_smoothed_a = 2, bad_smoothed_b = 3, bad_slots = 4 };

// After the quantizers: hands the non-finite record to mapped host memory and resets it for the next run.
__global__ void publish_bad_kernel(unsigned long long* bad, volatile unsigned long long* host) {
  const int i = static_cast<int>(threadIdx.x);
  if (i < bad_slots) {
    host[i] = bad[i];
    bad[i] = ~0ull;
  }
}

// What run() needs on one device: the core plan (tables, packed operands) and the quantizer's outputs. A
// pipeline keeps one per device it has run on, made when the operands first arrive on that device.
struct DeviceState {
  std::unique_ptr<CorePlan> core;
  DeviceBuffer<std::uint16_t> ba, bb;
  DeviceBuffer<std::int8_t> sa, sb;
  DeviceBuffer<float> scale_a, scale_b;
  DeviceBuffer<std::int32_t> s;
  DeviceBuffer<int> len_a, len_b;
  // per_tensor / per_head: partial ranges and per_tensor scalars; unipolar: row sums (and per_row zero points).
  DeviceBuffer<float2> part_a, part_b;
  DeviceBuffer<TensorScalars> tensor_a, tensor_b;
  DeviceBuffer<float> sum_a, sum_b, zp_a, zp_b;
  // smooth_scales: the scales and the smoothed operands.
  DeviceBuffer<float> smooth, smoothed_a, smoothed_b;
  DeviceBuffer<unsigned long long> bad;  // [bad_slots]
  // The record as the host reads it (mapped pinned memory, written by publish_bad_kernel) and the event after
  // that kernel: run() waits for the quantizers only, not for the GEMM queued behind them.
  unsigned long long* bad_host = nullptr;
  unsigned long long* bad_host_mapped = nullptr;
  cudaEvent_t quantized = nullptr;
  DeviceState() = default;
  DeviceState(const DeviceState&) = delete;
  DeviceState& operator=(const DeviceState&) = delete;
  ~DeviceState() {
    if (quantized != nullptr) cudaEventDestroy(quantized);
    if (bad_host != nullptr) cudaFreeHost(bad_host);
  }
};

}  // namespace

struct DevicePipeline::Impl {
  sim::MatmulOptions options;
  sim::MatmulPlan plan;
  std::vector<std::int64_t> shape_a, shape_b;
  std::size_t max_packed_bytes = 0;
  GemmPath gemm = GemmPath::automatic;
  int parts = 1;  // per_tensor / per_head: partial ranges per slice
  std::map<std::pair<int, int>, std::shared_ptr<const sim::LaneStreams>> streams;  // host, shared by all devices
  std::map<int, std::unique_ptr<DeviceState>> devices;

  ~Impl() {
    for (auto& [device, state] : devices) {
      DeviceGuard on(device);  // free each device's memory with its device current
      state.reset();
    }
  }
  DeviceState& state_on(int device);  // `device` must be current
  void run_per_row(DeviceState& st, const float* a, const float* b, const QuantOut& qa, const QuantOut& qb, float* y);
  void run_ranged(DeviceState& st, const float* a, const float* b, const QuantOut& qa, const QuantOut& qb, float* y);
  void quantized(DeviceState& st);
  void check_finite(DeviceState& st, const float* a, const float* b, const float* qa_in, const float* qb_in);
};

DevicePipeline::DevicePipeline(const std::vector<std::int64_t>& shape_a, const std::vector<std::int64_t>& shape_b,
                               const sim::MatmulOptions& options, std::size_t max_packed_bytes, GemmPath gemm)
    : m_impl(std::make_unique<Impl>()) {
  Impl& P = *m_impl;
  P.options = options;
  P.shape_a = shape_a;
  P.shape_b = shape_b;
  P.max_packed_bytes = max_packed_bytes;
  P.gemm = gemm;
  // The host's validation and resolution, on placeholder operands of the same shapes.
  const auto placeholder = [](const std::vector<std::int64_t>& shape, const char* name) {
    if (shape.size() < 2 || shape.size() > 3) {
      throw InvalidArgument(std::string(name) + ".shape", sim::shape_text(shape), "expected a 2-D (rows, D) or 3-D (B, rows, D) tensor");
    }
    for (auto d : shape) {
      if (d <= 0 || d > (1 << 30)) throw InvalidArgument(std::string(name) + ".shape", sim::shape_text(shape), "expected positive dimensions");
    }
    return sim::Tensor(shape, 0.0f);
  };
  P.plan = sim::resolve_matmul(placeholder(shape_a, "a"), placeholder(shape_b, "b"), options);
  if (options.granularity != sim::Granularity::per_row) {
    // Partial ranges: ~8192 elements a block, at most 256 blocks per slice (folded again by every quantizing warp).
    const bool head = options.granularity == sim::Granularity::per_head;
    const auto parts_of = [&](int rows) {
      const std::size_t slice = static_cast<std::size_t>(head ? 1 : P.plan.batch) * rows * P.plan.depth;
      return static_cast<int>(std::min<std::size_t>(256, std::max<std::size_t>(1, (slice + 8191) / 8192)));
    };
    P.parts = std::max(parts_of(P.plan.rows_a), parts_of(P.plan.rows_b));
  }
  int current = 0;
  if (cudaGetDevice(&current) != cudaSuccess) {
    cudaGetLastError();
    throw sim::Error("device pipeline: no usable CUDA device (driver missing or no GPU)");
  }
  P.state_on(current);  // plan on the current device now, so that memory errors surface here
}

DeviceState& DevicePipeline::Impl::state_on(int device) {
  auto it = devices.find(device);
  if (it != devices.end()) return *it->second;
  const sim::MatmulPlan& pl = plan;
  const bool is_signed = pl.bipolar && options.multiplier != sim::Multiplier::xnor;  // sign planes (xnor: none)
  auto st = std::make_unique<DeviceState>();
  CoreShape cs;
  cs.batch = pl.batch; cs.rows_a = pl.rows_a; cs.rows_b = pl.rows_b; cs.depth = pl.depth; cs.lanes = pl.lanes;
  cs.chunk = pl.chunked ? options.chunk_d : 0;
  cs.is_signed = is_signed;
  cs.multiplier = options.multiplier;
  cs.geometry = sim::StreamGeometry{pl.sc_prec, pl.longest(), pl.rng_levels};
  cs.stoc_len_a = pl.len_a;
  cs.stoc_len_b = pl.len_b;
  cs.q_max_sq = static_cast<float>(static_cast<std::int64_t>(pl.q_max) * pl.q_max);
  cs.streams = [this](sim::Side side, int L) -> const sim::LaneStreams& {
    const auto key = std::make_pair(side == sim::Side::a ? 0 : 1, L);
    auto found = streams.find(key);
    if (found == streams.end()) {
      const sim::StreamGeometry g{plan.sc_prec, L, plan.rng_levels};
      found = streams.emplace(key, sim::cached_lane_streams(plan.rng, side, plan.lanes, g, options.scramble)).first;
    }
    return *found->second;
  };
  CoreRunOptions core_options;
  core_options.max_packed_bytes = max_packed_bytes;
  core_options.gemm = gemm;
  st->core = std::make_unique<CorePlan>(cs, core_options);
  const std::size_t na = static_cast<std::size_t>(pl.batch) * pl.rows_a * pl.depth;
  const std::size_t nb = static_cast<std::size_t>(pl.batch) * pl.rows_b * pl.depth;
  const std::size_t rows_a = static_cast<std::size_t>(pl.batch) * pl.rows_a, rows_b = static_cast<std::size_t>(pl.batch) * pl.rows_b;
  st->ba.resize(na);
  st->bb.resize(nb);
  if (is_signed) {
    st->sa.resize(na);
    st->sb.resize(nb);
  }
  const int chunks = st->core->chunks();
  st->scale_a.resize(chunks * rows_a);
  st->scale_b.resize(chunks * rows_b);
  if (!pl.chunked) st->s.resize(rows_a * pl.rows_b);
  if (!pl.len_a.empty()) {
    st->len_a.upload(pl.len_a);
    st->len_b.upload(pl.len_b);
  }
  if (options.granularity != sim::Granularity::per_row) {
    const std::size_t slices = options.granularity == sim::Granularity::per_head ? static_cast<std::size_t>(pl.batch) : 1;
    st->part_a.resize(slices * parts);
    st->part_b.resize(slices * parts);
    st->tensor_a.resize(1);
    st->tensor_b.resize(1);
  }
  if (!pl.bipolar) {
    st->sum_a.resize(rows_a);
    st->sum_b.resize(rows_b);
    if (options.granularity == sim::Granularity::per_row) {
      st->zp_a.resize(rows_a);
      st->zp_b.resize(rows_b);
    }
  }
  if (options.smooth_scales) {
    st->smooth.upload(*options.smooth_scales);
    st->smoothed_a.resize(na);
    st->smoothed_b.resize(nb);
  }
  st->bad.resize(bad_slots);
  SCMP_CUDA(cudaMemset(st->bad.get(), 0xff, bad_slots * sizeof(unsigned long long)));  // then reset by publish_bad_kernel
  SCMP_CUDA(cudaHostAlloc(reinterpret_cast<void**>(&st->bad_host), bad_slots * sizeof(unsigned long long), cudaHostAllocMapped));
  SCMP_CUDA(cudaHostGetDevicePointer(reinterpret_cast<void**>(&st->bad_host_mapped), st->bad_host, 0));
  SCMP_CUDA(cudaEventCreateWithFlags(&st->quantized, cudaEventDisableTiming));
  return *devices.emplace(device, std::move(st)).first->second;
}

DevicePipeline::~DevicePipeline() = default;

std::vector<std::int64_t> DevicePipeline::output_shape() const {
  const sim::MatmulPlan& pl = m_impl->plan;
  if (pl.three_d) return {pl.batch, pl.rows_a, pl.rows_b};
  return {pl.rows_a, pl.rows_b};
}

void DevicePipeline::run(const DeviceOperand& a, const DeviceOperand& b, float* y) {
  Impl& P = *m_impl;
  const sim::MatmulPlan& pl = P.plan;
  if (a.shape != P.shape_a) throw InvalidArgument("a.shape", sim::shape_text(a.shape), "expected the planned shape " + sim::shape_text(P.shape_a));
  if (b.shape != P.shape_b) throw InvalidArgument("b.shape", sim::shape_text(b.shape), "expected the planned shape " + sim::shape_text(P.shape_b));
  // The work runs on the device that holds the operands, whichever device is current; y must live there too.
  const int device = operand_device(a.data, "a.data");
  const auto same_device = [device](const void* p, const char* field) {
    const int d = operand_device(p, field);
    if (d != device) {
      throw InvalidArgument(field, "memory of CUDA device " + std::to_string(d),
                            "expected memory of CUDA device " + std::to_string(device) + ", where a.data lives (operands and y on one device)");
    }
  };
  same_device(b.data, "b.data");
  same_device(y, "y");
  DeviceGuard on(device);
  DeviceState& st = P.state_on(device);
  const float *xa = a.data, *xb = b.data;
  int slot_a = bad_a, slot_b = bad_b;
  if (P.options.smooth_scales) {
    const std::size_t na = st.smoothed_a.size(), nb = st.smoothed_b.size();
    const auto grid = [](std::size_t n) { return static_cast<unsigned>(std::min<std::size_t>((n + 255) / 256, 65535)); };
    smooth_kernel<<<grid(na), 256>>>(a.data, na, pl.depth, st.smooth.get(), true, st.smoothed_a.get(), st.bad.get() + bad_a);
    smooth_kernel<<<grid(nb), 256>>>(b.data, nb, pl.depth, st.smooth.get(), false, st.smoothed_b.get(), st.bad.get() + bad_b);
    SCMP_CUDA(cudaGetLastError());
    xa = st.smoothed_a.get();
    xb = st.smoothed_b.get();
    slot_a = bad_smoothed_a;
    slot_b = bad_smoothed_b;
  }
  QuantOut qa{st.ba.get(), st.sa.get(), st.scale_a.get(), pl.q_max, pl.rng_levels, st.bad.get() + slot_a};
  QuantOut qb{st.bb.get(), st.sb.get(), st.scale_b.get(), pl.q_max, pl.rng_levels, st.bad.get() + slot_b};
  // Each reference path rounds its boundary in its own fp32 way (as the host's quantizers).
  const bool per_row_torch = P.options.granularity == sim::Granularity::per_row && !pl.chunked;
  const sim::BoundaryFormula bnd(!per_row_torch ? sim::BoundaryArith::triton
                                 : pl.bipolar && pl.three_d ? sim::BoundaryArith::double_ratio
                                                            : sim::BoundaryArith::recip,
                                 pl.rng_levels, pl.q_max);
  for (QuantOut* q : {&qa, &qb}) {
    q->bnd_two_step = bnd.two_step();
    q->bnd_levels = bnd.levels();
    q->bnd_factor = bnd.factor();
  }
  if (P.options.granularity != sim::Granularity::per_row) {
    P.run_ranged(st, xa, xb, qa, qb, y);
  } else {
    P.run_per_row(st, xa, xb, qa, qb, y);
  }
  P.check_finite(st, a.data, b.data, xa, xb);
}

// Between the quantizers and the core: publish the non-finite record and mark the point run() waits for.
void DevicePipeline::Impl::quantized(DeviceState& st) {
  publish_bad_kernel<<<1, 32>>>(st.bad.get(), st.bad_host_mapped);
  SCMP_CUDA(cudaGetLastError());
  SCMP_CUDA(cudaEventRecord(st.quantized));
}

// Refuses a NaN/Inf operand as the host does, once the quantizers are done (the GEMM may still run; y is then
// unspecified): the operands as given first (a, then b), then the smoothed ones (a ÷ s may overflow), naming
// the element and its value.
void DevicePipeline::Impl::check_finite(DeviceState& st, const float* a, const float* b, const float* qa_in, const float* qb_in) {
  SCMP_CUDA(cudaEventSynchronize(st.quantized));
  const volatile unsigned long long* first = st.bad_host;
  const float* source[bad_slots] = {a, b, qa_in, qb_in};
  for (int slot = 0; slot < bad_slots; ++slot) {
    const unsigned long long at = first[slot];
    if (at == ~0ull) continue;
    float v = 0.0f;
    SCMP_CUDA(cudaMemcpy(&v, source[slot] + at, sizeof v, cudaMemcpyDeviceToHost));
    const bool is_a = slot == bad_a || slot == bad_smoothed_a;
    throw InvalidArgument(std::string(is_a ? "a" : "b") + sim::index_text(is_a ? shape_a : shape_b, at), sim::to_text(v),
                          "expected a finite value (no NaN or Inf)");
  }
}

// per_row (2-D, 3-D, groups, chunk_d, per-row stream lengths; bipolar or unipolar): quantize → core → dequantize.
void DevicePipeline::Impl::run_per_row(DeviceState& st, const float* a, const float* b, const QuantOut& qa, const QuantOut& qb,
                                       float* y) {
  const sim::MatmulPlan& pl = plan;
  if (pl.chunked) {
    const int c = options.chunk_d, chunks = st.core->chunks();
    if (c <= 1024) {
      const auto blocks = [&](int rows) { return static_cast<unsigned>((static_cast<long long>(rows) * chunks + 7) / 8); };
      quantize_rows_warp_kernel<true><<<blocks(pl.rows_a), 256>>>(a, pl.rows_a, pl.depth, c, 0.0f, qa);
      quantize_rows_warp_kernel<true><<<blocks(pl.rows_b), 256>>>(b, pl.rows_b, pl.depth, c, 0.0f, qb);
    } else {
      quantize_fused_chunks_kernel<<<dim3(pl.rows_a, chunks), kQuantThreads>>>(a, pl.rows_a, pl.depth, c, qa);
      quantize_fused_chunks_kernel<<<dim3(pl.rows_b, chunks), kQuantThreads>>>(b, pl.rows_b, pl.depth, c, qb);
    }
    SCMP_CUDA(cudaGetLastError());
    quantized(st);
    st.core->run({st.ba.get(), st.sa.get(), st.bb.get(), st.sb.get(), nullptr, y, st.scale_a.get(), st.scale_b.get()});
    return;
  }
  const float inv_q = static_cast<float>(1.0 / static_cast<double>(pl.q_max));  // f(1/q_max), as sim::recip_f
  const auto groups = [](int rows, int group) { return static_cast<unsigned>(sim::checked_group_count(rows, group)); };
  const auto quantize = [&](const float* x, int rows, int group, const QuantOut& q, float* zp, float* sums) {
    if (!pl.bipolar) {
      quantize_grouped_unipolar_kernel<<<dim3(groups(rows, group), pl.batch), kQuantThreads>>>(x, rows, pl.depth, group, inv_q, q, zp,
                                                                                               sums);
    } else if (group == 1 && pl.depth <= 4096) {  // warp per row over all slices (scales are [slice][row] = global row)
      const long long all = static_cast<long long>(pl.batch) * rows;
      quantize_rows_warp_kernel<false><<<static_cast<unsigned>((all + 7) / 8), 256>>>(x, static_cast<int>(all), pl.depth, pl.depth,
                                                                                      inv_q, q);
    } else {
      quantize_grouped_kernel<<<dim3(groups(rows, group), pl.batch), kQuantThreads>>>(x, rows, pl.depth, group, inv_q, q);
    }
  };
  quantize(a, pl.rows_a, options.group_a, qa, st.zp_a.get(), st.sum_a.get());
  quantize(b, pl.rows_b, options.group_b, qb, st.zp_b.get(), st.sum_b.get());
  SCMP_CUDA(cudaGetLastError());
  quantized(st);
  st.core->run({st.ba.get(), st.sa.get(), st.bb.get(), st.sb.get(), st.s.get(), nullptr, nullptr, nullptr});
  const std::size_t outs = static_cast<std::size_t>(pl.batch) * pl.rows_a * pl.rows_b;
  const RowDequant d{st.s.get(),      st.scale_a.get(), st.scale_b.get(), st.len_a.get(), st.len_b.get(),
                     pl.stoc_len,     static_cast<float>(static_cast<std::int64_t>(pl.q_max) * pl.q_max),
                     pl.batch,        pl.rows_a,        pl.rows_b,        pl.depth,
                     st.zp_a.get(),   st.zp_b.get(),    st.sum_a.get(),   st.sum_b.get()};
  const unsigned blocks = static_cast<unsigned>((outs + 255) / 256);
  if (pl.bipolar) dequant_per_row_kernel<false><<<blocks, 256>>>(d, y);
  else dequant_per_row_kernel<true><<<blocks, 256>>>(d, y);
  SCMP_CUDA(cudaGetLastError());
}

// per_tensor / per_head: partial ranges → quantize (scalars formed on the device) → core → dequantize.
void DevicePipeline::Impl::run_ranged(DeviceState& st, const float* a, const float* b, const QuantOut& qa, const QuantOut& qb,
                                      float* y) {
  const sim::MatmulPlan& pl = plan;
  const bool head = options.granularity == sim::Granularity::per_head;
  const bool bipolar = pl.bipolar;
  const float inv_q = static_cast<float>(1.0 / static_cast<double>(pl.q_max));  // f(1/q_max), as sim::recip_f
  const auto quantize = [&](const float* x, int rows, DeviceBuffer<float2>& part, DeviceBuffer<TensorScalars>& scalars,
                            DeviceBuffer<float>& sums, const QuantOut& q) {
    const std::size_t slice = static_cast<std::size_t>(head ? 1 : pl.batch) * rows * pl.depth;
    range_partials_kernel<<<dim3(parts, head ? pl.batch : 1), kQuantThreads>>>(x, slice, part.get(), q.bad);
    const long long all = static_cast<long long>(pl.batch) * rows;
    const unsigned blocks = static_cast<unsigned>((all + 7) / 8);
    const int per_slice = head ? rows : static_cast<int>(all);
    if (head) {
      quantize_ranged_kernel<RangeKind::head><<<blocks, 256>>>(x, all, pl.depth, per_slice, part.get(), parts, inv_q, q,
                                                               scalars.get(), nullptr);
    } else if (bipolar) {
      quantize_ranged_kernel<RangeKind::tensor_bipolar><<<blocks, 256>>>(x, all, pl.depth, per_slice, part.get(), parts, inv_q,
                                                                         q, scalars.get(), nullptr);
    } else {
      quantize_ranged_kernel<RangeKind::tensor_unipolar><<<blocks, 256>>>(x, all, pl.depth, per_slice, part.get(), parts,
                                                                          inv_q, q, scalars.get(), sums.get());
    }
  };
  quantize(a, pl.rows_a, st.part_a, st.tensor_a, st.sum_a, qa);
  quantize(b, pl.rows_b, st.part_b, st.tensor_b, st.sum_b, qb);
  SCMP_CUDA(cudaGetLastError());
  quantized(st);
  const float sigma = sim::sigma_of(pl.q_max, pl.stoc_len);
  if (head && st.core->slice_epilogue_ok()) {
    // The GEMM holds the whole S of a pair: it writes y = f(S) ⊗ (σ ⊗ (s_a[h] ⊗ s_b[h])) itself (the same
    // roundings as dequant_per_head_kernel), sparing the int32 S round trip. Split-K keeps the pass below.
    CoreDeviceIo io{st.ba.get(), st.sa.get(), st.bb.get(), st.sb.get(), nullptr, y, st.scale_a.get(), st.scale_b.get()};
    io.slice_scale = true;
    io.sigma = sigma;
    st.core->run(io);
    return;
  }
  st.core->run({st.ba.get(), st.sa.get(), st.bb.get(), st.sb.get(), st.s.get(), nullptr, nullptr, nullptr});
  const std::size_t outs = static_cast<std::size_t>(pl.batch) * pl.rows_a * pl.rows_b;
  const unsigned blocks = static_cast<unsigned>((outs + 255) / 256);
  if (head) {
    dequant_per_head_kernel<<<blocks, 256>>>(st.s.get(), st.scale_a.get(), st.scale_b.get(), sigma, pl.batch, pl.rows_a, pl.rows_b, y);
  } else if (bipolar) {
    dequant_per_tensor_kernel<false><<<blocks, 256>>>(st.s.get(), st.tensor_a.get(), st.tensor_b.get(), nullptr, nullptr, sigma,
                                                      pl.depth, pl.batch, pl.rows_a, pl.rows_b, y);
  } else {
    dequant_per_tensor_kernel<true><<<blocks, 256>>>(st.s.get(), st.tensor_a.get(), st.tensor_b.get(), st.sum_a.get(), st.sum_b.get(),
                                                     sigma, pl.depth, pl.batch, pl.rows_a, pl.rows_b, y);
  }
  SCMP_CUDA(cudaGetLastError());
}

sim::Tensor sc_matmul_device(const sim::Tensor& a, const sim::Tensor& b, const sim::MatmulOptions& options,
                             std::size_t max_packed_bytes, GemmPath gemm) {
  DevicePipeline pipe(a.shape, b.shape, options, max_packed_bytes, gemm);
  DeviceBuffer<float> da(a.data), db(b.data);
  sim::Tensor y(pipe.output_shape(), 0.0f);
  DeviceBuffer<float> dy(y.data.size());
  pipe.run({da.get(), a.shape}, {db.get(), b.shape}, dy.get());
  SCMP_CUDA(cudaDeviceSynchronize());
  y.data = dy.download();
  return y;
}

}  // namespace scmp::gpu
