// Binary tensor-core GEMM on Hopper warpgroups (wgmma_gemm.hpp). A block is the mma.sync kernel's wide tile,
// 128 rows of a × 128 rows of b, multiplied by two consumer warpgroups of 64 × 128 each, while one producer
// warp streams K slices of kStageBits into a ring of shared-memory slots with TMA bulk-tensor loads (one box
// per operand holding both sign planes) that complete on mbarriers (tma.cuh). The TMA's 128-byte swizzle is
// the layout of gemm_tile.cuh and of a wgmma shared-memory descriptor, so each slice is four m64n128k256
// steps per operand pair read straight from shared memory. No block-wide barrier after the start: loads,
// MMAs and the epilogue of the previous chunk overlap.
// Signed (two planes, + and −): S = (A⁺·B⁺ + A⁻·B⁻) − (A⁺·B⁻ + A⁻·B⁺), two accumulators, four MMAs a step.
#include <cuda.h>
#include <cudaTypedefs.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <climits>
#include <mutex>
#include <string>
#include <vector>

#include "gpu/cuda_check.hpp"
#include "gpu/gemm_tile.cuh"
#include "gpu/tma.cuh"
#include "gpu/wgmma.cuh"
#include "gpu/wgmma_gemm.hpp"

namespace scmp::gpu {
namespace {

using namespace tile;

using WgShape = Shape<8, 1, 1, 16, 1>;  // epilogue view: warp w holds rows 16w.., all 128 columns (16 n8 tiles)
constexpr int kConsumerThreads = kThreads;             // two warpgroups (warps 0-7)
constexpr int kBlockThreads = kConsumerThreads + 128;  // + the producer warpgroup (warps 8-11; one lane loads)
// Registers: a block starts at 168 a thread (3 warpgroups in 64 K); the producer gives most of its share to
// the consumers, whose accumulators (and fused fp32 sums) need up to ~220.
constexpr int kProducerRegs = 40, kConsumerRegs = 232;
static_assert(kProducerRegs * 128 + kConsumerRegs * kConsumerThreads <= 65536);

// Ring of stage slots: signed stages hold four planes (64 KB), three slots; unsigned (32 KB), six. The
// producer refills a slot once every consumer warp has retired the MMAs that read it; each warpgroup
// queues stage s's MMAs before it waits for stage s−1's, so the tensor cores never drain.
template <bool kSigned>
struct Ring {
  using M = Smem<WgShape, kSigned, false>;
  static constexpr int slots = kSigned ? 3 : 6;
  static constexpr int bytes = slots * M::stage_bytes + 1024 + 2 * slots * 8;  // + swizzle-atom alignment, barriers
  static_assert(M::stage_bytes % 1024 == 0);
};

// The packed operands as TMA tensors, x = word of the row (32 words = 128 bytes a box row), y = row of all
// batch slices, z = plane (b: family·planes + plane). A box is 32 words × 128 rows × planes.
struct TmaMaps {  // CUtensorMap carries its own alignment
  CUtensorMap a;
  CUtensorMap b;
};

__global__ void wgmma_probe(int* ran) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  *ran = 1;
#else
  *ran = 0;
#endif
}

// Stages [first, first + count) of chunk k of a tile (split-K tiles cover a range of the single chunk).
struct StageRange {
  int first, count;
};
__device__ __forceinline__ StageRange stage_range(const GemmGlobals& g, const TileDesc& tile, int len, int k) {
  const int ck = min(g.chunk, g.depth - k * g.chunk);
  const int all_stages = static_cast<int>(chunk_extent_words(len, ck) / kStageWords);
  const int s_begin = tile.stage_end < 0 ? 0 : tile.stage_begin;
  return {s_begin, (tile.stage_end < 0 ? all_stages : min(all_stages, tile.stage_end)) - s_begin};
}

// The persistent grid's work: one item per (a tile, 128 rows of b, batch slice), a tiles fastest (the order of
// the former 3-D grid, so that the items in flight at once share their b tiles in L2). Block i takes items
// i, i + gridDim.x, …: its producer runs ahead into the next item while the consumers finish the last.
struct WorkItem {
  TileDesc tile;
  int n0, h, len;
};
struct WorkList {
  int a_tiles, b_tiles, batch;
  __device__ int items() const { return a_tiles * b_tiles * batch; }
  __device__ WorkItem item(const GemmGlobals& g, int w) const {
    const TileDesc tile = g.tiles[w % a_tiles];
    const int rest = w / a_tiles;
    return {tile, (rest % b_tiles) * WgShape::tn, rest / b_tiles, g.level_len[tile.level]};
  }
};

template <bool kSigned, bool kFused>
__global__ void __launch_bounds__(kBlockThreads, 1)
    wgmma_gemm_kernel(const __grid_constant__ GemmGlobals g, const __grid_constant__ TmaMaps maps) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  using S = WgShape;
  using R = Ring<kSigned>;
  using M = typename R::M;
  constexpr int NI = S::NI;
  constexpr int planes = kSigned ? 2 : 1;
  extern __shared__ unsigned char smem_raw[];
  unsigned char* smem = smem_raw + ((1024 - (smem_addr(smem_raw) & 1023)) & 1023);
  auto* full = reinterpret_cast<std::uint64_t*>(smem + R::slots * M::stage_bytes);
  std::uint64_t* empty = full + R::slots;
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32, wg = warp / 4;
  const WorkList work{g.a_tiles, (g.b_rows + S::tn - 1) / S::tn, g.batch};
  if (threadIdx.x == 0) {
    for (int i = 0; i < R::slots; ++i) {
      mbarrier_init(full + i, 1);   // the producer's arrive (+ the TMA bytes)
      mbarrier_init(empty + i, kConsumerThreads / 32);  // one arrive per consumer warp, after its own wait
    }
    mbarrier_init_fence();
  }
  __syncthreads();

  if (warp >= kConsumerThreads / 32) {  // ---- producer warpgroup: one lane issues every load ----
    setmaxnreg_dec<kProducerRegs>();
    if (threadIdx.x != kConsumerThreads) return;
    int it = 0;  // stages loaded so far, over every item: slot and phase
    for (int w = blockIdx.x; w < work.items(); w += gridDim.x) {
      const WorkItem item = work.item(g, w);
      const TileDesc& tile = item.tile;
      const int a_y = item.h * g.a_rows + tile.row_begin, b_y = item.h * g.b_rows + item.n0;
      const int b_z = g.level_family[tile.level] * planes;
      for (int k = 0; k < g.chunks; ++k) {
        const StageRange sr = stage_range(g, tile, item.len, k);
        const int x0 = k * g.chunk_words + sr.first * kStageWords;
        for (int s = 0; s < sr.count; ++s, ++it) {
          const int slot = it % R::slots;
          mbarrier_wait(empty + slot, ((it / R::slots) & 1) ^ 1);
          unsigned char* dst = smem + slot * M::stage_bytes;
          mbarrier_arrive_expect_tx(full + slot, M::stage_bytes);
          tma_load_3d(dst, &maps.a, full + slot, x0 + s * kStageWords, a_y, 0);
          tma_load_3d(dst + M::a_bytes, &maps.b, full + slot, x0 + s * kStageWords, b_y, b_z);
        }
      }
    }
    return;
  }

  // ---- consumer warpgroups ----
  setmaxnreg_inc<kConsumerRegs>();
  int it = 0;  // stages consumed so far, over every item
  for (int w = blockIdx.x; w < work.items(); w += gridDim.x) {
    const WorkItem item = work.item(g, w);
    const TileDesc& tile = item.tile;
    const int n0 = item.n0, h = item.h, len = item.len;
    float facc[kFused ? NI : 1][4] = {};
    if constexpr (kFused) {
      if (g.accumulate_f) {
        for_each_fragment<S>(tile, n0, g.b_rows, warp, 0, lane, [&](int, int ni, int e, int r, int c) {
          facc[ni][e] = g.out_f[(static_cast<std::size_t>(h) * g.out_rows + g.a_row_map[r]) * g.out_cols + g.b_row_map[c]];
        });
      }
    }
    for (int k = 0; k < g.chunks; ++k) {
      const StageRange sr = stage_range(g, tile, len, k);
      int acc[64], cross[kSigned ? 64 : 1];
#pragma unroll
      for (int i = 0; i < 64; ++i) acc[i] = 0;
#pragma unroll
      for (int i = 0; i < (kSigned ? 64 : 1); ++i) cross[i] = 0;
      int pending = -1;  // the slot whose MMAs are still queued
      for (int s = 0; s < sr.count; ++s, ++it) {
        const int slot = it % R::slots;
        mbarrier_wait(full + slot, (it / R::slots) & 1);
        const unsigned char* sa = smem + slot * M::stage_bytes + wg * 64 * kRowBytes;
        const unsigned char* sb = smem + slot * M::stage_bytes + M::a_bytes;
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
        wgmma_wait<1>();  // the previous stage's MMAs retired (this warpgroup); this stage's stay queued
        if (pending >= 0 && lane == 0) mbarrier_arrive(empty + pending);
        pending = slot;
      }
      wgmma_wait<0>();
      fence_operands(acc);
      if constexpr (kSigned) fence_operands(cross);
      if (pending >= 0 && lane == 0) mbarrier_arrive(empty + pending);

      // Epilogue of chunk k (as bmma_gemm.cu's, on the m64n128 fragment: d[4·ni + e]); the producer is already
      // loading the next chunk or item.
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
  }
#else
  (void)g;
  (void)maps;
#endif
}

// cuTensorMapEncodeTiled from the driver (no link against libcuda; CUDA 12.0 or later).
PFN_cuTensorMapEncodeTiled_v12000 encode_tiled() {
  static PFN_cuTensorMapEncodeTiled_v12000 fn = [] {
    void* p = nullptr;
    cudaDriverEntryPointQueryResult found{};
#if CUDART_VERSION >= 12050
    SCMP_CUDA(cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &p, 12000, cudaEnableDefault, &found));
#else
    SCMP_CUDA(cudaGetDriverEntryPoint("cuTensorMapEncodeTiled", &p, cudaEnableDefault, &found));
#endif
    if (found != cudaDriverEntryPointSuccess || p == nullptr) throw sim::Error("wgmma GEMM: the driver has no cuTensorMapEncodeTiled");
    return reinterpret_cast<PFN_cuTensorMapEncodeTiled_v12000>(p);
  }();
  return fn;
}

// A packed operand [depth_z][rows][row_words] of 32-bit words as a 3-D tensor in 128-byte-swizzled boxes of
// 32 words × 128 rows × planes.
CUtensorMap operand_map(const std::uint32_t* base, int row_words, long long rows, long long depth_z, std::size_t z_stride_words,
                        int planes) {
  CUtensorMap map{};
  const cuuint64_t dims[3] = {static_cast<cuuint64_t>(row_words), static_cast<cuuint64_t>(rows), static_cast<cuuint64_t>(depth_z)};
  const cuuint64_t strides[2] = {static_cast<cuuint64_t>(row_words) * 4, static_cast<cuuint64_t>(z_stride_words) * 4};
  const cuuint32_t box[3] = {static_cast<cuuint32_t>(kStageWords), static_cast<cuuint32_t>(kTileM), static_cast<cuuint32_t>(planes)};
  const cuuint32_t unit[3] = {1, 1, 1};
  const CUresult r = encode_tiled()(&map, CU_TENSOR_MAP_DATA_TYPE_UINT32, 3, const_cast<std::uint32_t*>(base), dims, strides, box, unit,
                                    CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B, CU_TENSOR_MAP_L2_PROMOTION_L2_256B,
                                    CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
  if (r != CUDA_SUCCESS) throw sim::Error("wgmma GEMM: cuTensorMapEncodeTiled failed (" + std::to_string(static_cast<int>(r)) + ")");
  return map;
}

template <bool kSigned, bool kFused>
void launch_variant(const GemmGlobals& g, int b_families) {
  constexpr int bytes = Ring<kSigned>::bytes;
  constexpr int planes = kSigned ? 2 : 1;
  TmaMaps maps;
  maps.a = operand_map(g.a, g.row_words, static_cast<long long>(g.batch) * g.a_rows, planes, g.a_plane_words, planes);
  maps.b = operand_map(g.b, g.row_words, static_cast<long long>(g.batch) * g.b_rows, static_cast<long long>(b_families) * planes,
                       g.b_plane_words, planes);
  auto kernel = wgmma_gemm_kernel<kSigned, kFused>;
  SCMP_CUDA(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes));
  int device = 0, sms = 0;
  SCMP_CUDA(cudaGetDevice(&device));
  SCMP_CUDA(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  const long long items = static_cast<long long>(g.a_tiles) * ((g.b_rows + WgShape::tn - 1) / WgShape::tn) * g.batch;
  if (items > INT_MAX) throw sim::Error("launch_wgmma_gemm: more than 2^31 work items");
  kernel<<<static_cast<unsigned>(std::min<long long>(items, sms)), kBlockThreads, bytes>>>(g, maps);  // one block per SM
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
  if ((g.out_f != nullptr || g.slice_scale || g.row_scale) && g.atomic_out) throw sim::Error("launch_wgmma_gemm: split tiles need integer output");
  if ((g.slice_scale || g.row_scale) && (g.chunks != 1 || g.out_chunks != 1 || g.accumulate_f || g.out_f == nullptr)) {
    throw sim::Error("launch_wgmma_gemm: the per-slice epilogue takes one chunk, one slab and an fp32 output");
  }
  const bool fused = g.out_f != nullptr && !g.slice_scale && !g.row_scale;
  const int families = g.b_families;
  if (is_signed) fused ? launch_variant<true, true>(g, families) : launch_variant<true, false>(g, families);
  else fused ? launch_variant<false, true>(g, families) : launch_variant<false, false>(g, families);
}

}  // namespace scmp::gpu
