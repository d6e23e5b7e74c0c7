// Internal to gpu/pipeline.cu (included once, there): the device quantizers of DevicePipeline, written in the
// host quantizers' fp32 order — §5.1/§5.3 grouped bipolar, §5.2 grouped unipolar, §5.4 fused rows per chunk,
// §5.7 smoothing, and the per_tensor / per_head range and quantize kernels — with their shared helpers.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "gpu/triton_div.cuh"

namespace scmp::gpu {
namespace {

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

}  // namespace
}  // namespace scmp::gpu
