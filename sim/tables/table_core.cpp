// Table path: exact CPU matmul over per-lane signed product tables, on all cores.
//
// Layout (designed for the cache): for a lane, the signed table row r holds 2·(G+1) entries,
// entry 2·bb + s = (s ? −count : count), so a lookup folds both signs into the index: b's sign bit sits in the
// column (sign 0 ⇒ boundary 0, whose column is 0), a's sign bit is XORed into the column, a zero a-sign uses
// row 0 (all zero). The hot loop runs d-outer over an S tile of NT × MT int32 accumulators (L1/L2), the NT rows
// of the current d's table in L1/L2, and b's column indices transposed ([d][m], contiguous in m).
#include "sim/tables/table_core.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "sim/base/error.hpp"
#include "sim/multiplier/design.hpp"
#include "sim/tables/enable_tables.hpp"
#include "sim/tables/product_table.hpp"

namespace scmp::sim {
namespace {

constexpr int k_tile_cols = 2048;     // MT: rows of b per tile; a table row fetched per (n, d) serves MT lookups
constexpr int k_tile_elems = 4096;    // NT·MT int32 accumulators (16 KiB, L1): NT = 4096 / MT, at least 2
constexpr int k_max_run = 16384;      // d per int32 accumulation run: |acc| ≤ 2^14 · 2^16 < 2^31
constexpr std::size_t k_block_bytes = std::size_t{64} << 20;  // signed tables held at once (bounded for any D)

void parallel_for(int count, int threads, const std::function<void(int)>& fn) {
  if (threads <= 1 || count <= 1) {
    for (int i = 0; i < count; ++i) fn(i);
    return;
  }
  std::atomic<int> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  std::vector<std::thread> pool;
  const int n = std::min(threads, count);
  for (int t = 0; t < n; ++t) {
    pool.emplace_back([&] {
      try {
        for (int i = next++; i < count; i = next++) fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

struct RowGroup {
  int stoc_len;
  std::vector<int> rows;
};

std::vector<RowGroup> group_rows(const std::vector<int>& lens, int rows, int default_len) {
  if (lens.empty()) {
    RowGroup g{default_len, std::vector<int>(static_cast<std::size_t>(rows))};
    for (int i = 0; i < rows; ++i) g.rows[static_cast<std::size_t>(i)] = i;
    return {g};
  }
  std::map<int, std::vector<int>> by_len;
  for (int i = 0; i < rows; ++i) by_len[lens[static_cast<std::size_t>(i)]].push_back(i);
  std::vector<RowGroup> out;
  for (auto& [len, r] : by_len) out.push_back({len, std::move(r)});
  return out;
}

struct Run {
  int d_begin, d_end, chunk;
};

// The hot loop for one tile and one run of d: acc[i][j] += table(d)[aw(i, d) + ib(d, j)] with the sign XOR.
template <class T>
struct TileArgs {
  const T* tables;               // lane block
  std::size_t lane_size;         // elements per lane table
  int lane_first, lanes;
  const std::uint32_t* aw;       // [rows of the group][D]: row·stride | sign bit, for this batch
  const std::uint32_t* ib;       // [D][cols of the group] for this batch, offset to the tile's first column
  std::size_t ib_stride;
  int depth;
  int nt, mt;
  std::int32_t* acc;             // nt × acc_stride
  std::size_t row_bytes;         // bytes of one signed table row
  std::size_t acc_stride;        // accumulators per tile row (≥ mt)
};

template <class T>
inline void tile_run_portable(const TileArgs<T>& a, int i0, const Run& run) {
  for (int d = run.d_begin; d < run.d_end; ++d) {
    const T* tab = a.tables + static_cast<std::size_t>(d % a.lanes - a.lane_first) * a.lane_size;
    const std::uint32_t* ibd = a.ib + static_cast<std::size_t>(d) * a.ib_stride;
    for (int i = 0; i < a.nt; ++i) {
      const std::uint32_t w = a.aw[static_cast<std::size_t>(i0 + i) * a.depth + d];
      const T* row = tab + (w & ~1u);
      const std::uint32_t s = w & 1u;
      std::int32_t* ac = a.acc + static_cast<std::size_t>(i) * a.acc_stride;
      for (int j = 0; j < a.mt; ++j) ac[j] += row[ibd[j] ^ s];
    }
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // GCC 12: false positive inside the gather intrinsics
// AVX-512: 16 gathers per instruction. Tables of int16 are gathered as 32-bit words at 2-byte scale (the table
// is padded by one element) and sign-extended from their low half.
template <class T>
__attribute__((target("avx512f,avx512bw"))) void tile_run_avx512(const TileArgs<T>& a, int i0, const Run& run) {
  for (int d = run.d_begin; d < run.d_end; ++d) {
    const T* tab = a.tables + static_cast<std::size_t>(d % a.lanes - a.lane_first) * a.lane_size;
    const std::uint32_t* ibd = a.ib + static_cast<std::size_t>(d) * a.ib_stride;
    if (d + 1 < run.d_end) {  // next d's rows (random rows of a big table): fetch all their lines early
      const T* next = a.tables + static_cast<std::size_t>((d + 1) % a.lanes - a.lane_first) * a.lane_size;
      for (int i = 0; i < a.nt; ++i) {
        const std::uint32_t w = a.aw[static_cast<std::size_t>(i0 + i) * a.depth + d + 1];
        const char* row = reinterpret_cast<const char*>(next + (w & ~1u));
        for (std::size_t off = 0; off < a.row_bytes; off += 64) _mm_prefetch(row + off, _MM_HINT_T0);
      }
    }
    for (int i = 0; i < a.nt; ++i) {
      const std::uint32_t w = a.aw[static_cast<std::size_t>(i0 + i) * a.depth + d];
      const T* row = tab + (w & ~1u);
      const __m512i s = _mm512_set1_epi32(static_cast<int>(w & 1u));
      std::int32_t* ac = a.acc + static_cast<std::size_t>(i) * a.acc_stride;
      int j = 0;
      for (; j + 16 <= a.mt; j += 16) {
        const __m512i idx = _mm512_xor_si512(_mm512_loadu_si512(ibd + j), s);
        __m512i v;
        if constexpr (sizeof(T) == 2) {
          v = _mm512_srai_epi32(_mm512_slli_epi32(_mm512_i32gather_epi32(idx, row, 2), 16), 16);
        } else {
          v = _mm512_i32gather_epi32(idx, row, 4);
        }
        _mm512_storeu_si512(ac + j, _mm512_add_epi32(_mm512_loadu_si512(ac + j), v));
      }
      const std::uint32_t sb = w & 1u;
      for (; j < a.mt; ++j) ac[j] += row[ibd[j] ^ sb];
    }
  }
}

#pragma GCC diagnostic pop

bool have_avx512() {
  static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
  return yes;
}
#endif

template <class T>
void tile_run(const TileArgs<T>& a, int i0, const Run& run, bool avx512) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (avx512) return tile_run_avx512(a, i0, run);
#endif
  (void)avx512;
  tile_run_portable(a, i0, run);
}

// A rectangle of pairs that all run the same length: a's rows × b's rows, with their lookup indices.
struct Block {
  std::vector<int> rows_a, rows_b;
  std::vector<std::uint32_t> aw;  // [batch][rows_a][D]: table row · stride | a's sign bit
  std::vector<std::uint32_t> ib;  // [batch][D][rows_b]: 2·bb + b's sign bit (transposed: contiguous in m)
  int tile_rows = 2;
  int tiles_n = 0, tiles_m = 0;
};

// Every pair of length L: the tables of each lane block are built once and serve all the rectangles.
template <class T>
void accumulate_length(const CoreProblem& p, int L, std::vector<Block>& blocks, int threads, bool avx512,
                       std::vector<std::int64_t>& S) {
  const LaneStreams& sa = p.streams(Side::a, L);
  const LaneStreams& sb = p.streams(Side::b, L);
  const int G = p.geometry.rng_levels;
  const bool by_popcount = multiplier_design(p.multiplier).a_by_popcount;
  const int table_rows = product_table_rows(p.multiplier, L, G);
  const std::uint32_t stride = 2u * static_cast<std::uint32_t>(G + 1);
  const std::size_t lane_size = static_cast<std::size_t>(table_rows) * stride + 2;  // +2: gather padding
  if (lane_size * sizeof(T) > (std::size_t{1} << 30)) {
    throw InvalidArgument("rng_levels", std::to_string(G),
                          "the table path needs over 1 GiB per lane at stoc_len " + std::to_string(L) +
                              ": use the cycle engine (backend cycle) for this geometry");
  }
  const int D = p.depth;
  const bool signed_ops = p.sign_a != nullptr;

  // a's row words (k_a or ba, times the stride, | sign bit) and b's transposed column indices, per batch.
  const std::vector<std::int32_t> k_table = by_popcount ? build_k_table(sa) : std::vector<std::int32_t>{};
  for (Block& blk : blocks) {
    const int na = static_cast<int>(blk.rows_a.size()), nb = static_cast<int>(blk.rows_b.size());
    blk.aw.assign(static_cast<std::size_t>(p.batch) * na * D, 0);
    blk.ib.assign(static_cast<std::size_t>(p.batch) * D * nb, 0);
    blk.tile_rows = std::clamp(k_tile_elems / std::min(nb, k_tile_cols), 2, 64);  // small M: more rows per tile
    blk.tiles_n = (na + blk.tile_rows - 1) / blk.tile_rows;
    blk.tiles_m = (nb + k_tile_cols - 1) / k_tile_cols;
    parallel_for(p.batch * na, threads, [&](int job) {
      const int h = job / na, i = job % na;
      const std::size_t src = (static_cast<std::size_t>(h) * p.rows_a + blk.rows_a[static_cast<std::size_t>(i)]) * D;
      std::uint32_t* dst = blk.aw.data() + static_cast<std::size_t>(job) * D;
      for (int d = 0; d < D; ++d) {
        const int ba = p.boundary_a[src + d];
        const int sign = signed_ops ? p.sign_a[src + d] : 1;
        const int row =
            sign == 0 ? 0 : by_popcount ? k_table[static_cast<std::size_t>(d % p.lanes) * (G + 1) + ba] : ba;
        dst[d] = static_cast<std::uint32_t>(row) * stride | (sign < 0 ? 1u : 0u);
      }
    });
    parallel_for(p.batch * nb, threads, [&](int job) {
      const int h = job / nb, j = job % nb;
      const std::size_t src = (static_cast<std::size_t>(h) * p.rows_b + blk.rows_b[static_cast<std::size_t>(j)]) * D;
      std::uint32_t* dst = blk.ib.data() + static_cast<std::size_t>(h) * D * nb + j;
      for (int d = 0; d < D; ++d) {
        const int sign = signed_ops ? p.sign_b[src + d] : 1;
        const std::uint32_t bb = sign == 0 ? 0u : p.boundary_b[src + d];
        dst[static_cast<std::size_t>(d) * nb] = 2u * bb + (sign < 0 ? 1u : 0u);
      }
    });
  }

  const int lanes_used = std::min(p.lanes, D);
  const int block_lanes =
      std::max(1, std::min(lanes_used, static_cast<int>(k_block_bytes / (lane_size * sizeof(T)))));
  const int chunks = p.chunks();
  std::vector<T> tables(static_cast<std::size_t>(block_lanes) * lane_size);
  for (int l0 = 0; l0 < lanes_used; l0 += block_lanes) {
    const int l1 = std::min(lanes_used, l0 + block_lanes);
    const PackedStreams pa(sa, l0, l1), pb(sb, l0, l1);
    parallel_for(l1 - l0, threads, [&](int li) {
      T* dst = tables.data() + static_cast<std::size_t>(li) * lane_size;
      run_product_table(p.multiplier, pa, pb, l0 + li, L, [&](int row, const std::int32_t* counts) {
        T* out = dst + static_cast<std::size_t>(row) * stride;
        for (int v = 0; v <= G; ++v) {
          out[2 * v] = static_cast<T>(counts[v]);
          out[2 * v + 1] = static_cast<T>(-counts[v]);
        }
      });
      dst[lane_size - 2] = dst[lane_size - 1] = 0;
    });
    // Runs of consecutive d whose lanes lie in this block, cut at chunk ends and at k_max_run.
    std::vector<Run> runs;
    for (int base = 0; base + l0 < D; base += p.lanes) {
      int d = base + l0;
      const int end = std::min(D, base + l1);
      while (d < end) {
        int stop = std::min(end, d + k_max_run);
        if (p.chunk > 0) stop = std::min(stop, (d / p.chunk + 1) * p.chunk);
        runs.push_back({d, stop, p.chunk > 0 ? d / p.chunk : 0});
        d = stop;
      }
    }
    // Jobs: (rectangle, batch, n tile, m tile); each writes a disjoint set of accumulators.
    std::vector<int> first_job(blocks.size() + 1, 0);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      first_job[b + 1] = first_job[b] + p.batch * blocks[b].tiles_n * blocks[b].tiles_m;
    }
    parallel_for(first_job.back(), threads, [&](int job) {
      std::size_t b = 0;
      while (job >= first_job[b + 1]) ++b;
      const Block& blk = blocks[b];
      const int local = job - first_job[b];
      const int na = static_cast<int>(blk.rows_a.size()), nb = static_cast<int>(blk.rows_b.size());
      const int h = local / (blk.tiles_n * blk.tiles_m), tn = (local / blk.tiles_m) % blk.tiles_n,
                tm = local % blk.tiles_m;
      const int i0 = tn * blk.tile_rows, j0 = tm * k_tile_cols;
      const std::size_t acc_stride = static_cast<std::size_t>(std::min(nb, k_tile_cols));
      std::vector<std::int32_t> acc(static_cast<std::size_t>(blk.tile_rows) * acc_stride);
      TileArgs<T> args{tables.data(), lane_size, l0, p.lanes,
                       blk.aw.data() + static_cast<std::size_t>(h) * na * D,
                       blk.ib.data() + static_cast<std::size_t>(h) * D * nb + j0, static_cast<std::size_t>(nb), D,
                       std::min(blk.tile_rows, na - i0), std::min(k_tile_cols, nb - j0), acc.data(),
                       stride * sizeof(T), acc_stride};
      for (const Run& run : runs) {
        std::fill(acc.begin(), acc.end(), 0);
        tile_run(args, i0, run, avx512);
        for (int i = 0; i < args.nt; ++i) {
          const int n = blk.rows_a[static_cast<std::size_t>(i0 + i)];
          std::int64_t* out = S.data() + ((static_cast<std::size_t>(h) * chunks + run.chunk) * p.rows_a + n) * p.rows_b;
          const std::int32_t* ac = acc.data() + static_cast<std::size_t>(i) * acc_stride;
          for (int j = 0; j < args.mt; ++j) out[blk.rows_b[static_cast<std::size_t>(j0 + j)]] += ac[j];
        }
      }
    });
  }
}

}  // namespace

bool table_kernel_available(TableKernel kernel) {
  if (kernel != TableKernel::avx512) return true;
#if defined(__x86_64__) && defined(__GNUC__)
  return have_avx512();
#else
  return false;
#endif
}

std::vector<std::int64_t> accumulate_tables(const CoreProblem& problem, int threads) {
  return accumulate_tables(problem, threads, TableKernel::automatic);
}

std::vector<std::int64_t> accumulate_tables(const CoreProblem& problem, int threads, TableKernel kernel) {
  validate_core_problem(problem);
  if (!table_kernel_available(kernel)) {
    throw InvalidArgument("table kernel", "avx512", "this CPU has no AVX-512F/BW");
  }
  const bool avx512 = kernel == TableKernel::avx512 || (kernel == TableKernel::automatic && table_kernel_available(TableKernel::avx512));
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::int64_t> S(problem.accumulator_count(), 0);
  const auto groups_a = group_rows(problem.stoc_len_a, problem.rows_a, problem.geometry.stoc_len);
  const auto groups_b = group_rows(problem.stoc_len_b, problem.rows_b, problem.geometry.stoc_len);
  // Pairs of length L = min(L_a, L_b): (a rows of length L) × (b rows ≥ L) and (a rows > L) × (b rows of
  // length L) — two rectangles per distinct length, sharing one set of tables.
  std::map<int, std::vector<Block>> by_length;
  const auto rows_where = [](const std::vector<RowGroup>& groups, auto keep) {
    std::vector<int> rows;
    for (const auto& g : groups) {
      if (keep(g.stoc_len)) rows.insert(rows.end(), g.rows.begin(), g.rows.end());
    }
    return rows;
  };
  for (const auto& ga : groups_a) {
    const int L = ga.stoc_len;
    Block blk;
    blk.rows_a = ga.rows;
    blk.rows_b = rows_where(groups_b, [L](int lb) { return lb >= L; });
    if (!blk.rows_b.empty()) by_length[L].push_back(std::move(blk));
  }
  for (const auto& gb : groups_b) {
    const int L = gb.stoc_len;
    Block blk;
    blk.rows_a = rows_where(groups_a, [L](int la) { return la > L; });
    blk.rows_b = gb.rows;
    if (!blk.rows_a.empty()) by_length[L].push_back(std::move(blk));
  }
  for (auto& [L, blocks] : by_length) {
    if (L < 32768) {  // |count| ≤ L fits int16: half the table bytes
      accumulate_length<std::int16_t>(problem, L, blocks, threads, avx512, S);
    } else {
      accumulate_length<std::int32_t>(problem, L, blocks, threads, avx512, S);
    }
  }
  return S;
}

}  // namespace scmp::sim
