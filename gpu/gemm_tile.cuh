// The block tile both binary GEMMs share (mma.sync in bmma_gemm.cu, wgmma in wgmma_gemm.cu): 256 threads,
// K slices of kStageBits staged by cp.async in shared memory with the 16-byte-chunk swizzle, which for
// 128-byte rows is exactly the 128-byte swizzle of a Hopper shared-memory matrix descriptor (8-row atoms of
// 1024 bytes), and the accumulator-fragment walk of the epilogues.
#pragma once
#include <cstddef>
#include <cstdint>

#include "gpu/bit_operand.hpp"
#include "gpu/bmma.cuh"
#include "gpu/bmma_gemm.hpp"

namespace scmp::gpu::tile {

constexpr int kThreads = 256;
constexpr int kRowBytes = kStageBits / 8;   // bytes of one row per stage
constexpr int kRowChunks = kRowBytes / 16;  // 16-byte cp.async / ldmatrix units per row
constexpr int kSteps = kStageBits / 256;    // m16n8k256 steps per stage
constexpr int kStages = kStageBits >= 1024 ? 3 : 4;  // pipeline depth within ~200 KB of shared memory

// 16-byte chunk swizzle: the 8 rows one ldmatrix reads land in 8 different bank groups.
__device__ __forceinline__ int swz(int row, int chunk) {
  const int x = kRowChunks >= 8 ? (row & 7) : ((row >> 1) & 3);
  return row * kRowBytes + ((chunk ^ x) << 4);
}

// Tile shape: WM×WN warps, each MI 16-row by NI 8-column MMA tiles.
template <int WM_, int WN_, int MI_, int NI_, int MinBlocks_>
struct Shape {
  static constexpr int WM = WM_, WN = WN_, MI = MI_, NI = NI_, min_blocks = MinBlocks_;
  static_assert(WM * WN * 32 == kThreads);
  static_assert(NI % 2 == 0);
  static constexpr int tm = WM * MI * 16;  // rows of a per block
  static constexpr int tn = WN * NI * 8;   // rows of b per block
  static_assert(tm == kTileM);
};
using WideShape = Shape<2, 4, 4, 4, 1>;    // 128×128, warp 64×32
using NarrowShape = Shape<4, 2, 2, 4, 1>;  // 128×64, warp 32×32

template <class S, bool kSigned, bool kMask = false>
struct Smem {
  static constexpr int planes = kSigned && !kMask ? 2 : 1;  // planes staged (mask mode: magnitudes only)
  static constexpr int stages = kMask ? 5 : kStages;        // half the bytes per stage: a deeper pipeline
  static constexpr int a_bytes = planes * S::tm * kRowBytes;
  static constexpr int b_bytes = planes * S::tn * kRowBytes;
  static constexpr int stage_bytes = a_bytes + b_bytes;
  static constexpr int total = stages * stage_bytes;
};

template <class S, bool kSigned, bool kMask>
__device__ __forceinline__ void load_stage(const GemmGlobals& g, unsigned char* slot, const std::uint32_t* a_row0,
                                           const std::uint32_t* b_row0, int valid_a, int valid_b, std::size_t word0) {
  using M = Smem<S, kSigned, kMask>;
  constexpr int planes = M::planes;
  const int tid = threadIdx.x;
#pragma unroll
  for (int p = 0; p < planes; ++p) {
    // a's rows, then b's: kept as two written-out loops (folding them into one helper changes the PTX the
    // compiler schedules for this hot loop, a performance risk that needs a GPU to measure).
#pragma unroll
    for (int i = 0; i < S::tm * kRowChunks / kThreads; ++i) {
      const int idx = tid + i * kThreads, row = idx / kRowChunks, c = idx % kRowChunks;
      const bool ok = row < valid_a;
      const std::uint32_t* src =
          ok ? a_row0 + p * g.a_plane_words + static_cast<std::size_t>(row) * g.row_words + word0 + c * 4 : g.a;
      cp_async16(slot + p * S::tm * kRowBytes + swz(row, c), src, ok);
    }
#pragma unroll
    for (int i = 0; i < S::tn * kRowChunks / kThreads; ++i) {
      const int idx = tid + i * kThreads, row = idx / kRowChunks, c = idx % kRowChunks;
      const bool ok = row < valid_b;
      const std::uint32_t* src =
          ok ? b_row0 + p * g.b_plane_words + static_cast<std::size_t>(row) * g.row_words + word0 + c * 4 : g.b;
      cp_async16(slot + M::a_bytes + p * S::tn * kRowBytes + swz(row, c), src, ok);
    }
  }
}

// The scalars of a chunk epilogue: σ of the tile's level (fused), and the per-slice factor c_h formed as the
// host's per_head dequantization, σ ⊗ (s_a[h] ⊗ s_b[h]) (slice_scale); 0 where unused.
struct EpilogueScalars {
  float sigma, c_h;
};
template <bool kFused>
__device__ __forceinline__ EpilogueScalars epilogue_scalars(const GemmGlobals& g, const TileDesc& tile, int h) {
  return {kFused ? g.level_sigma[tile.level] : 0.0f,
          !kFused && g.slice_scale ? __fmul_rn(g.slice_sigma, __fmul_rn(g.scale_a[h], g.scale_b[h])) : 0.0f};
}

// The chunk epilogue of one accumulator element, both GEMMs: S = s_val of chunk k at output (n, m) of slice h.
// Fused (chunk_d): facc ⊕= (f(S) ⊗ σ) ⊗ (s_a ⊗ s_b) of the chunk, in ascending chunk order as the host. Else
// y = f(S) ⊗ c_h (per-slice epilogue, whole K here), or S added (split-K) or stored.
template <bool kFused>
__device__ __forceinline__ void chunk_epilogue_element(const GemmGlobals& g, int h, int k, int n, int m, int s_val, float sigma,
                                                       float c_h, float& facc) {
  if constexpr (kFused) {
    const float part = __fmul_rn(__int2float_rn(s_val), sigma);
    const std::size_t kk = static_cast<std::size_t>(h) * g.out_chunks + g.chunk_offset + k;
    const float sc = __fmul_rn(g.scale_a[kk * g.out_rows + n], g.scale_b[kk * g.out_cols + m]);
    facc = __fadd_rn(facc, __fmul_rn(part, sc));
  } else {
    const std::size_t idx = ((static_cast<std::size_t>(h) * g.out_chunks + g.chunk_offset + k) * g.out_rows + n) * g.out_cols + m;
    if (g.slice_scale) g.out_f[idx] = __fmul_rn(__int2float_rn(s_val), c_h);  // whole K here: f(S) as the host's
    else if (g.row_scale) {
      const float scale = __fmul_rn(g.scale_a[static_cast<std::size_t>(h) * g.out_rows + n], g.scale_b[static_cast<std::size_t>(h) * g.out_cols + m]);
      g.out_f[idx] = __fmul_rn(__fmul_rn(__int2float_rn(s_val), g.slice_sigma), scale);
    }
    else if (g.atomic_out) atomicAdd(g.out_s + idx, s_val);
    else g.out_s[idx] = s_val;
  }
}

// Calls f(mi, ni, e, r, c) for each accumulator element this thread holds that lies inside the output: r is the
// row in the tile's a-row order, c the b row (m16n8 fragments: rows lane/4 and +8, columns 2·(lane % 4) and +1).
// Used for the fused kernels' fp32 accumulator load and store; the chunk epilogue keeps its own loop, since
// routing it through this helper changed the sign-mask integer kernel's register allocation (255 → 248) and
// made its GEMM 9 % slower on an H100 (per_head 1.16 → 1.27 ms).
template <class S, class F>
__device__ __forceinline__ void for_each_fragment(const TileDesc& tile, int n0, int b_rows, int wm, int wn, int lane, F&& f) {
#pragma unroll
  for (int mi = 0; mi < S::MI; ++mi)
#pragma unroll
    for (int ni = 0; ni < S::NI; ++ni)
#pragma unroll
      for (int e = 0; e < 4; ++e) {
        const int r = tile.row_begin + wm * S::MI * 16 + mi * 16 + lane / 4 + (e >= 2 ? 8 : 0);
        const int c = n0 + wn * S::NI * 8 + ni * 8 + (lane % 4) * 2 + (e & 1);
        if (r < tile.row_end && c < b_rows) f(mi, ni, e, r, c);
      }
}

}  // namespace scmp::gpu::tile
