// Binary tensor-core GEMM (mma.sync m16n8k256 .b1) over packed bit operands. Two tile shapes share one
// kernel template: `wide` (128×128 per block, 8 warps of 64×32, one block per SM) and `narrow` (the first
// version: 128×64, warps of 32×32). A cp.async pipeline of K slices (kStageBits) in swizzled shared memory;
// one epilogue per chunk of lanes.
#include <algorithm>

#include "gpu/bmma_gemm.hpp"
#include "gpu/cuda_check.hpp"
#include "gpu/gemm_tile.cuh"

namespace scmp::gpu {
namespace {

using namespace tile;

// blockIdx: x = work item (a tile, maybe a stage range), y = b tile, z = batch slice.
template <class S, bool kXor, bool kSigned, bool kFused, bool kMask>
__global__ void __launch_bounds__(kThreads, S::min_blocks) bmma_gemm_kernel(const __grid_constant__ GemmGlobals g) {
  constexpr int MI = S::MI, NI = S::NI;
  using M = Smem<S, kSigned, kMask>;
  constexpr int kSt = M::stages;
  extern __shared__ __align__(128) unsigned char smem[];
  const TileDesc tile = g.tiles[blockIdx.x];
  const int n0 = blockIdx.y * S::tn;
  const int h = blockIdx.z;
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32, wm = warp / S::WN, wn = warp % S::WN;
  const int len = g.level_len[tile.level];
  constexpr int planes = M::planes;
  constexpr int stored_planes = kSigned ? 2 : 1;  // a family of b spans both planes in either mode
  const std::uint32_t* a_row0 = g.a + (static_cast<std::size_t>(h) * g.a_rows + tile.row_begin) * g.row_words;
  const std::uint32_t* b_row0 = g.b + static_cast<std::size_t>(g.level_family[tile.level]) * stored_planes * g.b_plane_words +
                                (static_cast<std::size_t>(h) * g.b_rows + n0) * g.row_words;
  const int valid_a = min(S::tm, g.a_rows - tile.row_begin), valid_b = min(S::tn, g.b_rows - n0);

  float facc[kFused ? MI : 1][kFused ? NI : 1][4] = {};
  if constexpr (kFused) {
    if (g.accumulate_f) {
      for_each_fragment<S>(tile, n0, g.b_rows, wm, wn, lane, [&](int mi, int ni, int e, int r, int c) {
        facc[mi][ni][e] = g.out_f[(static_cast<std::size_t>(h) * g.out_rows + g.a_row_map[r]) * g.out_cols + g.b_row_map[c]];
      });
    }
  }
  for (int k = 0; k < g.chunks; ++k) {
    const int ck = min(g.chunk, g.depth - k * g.chunk);
    const int all_stages = static_cast<int>(chunk_extent_words(len, ck) / kStageWords);
    const int s_begin = tile.stage_end < 0 ? 0 : tile.stage_begin;
    const int stages = (tile.stage_end < 0 ? all_stages : min(all_stages, tile.stage_end)) - s_begin;
    const std::size_t word_k = static_cast<std::size_t>(k) * g.chunk_words + static_cast<std::size_t>(s_begin) * kStageWords;
    int acc_t[MI][NI][4] = {}, acc_p[kSigned ? MI : 1][kSigned ? NI : 1][4] = {};
    // Mask mode: this thread's fragment words all belong to lane group (lane % 4) % (c_k / 32) of their row.
    uint32_t ma[kMask ? MI : 1][2] = {}, mb[kMask ? NI : 1] = {};
    if constexpr (kMask) {
      const int grp = (lane % 4) % (ck / 32);
#pragma unroll
      for (int mi = 0; mi < MI; ++mi)
#pragma unroll
        for (int half = 0; half < 2; ++half) {
          const int row = wm * MI * 16 + mi * 16 + lane / 4 + 8 * half;
          if (row < valid_a)
            ma[mi][half] = g.a_sign[(static_cast<std::size_t>(h) * g.a_rows + tile.row_begin + row) * g.sign_stride + k * kSignGroups + grp];
        }
#pragma unroll
      for (int ni = 0; ni < NI; ++ni) {
        const int row = wn * NI * 8 + ni * 8 + lane / 4;
        if (row < valid_b) mb[ni] = g.b_sign[(static_cast<std::size_t>(h) * g.b_rows + n0 + row) * g.sign_stride + k * kSignGroups + grp];
      }
    }
#pragma unroll
    for (int s = 0; s < kSt - 1; ++s) {
      if (s < stages)
        load_stage<S, kSigned, kMask>(g, smem + s * M::stage_bytes, a_row0, b_row0, valid_a, valid_b,
                               word_k + s * kStageWords);
      cp_async_commit();
    }
    for (int s = 0; s < stages; ++s) {
      cp_async_wait<kSt - 2>();
      __syncthreads();
      const int nxt = s + kSt - 1;
      if (nxt < stages)
        load_stage<S, kSigned, kMask>(g, smem + (nxt % kSt) * M::stage_bytes, a_row0, b_row0, valid_a,
                               valid_b, word_k + nxt * kStageWords);
      cp_async_commit();
      const unsigned char* sa = smem + (s % kSt) * M::stage_bytes;
      const unsigned char* sb = sa + M::a_bytes;
#pragma unroll
      for (int kk = 0; kk < kSteps; ++kk) {
        uint32_t af[planes][MI][4], bf[planes][NI][2];
#pragma unroll
        for (int p = 0; p < planes; ++p) {
#pragma unroll
          for (int mi = 0; mi < MI; ++mi)
            ldmatrix_x4(af[p][mi], sa + p * S::tm * kRowBytes + swz(wm * MI * 16 + mi * 16 + (lane & 15), kk * 2 + (lane >> 4)));
#pragma unroll
          for (int nj = 0; nj < NI / 2; ++nj) {
            uint32_t r[4];
            ldmatrix_x4(r, sb + p * S::tn * kRowBytes +
                               swz(wn * NI * 8 + nj * 16 + (lane & 7) + ((lane >> 4) << 3), kk * 2 + ((lane >> 3) & 1)));
            bf[p][nj * 2][0] = r[0];
            bf[p][nj * 2][1] = r[1];
            bf[p][nj * 2 + 1][0] = r[2];
            bf[p][nj * 2 + 1][1] = r[3];
          }
        }
        if constexpr (kMask) {  // A = |a| bits: A⁺ = A & pos, A⁻ = A & ~pos
          uint32_t bp[NI][2], bn[NI][2];
#pragma unroll
          for (int ni = 0; ni < NI; ++ni)
#pragma unroll
            for (int j = 0; j < 2; ++j) {
              bp[ni][j] = bf[0][ni][j] & mb[ni];
              bn[ni][j] = bf[0][ni][j] & ~mb[ni];
            }
#pragma unroll
          for (int mi = 0; mi < MI; ++mi) {
            uint32_t ap[4], an[4];
#pragma unroll
            for (int e = 0; e < 4; ++e) {
              ap[e] = af[0][mi][e] & ma[mi][e & 1];
              an[e] = af[0][mi][e] & ~ma[mi][e & 1];
            }
#pragma unroll
            for (int ni = 0; ni < NI; ++ni) {
              bmma_and(acc_t[mi][ni], af[0][mi], bf[0][ni]);
              bmma_and(acc_p[mi][ni], ap, bn[ni]);  // + · −
              bmma_and(acc_p[mi][ni], an, bp[ni]);  // − · +
            }
          }
        } else if constexpr (kSigned) {
          uint32_t b_all[NI][2];
#pragma unroll
          for (int ni = 0; ni < NI; ++ni) {
            b_all[ni][0] = bf[0][ni][0] | bf[1][ni][0];
            b_all[ni][1] = bf[0][ni][1] | bf[1][ni][1];
          }
#pragma unroll
          for (int mi = 0; mi < MI; ++mi) {
            const uint32_t a_all[4] = {af[0][mi][0] | af[1][mi][0], af[0][mi][1] | af[1][mi][1],
                                       af[0][mi][2] | af[1][mi][2], af[0][mi][3] | af[1][mi][3]};
#pragma unroll
            for (int ni = 0; ni < NI; ++ni) {
              bmma_and(acc_t[mi][ni], a_all, b_all[ni]);
              bmma_and(acc_p[mi][ni], af[0][mi], bf[1][ni]);  // + · −
              bmma_and(acc_p[mi][ni], af[1][mi], bf[0][ni]);  // − · +
            }
          }
        } else {
#pragma unroll
          for (int mi = 0; mi < MI; ++mi)
#pragma unroll
            for (int ni = 0; ni < NI; ++ni) {
              if constexpr (kXor) bmma_xor(acc_t[mi][ni], af[0][mi], bf[0][ni]);
              else bmma_and(acc_t[mi][ni], af[0][mi], bf[0][ni]);
            }
        }
      }
    }
    cp_async_wait<0>();
    __syncthreads();  // the next chunk's prologue overwrites every slot

    // Epilogue of chunk k.
    const auto [sigma, c_h] = epilogue_scalars<kFused>(g, tile, h);
#pragma unroll
    for (int mi = 0; mi < MI; ++mi) {
#pragma unroll
      for (int ni = 0; ni < NI; ++ni) {
#pragma unroll
        for (int e = 0; e < 4; ++e) {
          const int r = tile.row_begin + wm * MI * 16 + mi * 16 + lane / 4 + (e >= 2 ? 8 : 0);
          const int c = n0 + wn * NI * 8 + ni * 8 + (lane % 4) * 2 + (e & 1);
          if (r >= tile.row_end || c >= g.b_rows) continue;
          int s_val = acc_t[mi][ni][e];
          if constexpr (kSigned) s_val -= 2 * acc_p[mi][ni][e];
          if constexpr (kXor) s_val = (s_begin == 0 ? ck * len : 0) - 2 * s_val;
          const int n = g.a_row_map[r], m = g.b_row_map[c];
          chunk_epilogue_element<kFused>(g, h, k, n, m, s_val, sigma, c_h, facc[mi][ni][e]);
        }
      }
    }
  }
  if constexpr (kFused) {
    for_each_fragment<S>(tile, n0, g.b_rows, wm, wn, lane, [&](int mi, int ni, int e, int r, int c) {
      g.out_f[(static_cast<std::size_t>(h) * g.out_rows + g.a_row_map[r]) * g.out_cols + g.b_row_map[c]] = facc[mi][ni][e];
    });
  }
}

template <class S, bool kXor, bool kSigned, bool kFused, bool kMask = false>
void launch_variant(const GemmGlobals& g) {
  constexpr int bytes = Smem<S, kSigned, kMask>::total;
  auto kernel = bmma_gemm_kernel<S, kXor, kSigned, kFused, kMask>;
  SCMP_CUDA(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes));
  if ((kFused || g.slice_scale || g.row_scale) && g.atomic_out) throw scmp::sim::Error("launch_bmma_gemm: split tiles need integer output");
  if ((g.slice_scale || g.row_scale) && (g.chunks != 1 || g.out_chunks != 1 || g.accumulate_f || g.out_f == nullptr)) {
    throw scmp::sim::Error("launch_bmma_gemm: the per-slice epilogue takes one chunk, one slab and an fp32 output");
  }
  dim3 grid(g.a_tiles, (g.b_rows + S::tn - 1) / S::tn, g.batch);
  kernel<<<grid, kThreads, bytes>>>(g);
  SCMP_CUDA(cudaGetLastError());
}

template <class S>
void launch_shape(const GemmGlobals& g, GemmOp op, bool is_signed) {
  const bool fused = g.out_f != nullptr && !g.slice_scale && !g.row_scale;  // slice_scale: the integer kernels' per-slice epilogue
  if (op == GemmOp::xor_popc) {
    if (is_signed) throw scmp::sim::Error("launch_bmma_gemm: xor_popc takes no signs");
    fused ? launch_variant<S, true, false, true>(g) : launch_variant<S, true, false, false>(g);
  } else if (is_signed && g.a_sign != nullptr) {
    if constexpr (S::tn == 128) {
      fused ? launch_variant<S, false, true, true, true>(g) : launch_variant<S, false, true, false, true>(g);
    } else {
      throw scmp::sim::Error("launch_bmma_gemm: sign-mask mode runs on the wide tile only");
    }
  } else if (is_signed) {
    fused ? launch_variant<S, false, true, true>(g) : launch_variant<S, false, true, false>(g);
  } else {
    fused ? launch_variant<S, false, false, true>(g) : launch_variant<S, false, false, false>(g);
  }
}

}  // namespace

void launch_bmma_gemm(const GemmGlobals& g, GemmOp op, bool is_signed) {
  if (g.a_tiles == 0 || g.b_rows == 0) return;
  if (g.narrow) launch_shape<NarrowShape>(g, op, is_signed);
  else launch_shape<WideShape>(g, op, is_signed);
}

}  // namespace scmp::gpu
