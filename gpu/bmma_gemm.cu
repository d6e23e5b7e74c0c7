// Binary tensor-core GEMM (mma.sync m16n8k256 .b1): 128×64 output tile per block, 8 warps of 32×32,
// 4-stage cp.async pipeline of 512-bit K slices, one epilogue per chunk of lanes.
#include "gpu/bit_operand.hpp"
#include "gpu/bmma.cuh"
#include "gpu/bmma_gemm.hpp"
#include "gpu/cuda_check.hpp"

namespace scmp::gpu {
namespace {

constexpr int kStages = 4;
constexpr int kThreads = 256;
constexpr int kRowBytes = kStageBits / 8;  // 64 bytes of one row per stage

// 16-byte chunk swizzle: the 8 rows one ldmatrix reads land in 8 different bank groups.
__device__ __forceinline__ int swz(int row, int chunk) { return row * kRowBytes + ((chunk ^ ((row >> 1) & 3)) << 4); }

template <bool kSigned>
struct Smem {
  static constexpr int planes = kSigned ? 2 : 1;
  static constexpr int a_bytes = planes * kTileM * kRowBytes;
  static constexpr int b_bytes = planes * kTileN * kRowBytes;
  static constexpr int stage_bytes = a_bytes + b_bytes;
  static constexpr int total = kStages * stage_bytes;
};

template <bool kSigned>
__device__ __forceinline__ void load_stage(const GemmGlobals& g, unsigned char* slot, const std::uint32_t* a_row0,
                                           const std::uint32_t* b_row0, int valid_a, int valid_b, std::size_t word0) {
  constexpr int planes = Smem<kSigned>::planes;
  const int tid = threadIdx.x;
  for (int p = 0; p < planes; ++p) {
#pragma unroll
    for (int i = 0; i < 2; ++i) {
      const int idx = tid + i * kThreads, row = idx / 4, c = idx % 4;
      const bool ok = row < valid_a;
      const std::uint32_t* src = ok ? a_row0 + p * g.a_plane_words + static_cast<std::size_t>(row) * g.row_words + word0 + c * 4 : g.a;
      cp_async16(slot + p * kTileM * kRowBytes + swz(row, c), src, ok);
    }
    const int row = tid / 4, c = tid % 4;
    const bool ok = row < valid_b;
    const std::uint32_t* src = ok ? b_row0 + p * g.b_plane_words + static_cast<std::size_t>(row) * g.row_words + word0 + c * 4 : g.b;
    cp_async16(slot + Smem<kSigned>::a_bytes + p * kTileN * kRowBytes + swz(row, c), src, ok);
  }
}

template <bool kXor, bool kSigned, bool kFused>
__global__ void __launch_bounds__(kThreads) bmma_gemm_kernel(const __grid_constant__ GemmGlobals g) {
  extern __shared__ __align__(128) unsigned char smem[];
  const TileDesc tile = g.tiles[blockIdx.x];
  const int n0 = blockIdx.y * kTileN, h = blockIdx.z;
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32, wm = warp / 2, wn = warp % 2;
  const int len = g.level_len[tile.level];
  constexpr int planes = Smem<kSigned>::planes;
  const std::uint32_t* a_row0 = g.a + (static_cast<std::size_t>(h) * g.a_rows + tile.row_begin) * g.row_words;
  const std::uint32_t* b_row0 = g.b + static_cast<std::size_t>(g.level_family[tile.level]) * planes * g.b_plane_words +
                                (static_cast<std::size_t>(h) * g.b_rows + n0) * g.row_words;
  const int valid_a = min(kTileM, g.a_rows - tile.row_begin), valid_b = min(kTileN, g.b_rows - n0);

  float facc[2][4][4] = {};
  for (int k = 0; k < g.chunks; ++k) {
    const int ck = min(g.chunk, g.depth - k * g.chunk);
    const int stages = static_cast<int>(chunk_extent_words(len, ck) / kStageWords);
    const std::size_t word_k = static_cast<std::size_t>(k) * g.chunk_words;
    int acc_t[2][4][4] = {}, acc_p[2][4][4] = {};
    for (int s = 0; s < kStages - 1; ++s) {
      if (s < stages) load_stage<kSigned>(g, smem + s * Smem<kSigned>::stage_bytes, a_row0, b_row0, valid_a, valid_b, word_k + s * kStageWords);
      cp_async_commit();
    }
    for (int s = 0; s < stages; ++s) {
      cp_async_wait<kStages - 2>();
      __syncthreads();
      const int nxt = s + kStages - 1;
      if (nxt < stages) load_stage<kSigned>(g, smem + (nxt % kStages) * Smem<kSigned>::stage_bytes, a_row0, b_row0, valid_a, valid_b, word_k + nxt * kStageWords);
      cp_async_commit();
      const unsigned char* sa = smem + (s % kStages) * Smem<kSigned>::stage_bytes;
      const unsigned char* sb = sa + Smem<kSigned>::a_bytes;
#pragma unroll
      for (int kk = 0; kk < 2; ++kk) {
        uint32_t af[planes][2][4], bf[planes][4][2];
#pragma unroll
        for (int p = 0; p < planes; ++p) {
#pragma unroll
          for (int mi = 0; mi < 2; ++mi) {
            ldmatrix_x4(af[p][mi], sa + p * kTileM * kRowBytes + swz(wm * 32 + mi * 16 + (lane & 15), kk * 2 + (lane >> 4)));
          }
#pragma unroll
          for (int nj = 0; nj < 2; ++nj) {
            uint32_t r[4];
            ldmatrix_x4(r, sb + p * kTileN * kRowBytes + swz(wn * 32 + nj * 16 + (lane & 7) + ((lane >> 4) << 3), kk * 2 + ((lane >> 3) & 1)));
            bf[p][nj * 2][0] = r[0]; bf[p][nj * 2][1] = r[1]; bf[p][nj * 2 + 1][0] = r[2]; bf[p][nj * 2 + 1][1] = r[3];
          }
        }
#pragma unroll
        for (int mi = 0; mi < 2; ++mi) {
#pragma unroll
          for (int ni = 0; ni < 4; ++ni) {
            if constexpr (kSigned) {
              const uint32_t a_all[4] = {af[0][mi][0] | af[1][mi][0], af[0][mi][1] | af[1][mi][1], af[0][mi][2] | af[1][mi][2], af[0][mi][3] | af[1][mi][3]};
              const uint32_t b_all[2] = {bf[0][ni][0] | bf[1][ni][0], bf[0][ni][1] | bf[1][ni][1]};
              bmma_and(acc_t[mi][ni], a_all, b_all);
              bmma_and(acc_p[mi][ni], af[0][mi], bf[1][ni]);   // + · −
              bmma_and(acc_p[mi][ni], af[1][mi], bf[0][ni]);   // − · +
            } else if constexpr (kXor) {
              bmma_xor(acc_t[mi][ni], af[0][mi], bf[0][ni]);
            } else {
              bmma_and(acc_t[mi][ni], af[0][mi], bf[0][ni]);
            }
          }
        }
      }
    }
    cp_async_wait<0>();
    __syncthreads();  // the next chunk's prologue overwrites every slot

    // Epilogue of chunk k.
    const float sigma = kFused ? g.level_sigma[tile.level] : 0.0f;
#pragma unroll
    for (int mi = 0; mi < 2; ++mi) {
#pragma unroll
      for (int ni = 0; ni < 4; ++ni) {
#pragma unroll
        for (int e = 0; e < 4; ++e) {
          const int r = tile.row_begin + wm * 32 + mi * 16 + lane / 4 + (e >= 2 ? 8 : 0);
          const int c = n0 + wn * 32 + ni * 8 + (lane % 4) * 2 + (e & 1);
          if (r >= tile.row_end || c >= g.b_rows) continue;
          int s_val = acc_t[mi][ni][e];
          if constexpr (kSigned) s_val -= 2 * acc_p[mi][ni][e];
          if constexpr (kXor) s_val = ck * len - 2 * s_val;
          const int n = g.a_row_map[r], m = g.b_row_map[c];
          if constexpr (kFused) {
            const float part = __fmul_rn(__int2float_rn(s_val), sigma);
            const float sc = __fmul_rn(g.scale_a[(static_cast<std::size_t>(h) * g.chunks + k) * g.out_rows + n],
                                       g.scale_b[(static_cast<std::size_t>(h) * g.chunks + k) * g.out_cols + m]);
            facc[mi][ni][e] = __fadd_rn(facc[mi][ni][e], __fmul_rn(part, sc));
          } else {
            g.out_s[((static_cast<std::size_t>(h) * g.chunks + k) * g.out_rows + n) * g.out_cols + m] = s_val;
          }
        }
      }
    }
  }
  if constexpr (kFused) {
#pragma unroll
    for (int mi = 0; mi < 2; ++mi)
#pragma unroll
      for (int ni = 0; ni < 4; ++ni)
#pragma unroll
        for (int e = 0; e < 4; ++e) {
          const int r = tile.row_begin + wm * 32 + mi * 16 + lane / 4 + (e >= 2 ? 8 : 0);
          const int c = n0 + wn * 32 + ni * 8 + (lane % 4) * 2 + (e & 1);
          if (r >= tile.row_end || c >= g.b_rows) continue;
          g.out_f[(static_cast<std::size_t>(h) * g.out_rows + g.a_row_map[r]) * g.out_cols + g.b_row_map[c]] = facc[mi][ni][e];
        }
  }
}

template <bool kXor, bool kSigned, bool kFused>
void launch_variant(const GemmGlobals& g) {
  constexpr int bytes = Smem<kSigned>::total;
  auto kernel = bmma_gemm_kernel<kXor, kSigned, kFused>;
  SCMP_CUDA(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes));
  dim3 grid(g.a_tiles, (g.b_rows + kTileN - 1) / kTileN, g.batch);
  kernel<<<grid, kThreads, bytes>>>(g);
  SCMP_CUDA(cudaGetLastError());
}

}  // namespace

void launch_bmma_gemm(const GemmGlobals& g, GemmOp op, bool is_signed) {
  if (g.a_tiles == 0 || g.b_rows == 0) return;
  const bool fused = g.out_f != nullptr;
  if (op == GemmOp::xor_popc) {
    if (is_signed) throw scmp::sim::Error("launch_bmma_gemm: xor_popc takes no signs");
    fused ? launch_variant<true, false, true>(g) : launch_variant<true, false, false>(g);
  } else if (is_signed) {
    fused ? launch_variant<false, true, true>(g) : launch_variant<false, true, false>(g);
  } else {
    fused ? launch_variant<false, false, true>(g) : launch_variant<false, false, false>(g);
  }
}

}  // namespace scmp::gpu
