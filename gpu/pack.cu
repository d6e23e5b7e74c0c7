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
constexpr int kPackIters = 32;  // words per thread per row of a work item (amortizes loading the group's boundaries)
constexpr int kPackRows = 4;    // rows per work item when every row shares one level (comparator mode, b side)

// Word-parallel packing for 32-aligned chunks (c_k % 32 == 0, lanes % 32 == 0, 16-byte aligned operands):
// a word is 32 consecutive lanes at one cycle, so a thread keeps its group's 32 boundaries (or popcounts
// k_a), sign masks and nothing else in registers and makes one word per cycle with 16 two-lane compares;
// the lanes of a warp write consecutive words (groups fastest, then cycles), so every store is coalesced.
// Work item = (R rows, chunk, block of 32 groups, `cycles` cycles). With R > 1 (rows of one level) each
// cycle's 32 prepared stream values are loaded once for R rows: the comparator-mode pack is bound by those
// L1 loads (64 bytes per 4-byte word at R = 1).
template <bool kSmall, int R>
__global__ void __launch_bounds__(kPackWarps * 32) pack_words_kernel(const __grid_constant__ PackGlobals g, int gblocks,
                                                                     int tchunks, int cycles) {
  const int lane = threadIdx.x % 32;
  const int row_groups = (g.rows + R - 1) / R;
  const long long item = static_cast<long long>(blockIdx.x) * kPackWarps + threadIdx.x / 32;
  const long long items = static_cast<long long>(g.batch) * row_groups * g.chunks * gblocks * tchunks;
  if (item >= items) return;
  const int tc = static_cast<int>(item % tchunks);
  const int gb = static_cast<int>((item / tchunks) % gblocks);
  const int k = static_cast<int>((item / (static_cast<long long>(tchunks) * gblocks)) % g.chunks);
  const long long hg = item / (static_cast<long long>(tchunks) * gblocks * g.chunks);
  const int r0 = static_cast<int>(hg % row_groups) * R, h = static_cast<int>(hg / row_groups);
  const int lvl = g.row_level[r0];  // R > 1: every row has this level
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
  const int lane0 = (g.lane_offset + d0) % g.lanes;
  // Each row's 32 boundaries, two per word (lane 2j low, 2j+1 high), and its sign masks.
  std::uint32_t bnd[R][16], pos_mask[R], neg_mask[R];
  std::size_t row_base[R];
#pragma unroll
  for (int i = 0; i < R; ++i) {
    const int r = min(r0 + i, g.rows - 1);  // rows past the end repeat the last (not stored)
    const long long hr = static_cast<long long>(h) * g.rows + r;
    row_base[i] = static_cast<std::size_t>(hr) * g.row_words + static_cast<std::size_t>(k) * g.chunk_words;
    const std::size_t src = (static_cast<std::size_t>(h) * g.src_rows + g.src_row[r]) * g.ld + d0;
    const uint4* bp = reinterpret_cast<const uint4*>(g.boundary + src);
#pragma unroll
    for (int q = 0; q < 4; ++q) {
      const uint4 v = bp[q];
      bnd[i][4 * q] = v.x; bnd[i][4 * q + 1] = v.y; bnd[i][4 * q + 2] = v.z; bnd[i][4 * q + 3] = v.w;
    }
    pos_mask[i] = 0xffffffffu;
    neg_mask[i] = 0;
    if (g.sign != nullptr) {
      pos_mask[i] = 0;
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
            pos_mask[i] |= static_cast<std::uint32_t>(s8 > 0) << bit_pos(16 * q + 4 * j + b);
            neg_mask[i] |= static_cast<std::uint32_t>(s8 < 0) << bit_pos(16 * q + 4 * j + b);
          }
      }
    }
    if (g.thermometer) {  // bnd ← k_a per lane (popcount of the lane's a stream below the boundary)
      const std::uint16_t* kt = g.k_table[lvl];
#pragma unroll
      for (int j = 0; j < 16; ++j) {
        const std::uint32_t lo = kt[(lane0 + 2 * j) * g.levels_g1 + (bnd[i][j] & 0xffff)];
        const std::uint32_t hi = kt[(lane0 + 2 * j + 1) * g.levels_g1 + (bnd[i][j] >> 16)];
        bnd[i][j] = lo | (hi << 16);
      }
    }
    if (g.sign_out != nullptr && tc == 0 && t_sub == 0 && r0 + i < g.rows) {
      g.sign_out[static_cast<std::size_t>(hr) * g.sign_stride + k * kSignGroups + grp] = pos_mask[i];
    }
  }
  const std::uint16_t* st = g.thermometer ? nullptr : g.streams_t[lvl] + lane0;
  const int t_end = min(t0 + cycles, (extent + wt - 1) / wt);
  for (int t = t0 + t_sub; t < t_end; t += tpw) {
    const int w = t * wt + grp;
    if (w >= extent) break;
    std::uint32_t val[16];
    if (t < len) {
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
    }
#pragma unroll
    for (int i = 0; i < R; ++i) {
      if (r0 + i >= g.rows) break;
      std::uint32_t word = 0;
      if (t < len) {
        if constexpr (kSmall) {
          // Halves below 2^15: bit 15 of (v | 2^15) − b (no borrow crosses halves) is [v ≥ b].
          std::uint32_t ge = 0;
#pragma unroll
          for (int j = 0; j < 16; ++j) ge |= (((val[j] | 0x80008000u) - bnd[i][j]) >> (15 - j)) & (0x00010001u << j);
          word = ~ge;
        } else {
#pragma unroll
          for (int j = 0; j < 16; ++j) word += __vsetltu2(val[j], bnd[i][j]) << j;  // lanes 2j, 2j+1 → bits j, 16+j
        }
      }
      if (g.sign_out != nullptr) {
        g.out[row_base[i] + w] = word & (pos_mask[i] | neg_mask[i]);
      } else {
        g.out[row_base[i] + w] = word & pos_mask[i];
        if (g.is_signed) g.out[g.plane_words + row_base[i] + w] = word & neg_mask[i];
      }
    }
  }
}

template <bool kSmall, int R>
void launch_words(const PackGlobals& g, int gblocks, int tchunks, int cycles) {
  const long long items = static_cast<long long>(g.batch) * ((g.rows + R - 1) / R) * g.chunks * gblocks * tchunks;
  const unsigned blocks = static_cast<unsigned>((items + kPackWarps - 1) / kPackWarps);
  pack_words_kernel<kSmall, R><<<blocks, kPackWarps * 32>>>(g, gblocks, tchunks, cycles);
}

}  // namespace

bool pack_word_parallel(const PackGlobals& g) {
  const int last = g.depth - (g.chunks - 1) * g.chunk;
  const auto aligned16 = [](const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 16 == 0; };
  return g.chunk % 32 == 0 && last % 32 == 0 && g.lanes % 32 == 0 && g.ld % 32 == 0 && g.lane_offset % 32 == 0 &&
         aligned16(g.boundary) && (g.sign == nullptr || aligned16(g.sign));
}

void launch_pack(const PackGlobals& g, bool force_generic) {
  const int last = g.depth - (g.chunks - 1) * g.chunk;
  const bool aligned = pack_word_parallel(g);
  if (g.sign_out != nullptr && (!aligned || force_generic || g.chunk > 32 * kSignGroups)) {
    throw scmp::sim::Error("launch_pack: sign-mask mode needs the word-parallel kernel and chunks of at most 128 lanes");
  }
  if (aligned && !force_generic) {
    const int wt_max = g.chunk / 32, wt_min = std::min(g.chunk, last) / 32;
    const int gblocks = (wt_max + 31) / 32;
    const int t_ext = (g.chunk_words + wt_min - 1) / wt_min;  // cycles that cover every word of a chunk
    // Fewer words per thread (then one row per item) where the grid would be too small to hide latency.
    int rows_per_item = g.uniform_level && !g.thermometer ? kPackRows : 1, iters = kPackIters, cycles = 0, tchunks = 0;
    const auto items = [&] {
      cycles = iters * (32 / std::min(wt_min, 32));
      tchunks = (t_ext + cycles - 1) / cycles;
      return static_cast<long long>(g.batch) * ((g.rows + rows_per_item - 1) / rows_per_item) * g.chunks * gblocks * tchunks;
    };
    while (items() < g.min_items && iters > 4) iters /= 2;
    if (items() < g.min_items) rows_per_item = 1;
    items();
    if (rows_per_item > 1) {
      g.small_values ? launch_words<true, kPackRows>(g, gblocks, tchunks, cycles) : launch_words<false, kPackRows>(g, gblocks, tchunks, cycles);
    } else {
      g.small_values ? launch_words<true, 1>(g, gblocks, tchunks, cycles) : launch_words<false, 1>(g, gblocks, tchunks, cycles);
    }
  } else {
    const std::size_t total = static_cast<std::size_t>(g.batch) * g.rows * g.chunks * g.chunk_words;
    const int threads = 256;
    pack_generic_kernel<<<static_cast<unsigned>((total + threads - 1) / threads), threads>>>(g);
  }
  SCMP_CUDA(cudaGetLastError());
}

}  // namespace scmp::gpu
