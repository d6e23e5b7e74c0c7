// Binary tensor-core GEMM on Hopper warpgroups (wgmma_gemm.hpp). A block is the mma.sync kernel's wide tile,
// 128 rows of a × 128 rows of b, run by two warpgroups of 64 × 128 each; K slices of kStageBits are staged by
// cp.async in the layout of gemm_tile.cuh, which is the 128-byte-swizzled K-major layout of a wgmma shared-
// memory descriptor, so each slice is four m64n128k256 steps per operand pair read straight from shared memory.
// Signed (two planes, + and −): S = (A⁺·B⁺ + A⁻·B⁻) − (A⁺·B⁻ + A⁻·B⁺), two accumulators, four MMAs a step.
#include <cuda_runtime.h>

#include <mutex>
#include <vector>

#include "gpu/cuda_check.hpp"
#include "gpu/gemm_tile.cuh"
#include "gpu/wgmma.cuh"
#include "gpu/wgmma_gemm.hpp"

namespace scmp::gpu {
namespace {

using namespace tile;

using WgShape = Shape<8, 1, 1, 16, 1>;  // epilogue view: warp w holds rows 16w.., all 128 columns (16 n8 tiles)

// Ring of stage slots: signed stages hold four planes (64 KB), three slots; unsigned (32 KB), six. Stage s is
// multiplied while stages s+1 .. s+slots−2 are in flight; its MMAs are queued before the previous stage's are
// awaited, so the tensor cores never drain, and the slot the previous stage used is refilled after both
// warpgroups have retired it.
template <bool kSigned>
struct Ring {
  using M = Smem<WgShape, kSigned, false>;
  static constexpr int slots = kSigned ? 3 : 6;
  static constexpr int bytes = slots * M::stage_bytes + 1024;  // + alignment of the 1024-byte swizzle atoms
  static_assert(M::stage_bytes % 1024 == 0);
};

__global__ void wgmma_probe(int* ran) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  *ran = 1;
#else
  *ran = 0;
#endif
}

template <bool kSigned, bool kFused>
__global__ void __launch_bounds__(kThreads, 1) wgmma_gemm_kernel(const __grid_constant__ GemmGlobals g) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  using S = WgShape;
  using R = Ring<kSigned>;
  using M = typename R::M;
  constexpr int NI = S::NI;
  extern __shared__ unsigned char smem_raw[];
  unsigned char* smem = smem_raw + ((1024 - (static_cast<unsigned>(__cvta_generic_to_shared(smem_raw)) & 1023)) & 1023);
  const TileDesc tile = g.tiles[blockIdx.x];
  const int n0 = blockIdx.y * S::tn;
  const int h = blockIdx.z;
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32, wg = warp / 4;
  const int len = g.level_len[tile.level];
  constexpr int stored_planes = kSigned ? 2 : 1;
  const std::uint32_t* a_row0 = g.a + (static_cast<std::size_t>(h) * g.a_rows + tile.row_begin) * g.row_words;
  const std::uint32_t* b_row0 = g.b + static_cast<std::size_t>(g.level_family[tile.level]) * stored_planes * g.b_plane_words +
                                (static_cast<std::size_t>(h) * g.b_rows + n0) * g.row_words;
  const int valid_a = min(S::tm, g.a_rows - tile.row_begin), valid_b = min(S::tn, g.b_rows - n0);

  float facc[kFused ? NI : 1][4] = {};
  if constexpr (kFused) {
    if (g.accumulate_f) {
      for_each_fragment<S>(tile, n0, g.b_rows, warp, 0, lane, [&](int, int ni, int e, int r, int c) {
        facc[ni][e] = g.out_f[(static_cast<std::size_t>(h) * g.out_rows + g.a_row_map[r]) * g.out_cols + g.b_row_map[c]];
      });
    }
  }
  for (int k = 0; k < g.chunks; ++k) {
    const int ck = min(g.chunk, g.depth - k * g.chunk);
    const int all_stages = static_cast<int>(chunk_extent_words(len, ck) / kStageWords);
    const int s_begin = tile.stage_end < 0 ? 0 : tile.stage_begin;
    const int stages = (tile.stage_end < 0 ? all_stages : min(all_stages, tile.stage_end)) - s_begin;
    const std::size_t word_k = static_cast<std::size_t>(k) * g.chunk_words + static_cast<std::size_t>(s_begin) * kStageWords;
    int acc[64], cross[kSigned ? 64 : 1];
#pragma unroll
    for (int i = 0; i < 64; ++i) acc[i] = 0;
#pragma unroll
    for (int i = 0; i < (kSigned ? 64 : 1); ++i) cross[i] = 0;
#pragma unroll
    for (int s = 0; s < R::slots - 1; ++s) {
      if (s < stages) load_stage<S, kSigned, false>(g, smem + s * M::stage_bytes, a_row0, b_row0, valid_a, valid_b, word_k + s * kStageWords);
      cp_async_commit();
    }
    for (int s = 0; s < stages; ++s) {
      cp_async_wait<R::slots - 2>();  // stage s has landed (this thread's copies)
      fence_proxy_async();            // ... and is visible to the tensor cores' async proxy
      __syncthreads();                // every thread's copies
      const unsigned char* sa = smem + (s % R::slots) * M::stage_bytes + wg * 64 * kRowBytes;
      const unsigned char* sb = smem + (s % R::slots) * M::stage_bytes + M::a_bytes;
      wgmma_fence();
#pragma unroll
      for (int kk = 0; kk < kSteps; ++kk) {
        const std::uint64_t a0 = smem_desc_sw128(sa + kk * 32), b0 = smem_desc_sw128(sb + kk * 32);
        wgmma_and_m64n128k256(acc, a0, b0);
        if constexpr (kSigned) {
          const std::uint64_t a1 = smem_desc_sw128(sa + S::tm * kRowBytes + kk * 32);
          const std::uint64_t b1 = smem_desc_sw128(sb + S::tn * kRowBytes + kk * 32);
          wgmma_and_m64n128k256(acc, a1, b1);    // − · −
          wgmma_and_m64n128k256(cross, a0, b1);  // + · −
          wgmma_and_m64n128k256(cross, a1, b0);  // − · +
        }
      }
      wgmma_commit();
      wgmma_wait<1>();   // stage s−1's MMAs retired (this warpgroup); stage s's stay queued
      __syncthreads();   // ... in both warpgroups: its slot may be refilled
      const int nxt = s + R::slots - 1;  // lands in stage s−1's slot
      if (nxt < stages)
        load_stage<S, kSigned, false>(g, smem + (nxt % R::slots) * M::stage_bytes, a_row0, b_row0, valid_a, valid_b,
                                      word_k + nxt * kStageWords);
      cp_async_commit();
    }
    wgmma_wait<0>();
    fence_operands(acc);
    if constexpr (kSigned) fence_operands(cross);
    cp_async_wait<0>();
    __syncthreads();  // the next chunk's prologue overwrites every slot

    // Epilogue of chunk k (as bmma_gemm.cu's, on the m64n128 fragment: d[4·ni + e]).
    const auto [sigma, c_h] = epilogue_scalars<kFused>(g, tile, h);
#pragma unroll
    for (int ni = 0; ni < NI; ++ni) {
#pragma unroll
      for (int e = 0; e < 4; ++e) {
        const int r = tile.row_begin + warp * 16 + lane / 4 + (e >= 2 ? 8 : 0);
        const int c = n0 + ni * 8 + (lane % 4) * 2 + (e & 1);
        if (r >= tile.row_end || c >= g.b_rows) continue;
        int s_val = acc[ni * 4 + e];
        if constexpr (kSigned) s_val -= cross[ni * 4 + e];
        const int n = g.a_row_map[r], m = g.b_row_map[c];
        chunk_epilogue_element<kFused>(g, h, k, n, m, s_val, sigma, c_h, facc[ni][e]);
      }
    }
  }
  if constexpr (kFused) {
    for_each_fragment<S>(tile, n0, g.b_rows, warp, 0, lane, [&](int, int ni, int e, int r, int c) {
      g.out_f[(static_cast<std::size_t>(h) * g.out_rows + g.a_row_map[r]) * g.out_cols + g.b_row_map[c]] = facc[ni][e];
    });
  }
#else
  (void)g;
#endif
}

template <bool kSigned, bool kFused>
void launch_variant(const GemmGlobals& g) {
  constexpr int bytes = Ring<kSigned>::bytes;
  auto kernel = wgmma_gemm_kernel<kSigned, kFused>;
  SCMP_CUDA(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes));
  dim3 grid(g.a_tiles, (g.b_rows + WgShape::tn - 1) / WgShape::tn, g.batch);
  kernel<<<grid, kThreads, bytes>>>(g);
  SCMP_CUDA(cudaGetLastError());
}

}  // namespace

bool wgmma_supported(int device) {
  static std::mutex mutex;
  static std::vector<int> known;  // per device: -1 unknown, 0 no, 1 yes
  std::lock_guard<std::mutex> lock(mutex);
  if (device < 0) return false;
  if (known.size() <= static_cast<std::size_t>(device)) known.resize(static_cast<std::size_t>(device) + 1, -1);
  int& k = known[static_cast<std::size_t>(device)];
  if (k < 0) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, device) != cudaSuccess) {
      cudaGetLastError();
      return false;
    }
    k = 0;
    if (prop.major == 9 && prop.minor == 0) {
      int current = 0;
      SCMP_CUDA(cudaGetDevice(&current));
      SCMP_CUDA(cudaSetDevice(device));
      int* ran = nullptr;
      SCMP_CUDA(cudaMalloc(&ran, sizeof(int)));
      SCMP_CUDA(cudaMemset(ran, 0, sizeof(int)));
      wgmma_probe<<<1, 1>>>(ran);
      int host = 0;
      const bool ok = cudaGetLastError() == cudaSuccess && cudaMemcpy(&host, ran, sizeof host, cudaMemcpyDeviceToHost) == cudaSuccess;
      cudaGetLastError();  // a build without any code for this device refuses the launch: not supported
      cudaFree(ran);
      SCMP_CUDA(cudaSetDevice(current));
      k = ok && host == 1 ? 1 : 0;
    }
  }
  return k == 1;
}

bool wgmma_covers(const GemmGlobals& g, GemmOp op) {
  return op == GemmOp::and_popc && g.a_sign == nullptr && !g.narrow;
}

void launch_wgmma_gemm(const GemmGlobals& g, GemmOp op, bool is_signed) {
  if (!wgmma_covers(g, op)) throw sim::Error("launch_wgmma_gemm: wgmma covers and_popc without sign masks on the wide tile only");
  int device = 0;
  SCMP_CUDA(cudaGetDevice(&device));
  if (!wgmma_supported(device)) throw sim::Error("launch_wgmma_gemm: this device or build has no wgmma (sm_90a)");
  if (g.a_tiles == 0 || g.b_rows == 0) return;
  if ((g.out_f != nullptr || g.slice_scale) && g.atomic_out) throw sim::Error("launch_wgmma_gemm: split tiles need integer output");
  if (g.slice_scale && (g.chunks != 1 || g.out_chunks != 1 || g.accumulate_f || g.out_f == nullptr)) {
    throw sim::Error("launch_wgmma_gemm: the per-slice epilogue takes one chunk, one slab and an fp32 output");
  }
  const bool fused = g.out_f != nullptr && !g.slice_scale;
  if (is_signed) fused ? launch_variant<true, true>(g) : launch_variant<true, false>(g);
  else fused ? launch_variant<false, true>(g) : launch_variant<false, false>(g);
}

}  // namespace scmp::gpu
