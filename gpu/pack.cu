// Packing kernels: boundaries + prepared streams → cycle-major bit operands (layout in bit_operand.hpp).
#include <algorithm>

#include "gpu/bit_operand.hpp"
#include "gpu/cuda_check.hpp"

namespace scmp::gpu {
namespace {

__device__ __forceinline__ int chunk_lanes(const PackGlobals& g, int k) { return min(g.chunk, g.depth - k * g.chunk); }

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
  const std::size_t src = (static_cast<std::size_t>(h) * g.src_rows + g.src_row[r]) * g.depth;
  int t = (w * 32) / ck, dl = (w * 32) % ck;
  std::uint32_t pos = 0, neg = 0;
  for (int i = 0; i < 32; ++i) {
    if (t < len) {
      const int d = k * g.chunk + dl;
      const int lane = d % g.lanes;
      const int bnd = g.boundary[src + d];
      const int s = g.sign ? g.sign[src + d] : 1;
      const bool bit = g.thermometer ? t < g.k_table[lvl][lane * g.levels_g1 + bnd]
                                     : g.streams_t[lvl][static_cast<std::size_t>(t) * g.lanes + lane] < bnd;
      pos |= static_cast<std::uint32_t>(bit && s > 0) << i;
      neg |= static_cast<std::uint32_t>(bit && s < 0) << i;
    }
    if (++dl == ck) { dl = 0; ++t; }
  }
  const std::size_t o = hr * g.row_words + static_cast<std::size_t>(k) * g.chunk_words + w;
  g.out[o] = pos;
  if (g.is_signed) g.out[g.plane_words + o] = neg;
}

constexpr int kPackWarps = 4;     // rows per block
constexpr int kPackDBlock = 1024; // lanes per block (32 words per cycle row)

// Warp per row, lane per dimension, 32 cycles per block: one ballot makes one word; words are staged in
// shared memory so each cycle's words go out as one coalesced 128-byte store. Needs c_k % 32 == 0.
__global__ void pack_ballot_kernel(const __grid_constant__ PackGlobals g) {
  __shared__ std::uint32_t buf[kPackWarps][2][32][33];
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  const int hr = blockIdx.x * kPackWarps + warp;
  const int dblocks = (g.chunk + kPackDBlock - 1) / kPackDBlock;
  const int k = blockIdx.z / dblocks, dblk = blockIdx.z % dblocks;
  const int t0 = blockIdx.y * 32;
  if (hr >= g.batch * g.rows) return;  // whole warp leaves together
  const int r = hr % g.rows, h = hr / g.rows;
  const int lvl = g.row_level[r];
  const int len = g.level_len[lvl];
  const int ck = chunk_lanes(g, k);
  const int wt = ck / 32;  // words per cycle
  const int extent = static_cast<int>((static_cast<long long>(len) * ck + kStageBits - 1) / kStageBits * kStageWords);
  if (t0 * wt >= extent) return;
  const int groups = min(32, (ck - dblk * kPackDBlock) / 32);
  if (groups <= 0) return;
  const std::size_t src = (static_cast<std::size_t>(h) * g.src_rows + g.src_row[r]) * g.depth;
  for (int grp = 0; grp < groups; ++grp) {
    const int d = k * g.chunk + dblk * kPackDBlock + grp * 32 + lane;
    const int lane_id = d % g.lanes;
    const int bnd = g.boundary[src + d];
    const int s = g.sign ? g.sign[src + d] : 1;
    const int ka = g.thermometer ? g.k_table[lvl][lane_id * g.levels_g1 + bnd] : 0;
    const std::uint16_t* st = g.thermometer ? nullptr : g.streams_t[lvl];
    for (int tt = 0; tt < 32; ++tt) {
      const int t = t0 + tt;
      bool bit = false;
      if (t < len) bit = g.thermometer ? t < ka : st[static_cast<std::size_t>(t) * g.lanes + lane_id] < bnd;
      const std::uint32_t p = __ballot_sync(0xffffffffu, bit && s > 0);
      const std::uint32_t n = __ballot_sync(0xffffffffu, bit && s < 0);
      if (lane == tt) {
        buf[warp][0][tt][grp] = p;
        buf[warp][1][tt][grp] = n;
      }
    }
  }
  __syncwarp();
  const std::size_t row_base = static_cast<std::size_t>(hr) * g.row_words + static_cast<std::size_t>(k) * g.chunk_words;
  for (int tt = 0; tt < 32; ++tt) {
    const int w = (t0 + tt) * wt + dblk * 32 + lane;
    if (lane < groups && w < extent) {
      g.out[row_base + w] = buf[warp][0][tt][lane];
      if (g.is_signed) g.out[g.plane_words + row_base + w] = buf[warp][1][tt][lane];
    }
  }
}

}  // namespace

void launch_pack(const PackGlobals& g, bool force_generic) {
  const int last = g.depth - (g.chunks - 1) * g.chunk;
  const bool aligned = g.chunk % 32 == 0 && last % 32 == 0;
  if (aligned && !force_generic) {
    const int dblocks = (g.chunk + kPackDBlock - 1) / kPackDBlock;
    const int max_t = g.chunk_words * 32 / std::min(g.chunk, last) + 1;  // covers every word of a chunk
    dim3 grid((g.batch * g.rows + kPackWarps - 1) / kPackWarps, (max_t + 31) / 32, g.chunks * dblocks);
    pack_ballot_kernel<<<grid, kPackWarps * 32>>>(g);
  } else {
    const std::size_t total = static_cast<std::size_t>(g.batch) * g.rows * g.chunks * g.chunk_words;
    const int threads = 256;
    pack_generic_kernel<<<static_cast<unsigned>((total + threads - 1) / threads), threads>>>(g);
  }
  SCMP_CUDA(cudaGetLastError());
}

}  // namespace scmp::gpu
