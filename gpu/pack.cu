// Packing kernels: boundaries + prepared streams → cycle-major bit operands (layout in bit_operand.hpp).
#include <algorithm>
#include <cstdint>

#include "gpu/bit_operand.hpp"
#include "gpu/cuda_check.hpp"

namespace scmp::gpu {
namespace {

__device__ __forceinline__ int chunk_lanes(const PackGlobals& g, int k) { return min(g.chunk, g.depth - k * g.chunk); }

// Bit i of a word's sequence (cycle-major lanes) sits at position i.
__device__ __forceinline__ int bit_pos(int i) { return i; }

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
constexpr int kPackIters = 32;  // words per thread per row of a work item (amortizes slicing the group's boundaries)
constexpr int kPackRows = 4;    // rows per work item when every row shares one level (comparator mode, b side)

// Word-parallel packing for 32-aligned chunks (c_k % 32 == 0, lanes % 32 == 0, 16-byte aligned operands):
// a word is 32 consecutive lanes at one cycle, computed bit-sliced: the 32 boundaries (or popcounts k_a) of a
// group are held as `bits` bit planes (made by warp ballots), the 32 stream values of a cycle come as bit planes
// too (stream_planes, made once per plan; the thermometer side's value is the cycle t itself), and [v < b] for
// all 32 lanes is the borrow out of v − b: one 3-input majority (LOP3) per bit plane. The lanes of a warp write
// consecutive words (groups fastest, then cycles), so every store is coalesced. Work item = (R rows, chunk,
// block of 32 groups, `cycles` cycles); with R > 1 (rows of one level) each cycle's stream planes are loaded
// once for R rows.
constexpr int kMaxBits = kMaxStreamBits + 1;  // the thermometer side's cycles: stream lengths up to 2^16

__device__ __forceinline__ std::uint32_t borrow_lt(const std::uint32_t (&v)[kMaxBits], const std::uint32_t (&b)[kMaxBits], int bits) {
  std::uint32_t borrow = 0;  // borrow out of bits [0, k) of v − b, per lane
#pragma unroll
  for (int k = 0; k < kMaxBits; ++k)
    if (k < bits) borrow = (~v[k] & b[k]) | ((~v[k] | b[k]) & borrow);
  return borrow;  // [v < b]
}

template <int R>
__global__ void __launch_bounds__(kPackWarps * 32) pack_words_kernel(const __grid_constant__ PackGlobals g, int gblocks,
                                                                     int tchunks, int cycles) {
  const int lane = threadIdx.x % 32;
  const int row_groups = (g.rows + R - 1) / R;
  const long long item = static_cast<long long>(blockIdx.x) * kPackWarps + threadIdx.x / 32;
  const long long items = static_cast<long long>(g.batch) * row_groups * g.chunks * gblocks * tchunks;
  if (item >= items) return;  // whole warps
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
  const int t0 = tc * cycles;
  if (gpw <= 0 || t0 * wt >= extent) return;    // whole warps
  const int tpw = 32 / gpw;                     // cycles per warp instruction
  const int grp = gb * 32 + lane % gpw, t_sub = lane / gpw;
  // Value range: stream values and boundaries below 2^bits, boundaries clamped to 2^bits − 1 (v < that anyway).
  const int bits = g.thermometer ? 32 - __clz(len) : g.stream_bits;
  const std::uint32_t cap = (1u << bits) - 1;
  // Each row's boundary planes and sign masks for this thread's group, sliced by the whole warp: for every
  // group q of the warp, lane l reads lane l of group q and the ballots give the planes.
  std::uint32_t bp[R][kMaxBits], pos_mask[R], neg_mask[R];
  std::size_t row_base[R];
#pragma unroll
  for (int i = 0; i < R; ++i) {
    const int r = min(r0 + i, g.rows - 1);  // rows past the end repeat the last (not stored)
    const long long hr = static_cast<long long>(h) * g.rows + r;
    row_base[i] = static_cast<std::size_t>(hr) * g.row_words + static_cast<std::size_t>(k) * g.chunk_words;
    const std::size_t src = (static_cast<std::size_t>(h) * g.src_rows + g.src_row[r]) * g.ld;
    for (int q = 0; q < gpw; ++q) {
      const int d = k * g.chunk + (gb * 32 + q) * 32 + lane;
      std::uint32_t b = g.boundary[src + d];
      if (g.thermometer) b = g.k_table[lvl][((g.lane_offset + d) % g.lanes) * g.levels_g1 + b];
      b = min(b, cap);
      const bool mine = lane % gpw == q;
#pragma unroll
      for (int j = 0; j < kMaxBits; ++j) {
        if (j < bits) {
          const std::uint32_t plane = __ballot_sync(0xffffffffu, (b >> j) & 1u);
          if (mine) bp[i][j] = plane;
        } else if (mine) {
          bp[i][j] = 0;
        }
      }
      std::uint32_t pos = 0xffffffffu, neg = 0;
      if (g.sign != nullptr) {
        const int s = g.sign[src + d];
        pos = __ballot_sync(0xffffffffu, s > 0);
        neg = __ballot_sync(0xffffffffu, s < 0);
      }
      if (mine) {
        pos_mask[i] = pos;
        neg_mask[i] = neg;
      }
    }
    if (g.sign_out != nullptr && tc == 0 && t_sub == 0 && r0 + i < g.rows) {
      g.sign_out[static_cast<std::size_t>(hr) * g.sign_stride + k * kSignGroups + grp] = pos_mask[i];
    }
  }
  if (t_sub >= tpw) return;  // lanes left over when gpw does not divide 32 (after the ballots)
  const int groups = g.lanes / 32;
  const int group = ((g.lane_offset + k * g.chunk + grp * 32) % g.lanes) / 32;
  const std::uint32_t* planes = g.thermometer ? nullptr : g.stream_planes[lvl] + group;
  const int t_end = min(t0 + cycles, (extent + wt - 1) / wt);
  for (int t = t0 + t_sub; t < t_end; t += tpw) {
    const int w = t * wt + grp;
    if (w >= extent) break;
    std::uint32_t v[kMaxBits];
    if (t < len) {
#pragma unroll
      for (int j = 0; j < kMaxBits; ++j) {
        if (g.thermometer) v[j] = (t >> j) & 1 ? 0xffffffffu : 0u;
        else v[j] = j < bits ? planes[(static_cast<std::size_t>(t) * bits + j) * groups] : 0u;
      }
    }
#pragma unroll
    for (int i = 0; i < R; ++i) {
      if (r0 + i >= g.rows) break;
      const std::uint32_t word = t < len ? borrow_lt(v, bp[i], bits) : 0u;
      if (g.sign_out != nullptr) {
        g.out[row_base[i] + w] = word & (pos_mask[i] | neg_mask[i]);
      } else {
        g.out[row_base[i] + w] = word & pos_mask[i];
        if (g.is_signed) g.out[g.plane_words + row_base[i] + w] = word & neg_mask[i];
      }
    }
  }
}

template <int R>
void launch_words(const PackGlobals& g, int gblocks, int tchunks, int cycles) {
  const long long items = static_cast<long long>(g.batch) * ((g.rows + R - 1) / R) * g.chunks * gblocks * tchunks;
  const unsigned blocks = static_cast<unsigned>((items + kPackWarps - 1) / kPackWarps);
  pack_words_kernel<R><<<blocks, kPackWarps * 32>>>(g, gblocks, tchunks, cycles);
}

}  // namespace

int stream_bits(int rng_levels, const std::uint16_t* values, std::size_t count) {
  int top = rng_levels;
  for (std::size_t i = 0; i < count; ++i) top = std::max(top, values[i] + 1);
  int bits = 1;
  while ((1 << bits) - 1 < top) ++bits;
  return bits;
}

std::vector<std::uint32_t> stream_planes(const std::uint16_t* values, int len, int lanes, int bits) {
  const int groups = lanes / 32;
  std::vector<std::uint32_t> planes(static_cast<std::size_t>(len) * bits * groups, 0);
  for (int t = 0; t < len; ++t)
    for (int l = 0; l < lanes; ++l) {
      const std::uint32_t v = values[static_cast<std::size_t>(t) * lanes + l];
      for (int j = 0; j < bits; ++j)
        planes[(static_cast<std::size_t>(t) * bits + j) * groups + l / 32] |= ((v >> j) & 1u) << (l % 32);
    }
  return planes;
}

bool pack_word_parallel(const PackGlobals& g) {
  const int last = g.depth - (g.chunks - 1) * g.chunk;
  const auto aligned16 = [](const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 16 == 0; };
  return (g.thermometer || g.stream_planes != nullptr) && g.chunk % 32 == 0 && last % 32 == 0 && g.lanes % 32 == 0 && g.ld % 32 == 0 && g.lane_offset % 32 == 0 &&
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
    if (rows_per_item > 1) launch_words<kPackRows>(g, gblocks, tchunks, cycles);
    else launch_words<1>(g, gblocks, tchunks, cycles);
  } else {
    const std::size_t total = static_cast<std::size_t>(g.batch) * g.rows * g.chunks * g.chunk_words;
    const int threads = 256;
    pack_generic_kernel<<<static_cast<unsigned>((total + threads - 1) / threads), threads>>>(g);
  }
  SCMP_CUDA(cudaGetLastError());
}

}  // namespace scmp::gpu
