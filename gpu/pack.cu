// Packing kernels: boundaries + prepared streams → cycle-major bit operands (layout in bit_operand.hpp).
#include <algorithm>
#include <cstdint>

#include "gpu/bit_operand.hpp"
#include "gpu/cuda_check.hpp"

namespace scmp::gpu {
namespace {

__device__ __forceinline__ int chunk_lanes(const PackGlobals& g, int k) { return min(g.chunk, g.depth - k * g.chunk); }

// Bit i of a word's sequence (cycle-major lanes) sits at position (i >> 1) + 16·(i & 1): two-lane SIMD compares
// (__vsetltu2) then assemble a word with one shift-add each. Both operands use it, so popcounts are unchanged.
__device__ __forceinline__ int bit_pos(int i) { return (i >> 1) + ((i & 1) << 4); }

// One thread per output word; any chunk width.
__global__ void pack_generic_kernel(const __grid_constant__ PackGlobals g) {
  const std::size_t idx = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  const std::size_t total = static_cast<std::size_t>(g.batch) * g.rows * g.chunks * g.chunk_words;
  if (idx >= total) return;
  const int w = static_cast<int>(idx % g.chunk_words);
  const int k = static_cast<int>((idx / g.chunk_words) % g.chunks);
  const std::size_t hr = idx / (static_cast<std::size_t>(g.chunk_words) * g.chunks);  // batch·rows + r
  const int r = static_cast<int>(hr % g.rows);
  const int h = static_cast<int>(hr / g.rows);
  const int lvl = g.row_level[r];
  const int len = g.level_len[lvl];
  const int ck = chunk_lanes(g, k);
  const int extent = static_cast<int>((static_cast<long long>(len) * ck + kStageBits - 1) / kStageBits * kStageWords);
  if (w >= extent) return;
  const std::size_t src = (static_cast<std::size_t>(h) * g.src_rows + g.src_row[r]) * g.ld;
  int t = (w * 32) / ck, dl = (w * 32) % ck;
  std::uint32_t pos = 0, neg = 0;
  for (int i = 0; i < 32; ++i) {
    if (t < len) {
      const int d = k * g.chunk + dl;
      const int lane = (g.lane_offset + d) % g.lanes;
      const int bnd = g.boundary[src + d];
      const int s = g.sign ? g.sign[src + d] : 1;
      const bool bit = g.thermometer ? t < g.k_table[lvl][lane * g.levels_g1 + bnd]
                                     : g.streams_t[lvl][static_cast<std::size_t>(t) * g.lanes + lane] < bnd;
      pos |= static_cast<std::uint32_t>(bit && s > 0) << bit_pos(i);
      neg |= static_cast<std::uint32_t>(bit && s < 0) << bit_pos(i);
    }
    if (++dl == ck) { dl = 0; ++t; }
  }
  const std::size_t o = hr * g.row_words + static_cast<std::size_t>(k) * g.chunk_words + w;
  g.out[o] = pos;
  if (g.is_signed) g.out[g.plane_words + o] = neg;
}

constexpr int kPackWarps = 4;   // warps per block; one work item per warp
constexpr int kPackIters = 16;  // words per thread per work item (amortizes loading the group's boundaries)

// Word-parallel packing for 32-aligned chunks (c_k % 32 == 0, lanes % 32 == 0, 16-byte aligned operands):
// a word is 32 consecutive lanes at one cycle, so a thread keeps its group's 32 boundaries (or popcounts
// k_a), sign masks and nothing else in registers and makes one word per cycle with 16 two-lane compares;
// the lanes of a warp write consecutive words (groups fastest, then cycles), so every store is coalesced.
// Work item = (row, chunk, block of 32 groups, `cycles` cycles).
__global__ void __launch_bounds__(kPackWarps * 32) pack_words_kernel(const __grid_constant__ PackGlobals g, int gblocks,
                                                                     int tchunks, int cycles) {
  const int lane = threadIdx.x % 32;
  const long long item = static_cast<long long>(blockIdx.x) * kPackWarps + threadIdx.x / 32;
  const long long items = static_cast<long long>(g.batch) * g.rows * g.chunks * gblocks * tchunks;
  if (item >= items) return;
  const int tc = static_cast<int>(item % tchunks);
  const int gb = static_cast<int>((item / tchunks) % gblocks);
  const int k = static_cast<int>((item / (static_cast<long long>(tchunks) * gblocks)) % g.chunks);
  const long long hr = item / (static_cast<long long>(tchunks) * gblocks * g.chunks);
  const int r = static_cast<int>(hr % g.rows), h = static_cast<int>(hr / g.rows);
  const int lvl = g.row_level[r];
  const int len = g.level_len[lvl];
  const int ck = chunk_lanes(g, k);
  const int wt = ck / 32;                       // words per cycle
  const int extent = static_cast<int>((static_cast<long long>(len) * ck + kStageBits - 1) / kStageBits * kStageWords);
  const int gpw = min(wt - gb * 32, 32);        // groups this warp covers per cycle
  if (gpw <= 0) return;
  const int tpw = 32 / gpw;                     // cycles per warp instruction
  const int grp = gb * 32 + lane % gpw, t_sub = lane / gpw;
  if (t_sub >= tpw) return;
  const int t0 = tc * cycles;
  if (t0 * wt >= extent) return;
  const int d0 = k * g.chunk + grp * 32;
  const std::size_t src = (static_cast<std::size_t>(h) * g.src_rows + g.src_row[r]) * g.ld + d0;
  // The group's 32 boundaries, two per word (lane 2j low, 2j+1 high), and its sign masks.
  std::uint32_t bnd[16];
  const uint4* bp = reinterpret_cast<const uint4*>(g.boundary + src);
#pragma unroll
  for (int q = 0; q < 4; ++q) {
    const uint4 v = bp[q];
    bnd[4 * q] = v.x; bnd[4 * q + 1] = v.y; bnd[4 * q + 2] = v.z; bnd[4 * q + 3] = v.w;
  }
  std::uint32_t pos_mask = 0xffffffffu, neg_mask = 0;
  if (g.sign != nullptr) {
    pos_mask = 0;
    const uint4* sp = reinterpret_cast<const uint4*>(g.sign + src);
#pragma unroll
    for (int q = 0; q < 2; ++q) {
      const uint4 v = sp[q];
      const std::uint32_t w4[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
      for (int j = 0; j < 4; ++j)
#pragma unroll
        for (int b = 0; b < 4; ++b) {
          const int s8 = static_cast<signed char>((w4[j] >> (8 * b)) & 0xff);
          pos_mask |= static_cast<std::uint32_t>(s8 > 0) << bit_pos(16 * q + 4 * j + b);
          neg_mask |= static_cast<std::uint32_t>(s8 < 0) << bit_pos(16 * q + 4 * j + b);
        }
    }
  }
  const int lane0 = (g.lane_offset + d0) % g.lanes;
  if (g.thermometer) {  // bnd ← k_a per lane (popcount of the lane's a stream below the boundary)
    const std::uint16_t* kt = g.k_table[lvl];
#pragma unroll
    for (int j = 0; j < 16; ++j) {
      const std::uint32_t lo = kt[(lane0 + 2 * j) * g.levels_g1 + (bnd[j] & 0xffff)];
      const std::uint32_t hi = kt[(lane0 + 2 * j + 1) * g.levels_g1 + (bnd[j] >> 16)];
      bnd[j] = lo | (hi << 16);
    }
  }
  const std::uint16_t* st = g.thermometer ? nullptr : g.streams_t[lvl] + lane0;
  const std::size_t row_base = static_cast<std::size_t>(hr) * g.row_words + static_cast<std::size_t>(k) * g.chunk_words;
  const int t_end = min(t0 + cycles, (extent + wt - 1) / wt);
  for (int t = t0 + t_sub; t < t_end; t += tpw) {
    const int w = t * wt + grp;
    if (w >= extent) break;
    std::uint32_t word = 0;
    if (t < len) {
      std::uint32_t val[16];
      if (g.thermometer) {
#pragma unroll
        for (int j = 0; j < 16; ++j) val[j] = static_cast<std::uint32_t>(t) * 0x00010001u;  // t < k_a
      } else {
        const uint4* tp = reinterpret_cast<const uint4*>(st + static_cast<std::size_t>(t) * g.lanes);
#pragma unroll
        for (int q = 0; q < 4; ++q) {
          const uint4 v = tp[q];
          val[4 * q] = v.x; val[4 * q + 1] = v.y; val[4 * q + 2] = v.z; val[4 * q + 3] = v.w;
        }
      }
#pragma unroll
      for (int j = 0; j < 16; ++j) word += __vsetltu2(val[j], bnd[j]) << j;  // lanes 2j, 2j+1 → bits j, 16+j
    }
    g.out[row_base + w] = word & pos_mask;
    if (g.is_signed) g.out[g.plane_words + row_base + w] = word & neg_mask;
  }
}

}  // namespace

void launch_pack(const PackGlobals& g, bool force_generic) {
  const int last = g.depth - (g.chunks - 1) * g.chunk;
  const auto aligned16 = [](const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 16 == 0; };
  const bool aligned = g.chunk % 32 == 0 && last % 32 == 0 && g.lanes % 32 == 0 && g.ld % 32 == 0 &&
                       g.lane_offset % 32 == 0 && aligned16(g.boundary) &&
                       (g.sign == nullptr || aligned16(g.sign));
  if (aligned && !force_generic) {
    const int wt_max = g.chunk / 32, wt_min = std::min(g.chunk, last) / 32;
    const int gblocks = (wt_max + 31) / 32;
    const int t_ext = (g.chunk_words + wt_min - 1) / wt_min;  // cycles that cover every word of a chunk
    const int cycles = kPackIters * (32 / std::min(wt_min, 32));
    const int tchunks = (t_ext + cycles - 1) / cycles;
    const long long items = static_cast<long long>(g.batch) * g.rows * g.chunks * gblocks * tchunks;
    pack_words_kernel<<<static_cast<unsigned>((items + kPackWarps - 1) / kPackWarps), kPackWarps * 32>>>(g, gblocks, tchunks,
                                                                                                        cycles);
  } else {
    const std::size_t total = static_cast<std::size_t>(g.batch) * g.rows * g.chunks * g.chunk_words;
    const int threads = 256;
    pack_generic_kernel<<<static_cast<unsigned>((total + threads - 1) / threads), threads>>>(g);
  }
  SCMP_CUDA(cudaGetLastError());
}

}  // namespace scmp::gpu
