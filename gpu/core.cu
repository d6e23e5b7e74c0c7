// Host side of the CUDA core: level grouping (mixed precision), stream tables, packing, GEMM launch. The naive
// reference kernel and the "cuda" backend entry (accumulate_cuda) are in core_backend.cu.
#include <algorithm>
#include <climits>
#include <map>
#include <numeric>

#include "gpu/bit_operand.hpp"
#include "gpu/bmma.cuh"
#include "gpu/bmma_gemm.hpp"
#include "gpu/core.hpp"
#include "gpu/device_buffer.hpp"
#include "gpu/triton_div.cuh"
#include "gpu/wgmma_gemm.hpp"
#include "sim/error.hpp"
#include "sim/multiplier/design.hpp"

namespace scmp::gpu {
namespace {

using sim::Side;

// The design's bit formulation: a packed as the thermometer code of its popcount (a_by_popcount), and the GEMM's
// gate (AND or XOR, then popcount).
bool thermometer_side_a(const CoreShape& s) { return sim::multiplier_design(s.multiplier).a_by_popcount; }
GemmOp gemm_op(const CoreShape& s) {
  const bool xor_gate = sim::multiplier_design(s.multiplier).packed_gate == sim::PackedGate::xor_popc;
  return xor_gate ? GemmOp::xor_popc : GemmOp::and_popc;
}

std::vector<std::uint16_t> transpose_streams(const sim::LaneStreams& s) {
  std::vector<std::uint16_t> t(static_cast<std::size_t>(s.lanes) * s.stoc_len);
  for (int l = 0; l < s.lanes; ++l)
    for (int c = 0; c < s.stoc_len; ++c) t[static_cast<std::size_t>(c) * s.lanes + l] = s.at(l, c);
  return t;
}

std::vector<std::uint16_t> k_table(const sim::LaneStreams& s, int G) {
  std::vector<std::uint16_t> k(static_cast<std::size_t>(s.lanes) * (G + 1), 0);
  for (int l = 0; l < s.lanes; ++l) {
    std::vector<int> hist(static_cast<std::size_t>(G) + 2, 0);
    for (int t = 0; t < s.stoc_len; ++t) ++hist[std::min<int>(s.at(l, t), G + 1)];
    int acc = 0;  // k[v] = #{t : r < v}
    for (int v = 0; v <= G; ++v) {
      k[static_cast<std::size_t>(l) * (G + 1) + v] = static_cast<std::uint16_t>(acc);
      acc += hist[static_cast<std::size_t>(v)];
    }
  }
  return k;
}

__global__ void sigma_kernel(const int* len, float q_max_sq, float* sigma, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) sigma[i] = div_full(q_max_sq, static_cast<float>(len[i]));  // as sim::sigma_of (÷ꜰ)
}

// One part of a plan: the b rows sharing one stream length β (all rows when b has no per-row lengths).
struct SubPlan {
  std::vector<int> level_len;                   // descending
  std::vector<std::vector<std::uint16_t>> a_tables, b_tables;  // per level / per family
  std::vector<int> level_family, family_head;   // family_head: level index of the family's longest level
  DeviceBuffer<std::uint16_t> a_tab_storage, b_tab_storage;
  DeviceBuffer<const std::uint16_t*> a_tab_ptrs, b_tab_ptrs;
  DeviceBuffer<int> a_order, a_row_level, d_level_len, d_level_family, b_rows, b_zero_level, b_family_len;
  DeviceBuffer<float> sigma;
  DeviceBuffer<TileDesc> tiles, tiles_split;   // whole tiles; split-K work items (empty: no split)
  std::vector<TileDesc> host_tiles;
  int a_tiles = 0, a_tiles_split = 0, nb = 0, families = 0;
};

// Split-K work items for a single chunk: every tile is cut into ranges of at most `per` stages (≥ 16). With one
// level, `per` minimises the launch's estimated time — waves of one item per SM (both GEMMs run one block per
// SM), ceil(items / SMs) · (per + a few stages of prologue and epilogue) — so that the last wave is not a small
// remainder; ties go to fewer items (fewer atomic epilogues). With several levels (mixed precision) long levels
// get proportionally more ranges, so the launch is not as long as its longest level.
void make_split_tiles(SubPlan& sp, int chunk, int batch) {
  int dev = 0, sms = 132;
  if (cudaGetDevice(&dev) != cudaSuccess || cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev) != cudaSuccess) {
    cudaGetLastError();
    sms = 132;
  }
  constexpr int kMinStages = 16, kItemOverhead = 4;  // stages per item at least; per-item cost in stages
  const long long b_tiles = (sp.nb + 127) / 128;
  std::vector<int> stages;
  int longest = 0;
  for (const TileDesc& t : sp.host_tiles) {
    stages.push_back(static_cast<int>(chunk_extent_words(sp.level_len[static_cast<std::size_t>(t.level)], chunk) / kStageWords));
    longest = std::max(longest, stages.back());
  }
  const auto cost = [&](int per, long long& items) {
    items = 0;
    for (int st : stages) items += (st + per - 1) / per * b_tiles * batch;
    return (items + sms - 1) / sms * static_cast<long long>(per + kItemOverhead);
  };
  int per = longest;
  if (std::all_of(stages.begin(), stages.end(), [&](int st) { return st == longest; })) {
    long long best_items = 0;
    long long best = cost(longest, best_items);  // no split
    for (int parts = 2; (longest + parts - 1) / parts >= kMinStages; ++parts) {
      const int p = (longest + parts - 1) / parts;
      long long items = 0;
      const long long c = cost(p, items);
      if (c < best || (c == best && items < best_items)) { best = c; best_items = items; per = p; }
    }
  } else {
    // Levels of different lengths: items of unequal length, which the wave estimate does not model (measured
    // slower on mixed precision); about twice as many items as SMs of equal work instead.
    long long work = 0;
    for (int st : stages) work += st * b_tiles * batch;
    const long long blocks = std::max<long long>(static_cast<long long>(stages.size()) * b_tiles * batch, 2LL * sms);
    per = static_cast<int>(std::max<long long>(kMinStages, (work + blocks - 1) / blocks));
  }
  if (longest <= per) return;
  std::vector<TileDesc> items;
  for (const TileDesc& t : sp.host_tiles) {
    const int st = static_cast<int>(chunk_extent_words(sp.level_len[static_cast<std::size_t>(t.level)], chunk) / kStageWords);
    const int parts = (st + per - 1) / per;
    const int each = (st + parts - 1) / parts;
    for (int b = 0; b < st; b += each) items.push_back({t.level, t.row_begin, t.row_end, b, std::min(st, b + each)});
  }
  sp.a_tiles_split = static_cast<int>(items.size());
  sp.tiles_split.upload(items);
}

}  // namespace

// A slab: the dimensions [d_begin, d_end) packed and multiplied together (whole chunks on the chunk_d path).
struct Slab {
  int d_begin, d_end, chunk_offset;
};

struct CorePlan::Impl {
  CoreShape shape;
  CoreRunOptions options;
  int chunk = 0, chunks = 1, chunk_words = 0, row_words = 0, planes = 1;
  bool chunked = false;
  bool wgmma = false;  // run() launches the wgmma GEMM (else mma.sync)
  std::vector<Slab> slabs;
  std::vector<SubPlan> parts;
  DeviceBuffer<std::uint32_t> a_packed, b_packed;  // shared by the parts, which run one after another
  DeviceBuffer<std::uint32_t> a_sign, b_sign;      // sign-mask mode: positive-lane masks (bit_operand.hpp)
  int sign_stride = 0;
  std::size_t bytes = 0;
};

CorePlan::CorePlan(const CoreShape& s, const CoreRunOptions& options) : m_impl(std::make_unique<Impl>()) {
  Impl& P = *m_impl;
  P.shape = s;
  P.options = options;
  P.chunk = s.chunk > 0 ? std::min(s.chunk, s.depth) : s.depth;
  P.chunks = (s.depth + P.chunk - 1) / P.chunk;
  P.planes = s.is_signed ? 2 : 1;
  const int G = s.geometry.rng_levels;
  const auto len_a = [&](int n) { return s.stoc_len_a.empty() ? s.geometry.stoc_len : s.stoc_len_a[static_cast<std::size_t>(n)]; };
  int l_max = 1;
  for (int n = 0; n < s.rows_a; ++n) l_max = std::max(l_max, len_a(n));
  if (static_cast<long long>(s.depth) * l_max >= (1LL << 31)) {
    throw sim::InvalidArgument("depth", std::to_string(s.depth), "expected depth·stoc_len < 2^31 (int32 accumulators on the GPU)");
  }
  P.chunked = P.chunks > 1;
  const bool therm = thermometer_side_a(s);
  const bool xor_op = gemm_op(s) == GemmOp::xor_popc;
  {
    int device = 0;
    SCMP_CUDA(cudaGetDevice(&device));
    const bool covered = !xor_op && !options.narrow_tiles;  // xnor (no wgmma .xor) and the narrow tile: mma.sync
    if (options.gemm == GemmPath::wgmma && !wgmma_supported(device)) {
      throw sim::Error("CorePlan: gemm = wgmma needs a compute capability 9.0 device and a build with sm_90a");
    }
    P.wgmma = covered && (options.gemm == GemmPath::wgmma || (options.gemm == GemmPath::automatic && wgmma_supported(device)));
  }

  std::map<int, std::vector<int>, std::greater<>> b_groups;  // β → b rows
  for (int m = 0; m < s.rows_b; ++m) b_groups[s.stoc_len_b.empty() ? INT_MAX : s.stoc_len_b[static_cast<std::size_t>(m)]].push_back(m);

  std::size_t free_bytes = 0, total_bytes = 0;
  SCMP_CUDA(cudaMemGetInfo(&free_bytes, &total_bytes));
  for (auto& [beta, brows] : b_groups) {
    SubPlan& sp = P.parts.emplace_back();
    std::vector<int> lev(static_cast<std::size_t>(s.rows_a));
    for (int n = 0; n < s.rows_a; ++n) lev[static_cast<std::size_t>(n)] = std::min(len_a(n), beta);
    std::vector<int> order(static_cast<std::size_t>(s.rows_a));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return lev[static_cast<std::size_t>(x)] > lev[static_cast<std::size_t>(y)]; });
    std::vector<int> row_level(order.size()), begins;
    for (std::size_t r = 0; r < order.size(); ++r) {
      const int l = lev[static_cast<std::size_t>(order[r])];
      if (sp.level_len.empty() || sp.level_len.back() != l) { sp.level_len.push_back(l); begins.push_back(static_cast<int>(r)); }
      row_level[r] = static_cast<int>(sp.level_len.size()) - 1;
    }
    begins.push_back(s.rows_a);
    // Families: a level joins an earlier (longer) level's packed b when its b streams are that one's prefix.
    std::vector<std::vector<std::uint16_t>> b_vals;
    for (std::size_t j = 0; j < sp.level_len.size(); ++j) {
      const int l = sp.level_len[j];
      const sim::LaneStreams& sa = s.streams(Side::a, l);
      sp.a_tables.push_back(therm ? k_table(sa, G) : transpose_streams(sa));
      const sim::LaneStreams& sb = s.streams(Side::b, l);
      int fam = -1;
      for (int f = 0; f < static_cast<int>(sp.family_head.size()) && !xor_op; ++f) {
        const int lh = sp.level_len[static_cast<std::size_t>(sp.family_head[static_cast<std::size_t>(f)])];
        bool prefix = true;
        const auto& head = b_vals[static_cast<std::size_t>(f)];  // transposed [t][lane]
        for (int t = 0; t < l && prefix; ++t)
          for (int ln = 0; ln < sb.lanes && prefix; ++ln) prefix = head[static_cast<std::size_t>(t) * sb.lanes + ln] == sb.at(ln, t);
        (void)lh;
        if (prefix) { fam = f; break; }
      }
      if (fam < 0) {
        fam = static_cast<int>(sp.family_head.size());
        sp.family_head.push_back(static_cast<int>(j));
        b_vals.push_back(transpose_streams(sb));
      }
      sp.level_family.push_back(fam);
    }
    sp.families = static_cast<int>(sp.family_head.size());
    sp.b_tables = b_vals;
    // Upload tables (one allocation per side, pointer arrays for the kernels).
    const auto upload_tables = [](const std::vector<std::vector<std::uint16_t>>& tabs, DeviceBuffer<std::uint16_t>& store,
                                  DeviceBuffer<const std::uint16_t*>& ptrs) {
      std::vector<std::uint16_t> flat;
      std::vector<std::size_t> offs;
      for (const auto& t : tabs) { offs.push_back(flat.size()); flat.insert(flat.end(), t.begin(), t.end()); }
      store.upload(flat);
      std::vector<const std::uint16_t*> p;
      for (std::size_t o : offs) p.push_back(store.get() + o);
      ptrs.upload(p);
    };
    upload_tables(sp.a_tables, sp.a_tab_storage, sp.a_tab_ptrs);
    upload_tables(sp.b_tables, sp.b_tab_storage, sp.b_tab_ptrs);
    std::vector<TileDesc> tiles;
    for (std::size_t j = 0; j < sp.level_len.size(); ++j)
      for (int r = begins[j]; r < begins[j + 1]; r += kTileM) tiles.push_back({static_cast<int>(j), r, begins[j + 1]});
    sp.a_tiles = static_cast<int>(tiles.size());
    sp.tiles.upload(tiles);
    sp.host_tiles = tiles;
    sp.a_order.upload(order);
    sp.a_row_level.upload(row_level);
    sp.d_level_len.upload(sp.level_len);
    sp.d_level_family.upload(sp.level_family);
    sp.nb = static_cast<int>(brows.size());
    sp.b_rows.upload(brows);
    sp.b_zero_level.upload(std::vector<int>(brows.size(), 0));
    std::vector<int> fam_len;
    for (int f : sp.family_head) fam_len.push_back(sp.level_len[static_cast<std::size_t>(f)]);
    sp.b_family_len.upload(fam_len);
    sp.sigma.resize(sp.level_len.size());
    sigma_kernel<<<1, 256>>>(sp.d_level_len.get(), s.q_max_sq, sp.sigma.get(), static_cast<int>(sp.level_len.size()));
    SCMP_CUDA(cudaGetLastError());
  }
  // Slabs over lanes bound the packed operands' memory: the budget (options, else 45 % of the card within its
  // free memory) divided by the bytes one lane (one chunk on the chunk_d path) needs in every part.
  long long b_rows_max = 0;  // packed b rows of the largest part (one set per family)
  for (const SubPlan& sp : P.parts) b_rows_max = std::max(b_rows_max, static_cast<long long>(sp.families) * sp.nb);
  const double rows_words = static_cast<double>(P.planes) * s.batch * (static_cast<double>(s.rows_a) + static_cast<double>(b_rows_max));
  const double margin = 512.0 * (1 << 20);
  double budget = options.max_packed_bytes > 0 ? static_cast<double>(options.max_packed_bytes)
                                               : std::min(0.45 * static_cast<double>(total_bytes), static_cast<double>(free_bytes) - margin);
  budget = std::min(budget, static_cast<double>(free_bytes) - margin);
  const auto too_big = [&](double need) {
    return sim::InvalidArgument("packed operands", std::to_string(static_cast<long long>(need)) + " bytes for the smallest slab",
                                "expected them to fit the GPU's memory budget (" + std::to_string(static_cast<long long>(budget)) +
                                    " bytes): reduce rows or stoc_len");
  };
  if (P.chunked) {
    P.chunk_words = static_cast<int>(chunk_extent_words(l_max, P.chunk));
    const double per_chunk = rows_words * P.chunk_words * 4.0;
    const int per_slab = static_cast<int>(std::min<double>(P.chunks, std::floor(budget / per_chunk)));
    if (per_slab < 1) throw too_big(per_chunk);
    for (int k0 = 0; k0 < P.chunks; k0 += per_slab) P.slabs.push_back({k0 * P.chunk, std::min(s.depth, (k0 + per_slab) * P.chunk), k0});
    P.row_words = per_slab * P.chunk_words;
  } else {
    const double per_lane = rows_words * l_max / 32.0 * 4.0;
    int slab = s.depth;
    if (per_lane * s.depth + rows_words * (kStageBits / 8.0) > budget) slab = static_cast<int>(std::floor(budget / per_lane)) / 512 * 512;
    if (slab < 512 && slab < s.depth) throw too_big(per_lane * 512);
    for (int d0 = 0; d0 < s.depth; d0 += slab) P.slabs.push_back({d0, std::min(s.depth, d0 + slab), 0});
    P.chunk_words = static_cast<int>(chunk_extent_words(l_max, std::min(slab, s.depth)));
    P.row_words = P.chunk_words;
  }
  const std::size_t a_words = static_cast<std::size_t>(P.planes) * s.batch * s.rows_a * P.row_words;
  const std::size_t b_words = static_cast<std::size_t>(b_rows_max) * P.planes * s.batch * P.row_words;
  P.a_packed.resize(a_words);
  P.b_packed.resize(b_words);
  P.bytes = (a_words + b_words) * 4;
  if (s.is_signed) {  // sign-mask mode's masks: one word per group of 32 lanes of every chunk (slab-sized)
    long long nb_max = 0;
    for (const SubPlan& sp : P.parts) nb_max = std::max(nb_max, static_cast<long long>(sp.nb));
    P.sign_stride = P.chunks * kSignGroups;
    P.a_sign.resize(static_cast<std::size_t>(s.batch) * s.rows_a * P.sign_stride);
    P.b_sign.resize(static_cast<std::size_t>(s.batch) * nb_max * P.sign_stride);
  }
  if (options.split_k && P.parts.size() == 1 && !P.chunked && P.slabs.size() == 1) make_split_tiles(P.parts.front(), P.chunk, s.batch);
}

CorePlan::~CorePlan() = default;
int CorePlan::chunks() const { return m_impl->chunks; }
int CorePlan::slabs() const { return static_cast<int>(m_impl->slabs.size()); }
bool CorePlan::has_split_tiles() const {
  return m_impl->slabs.size() == 1 && m_impl->parts.size() == 1 && m_impl->parts.front().a_tiles_split > 0;
}
bool CorePlan::slice_epilogue_ok() const { return !m_impl->chunked && m_impl->slabs.size() == 1 && !has_split_tiles(); }
std::size_t CorePlan::device_bytes() const { return m_impl->bytes; }
bool CorePlan::uses_wgmma() const { return m_impl->wgmma; }

void CorePlan::run(const CoreDeviceIo& io, bool pack, bool gemm) {
  Impl& P = *m_impl;
  const CoreShape& s = P.shape;
  const bool therm = thermometer_side_a(s);
  const GemmOp op = gemm_op(s);
  const bool many = P.slabs.size() > 1;
  if (io.out_f != nullptr && !P.chunked && many) {
    throw sim::Error("CorePlan::run: a fused fp32 epilogue over one chunk cannot be split into slabs");
  }
  if ((io.slice_scale || io.row_scale) && (!slice_epilogue_ok() || io.out_f == nullptr || io.scale_a == nullptr || io.scale_b == nullptr)) {
    throw sim::Error("CorePlan::run: the per-slice epilogue needs one chunk, one slab, no split-K, out_f and both scales");
  }
  // One accumulator per pair built from several launches (slabs or split tiles): zero it, then add.
  const bool split = !many && P.parts.size() == 1 && P.parts.front().a_tiles_split > 0 && io.out_f == nullptr && io.out_s != nullptr;
  const bool atomic = io.out_s != nullptr && !P.chunked && (many || split);
  if (atomic && gemm) {
    SCMP_CUDA(cudaMemsetAsync(io.out_s, 0, static_cast<std::size_t>(s.batch) * s.rows_a * s.rows_b * sizeof(std::int32_t)));
  }
  for (SubPlan& sp : P.parts) {
    for (std::size_t si = 0; si < P.slabs.size(); ++si) {
      const Slab& sl = P.slabs[si];
      const int depth = sl.d_end - sl.d_begin;
      const int chunk = P.chunked ? P.chunk : depth;
      PackGlobals pa;
      pa.boundary = io.boundary_a + sl.d_begin;
      pa.sign = s.is_signed ? io.sign_a + sl.d_begin : nullptr;
      pa.ld = static_cast<std::size_t>(s.depth);
      pa.lane_offset = sl.d_begin;
      pa.src_row = sp.a_order.get();
      pa.row_level = sp.a_row_level.get();
      pa.level_len = sp.d_level_len.get();
      pa.streams_t = therm ? nullptr : sp.a_tab_ptrs.get();
      pa.k_table = therm ? sp.a_tab_ptrs.get() : nullptr;
      pa.out = P.a_packed.get();
      pa.batch = s.batch; pa.rows = s.rows_a; pa.src_rows = s.rows_a; pa.depth = depth; pa.lanes = s.lanes;
      pa.chunk = chunk; pa.chunks = (depth + chunk - 1) / chunk; pa.levels_g1 = s.geometry.rng_levels + 1;
      pa.chunk_words = P.chunk_words; pa.row_words = P.row_words;
      pa.thermometer = therm; pa.is_signed = s.is_signed;
      pa.small_values = s.geometry.sc_prec <= 14 && !P.options.exact_compare;  // every value ≤ 2^14
      pa.min_items = P.options.pack_min_items;
      pa.plane_words = static_cast<std::size_t>(s.batch) * s.rows_a * P.row_words;
      // Sign-mask mode (magnitude plane + positive-lane masks) where every chunk has 32, 64 or 128 lanes and
      // both operands take the word-parallel pack.
      const int last = depth - (pa.chunks - 1) * chunk;
      const auto small_chunk = [](int c) { return c == 32 || c == 64 || c == 128; };
      PackGlobals pb_probe = pa;
      pb_probe.boundary = io.boundary_b + sl.d_begin;
      pb_probe.sign = s.is_signed ? io.sign_b + sl.d_begin : nullptr;
      const bool masked = s.is_signed && P.options.sign_masks && !P.wgmma && !P.options.generic_pack && !P.options.narrow_tiles && small_chunk(chunk) &&
                          small_chunk(last) && pack_word_parallel(pa) && pack_word_parallel(pb_probe);
      if (masked) {
        pa.sign_out = P.a_sign.get();
        pa.sign_stride = P.sign_stride;
      }
      if (pack) launch_pack(pa, P.options.generic_pack);
      const std::size_t b_plane = static_cast<std::size_t>(s.batch) * sp.nb * P.row_words;
      for (int f = 0; f < sp.families && pack; ++f) {
        PackGlobals pb = pa;
        pb.boundary = io.boundary_b + sl.d_begin;
        pb.sign = s.is_signed ? io.sign_b + sl.d_begin : nullptr;
        pb.src_row = sp.b_rows.get();
        pb.row_level = sp.b_zero_level.get();
        pb.level_len = sp.b_family_len.get() + f;
        pb.streams_t = sp.b_tab_ptrs.get() + f;
        pb.k_table = nullptr;
        pb.thermometer = false;
        pb.uniform_level = true;  // b_zero_level: one level per family
        pb.rows = sp.nb; pb.src_rows = s.rows_b;
        pb.out = P.b_packed.get() + static_cast<std::size_t>(f) * P.planes * b_plane;
        pb.plane_words = b_plane;
        pb.sign_out = masked ? P.b_sign.get() : nullptr;  // every family writes the same masks (b's signs)
        launch_pack(pb, P.options.generic_pack);
      }
      GemmGlobals g;
      g.a = P.a_packed.get(); g.a_plane_words = pa.plane_words; g.a_rows = s.rows_a;
      g.b = P.b_packed.get(); g.b_plane_words = b_plane; g.b_rows = sp.nb; g.b_families = sp.families;
      g.row_words = P.row_words; g.chunk_words = P.chunk_words; g.chunk = chunk; g.depth = depth;
      g.chunks = pa.chunks; g.batch = s.batch;
      g.chunk_offset = sl.chunk_offset; g.out_chunks = P.chunks; g.accumulate_f = si > 0;
      g.tiles = split ? sp.tiles_split.get() : sp.tiles.get();
      g.a_tiles = split ? sp.a_tiles_split : sp.a_tiles;
      g.atomic_out = atomic;
      g.level_len = sp.d_level_len.get(); g.level_family = sp.d_level_family.get(); g.level_sigma = sp.sigma.get();
      g.a_row_map = sp.a_order.get(); g.b_row_map = sp.b_rows.get();
      g.out_rows = s.rows_a; g.out_cols = s.rows_b;
      g.out_s = io.out_s; g.out_f = io.out_f; g.scale_a = io.scale_a; g.scale_b = io.scale_b;
      g.slice_scale = io.slice_scale; g.row_scale = io.row_scale; g.slice_sigma = io.sigma;
      g.narrow = P.options.narrow_tiles;
      if (masked) {
        g.a_sign = P.a_sign.get(); g.b_sign = P.b_sign.get(); g.sign_stride = P.sign_stride;
      }
      if (gemm && P.wgmma) launch_wgmma_gemm(g, op, s.is_signed);
      else if (gemm) launch_bmma_gemm(g, op, s.is_signed);
    }
  }
}

}  // namespace scmp::gpu
