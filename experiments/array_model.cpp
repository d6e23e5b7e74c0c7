// The fold-by-fold array model (see array_model.hpp for the formulas and their sources).
#include "experiments/array_model.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/error.hpp"

namespace scmp::experiments {

namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// Largest value of v over [lo, hi) (1 when v is empty: binary MACs).
int range_max(const std::vector<int>& v, std::int64_t lo, std::int64_t hi) {
  if (v.empty()) return 1;
  return *std::max_element(v.begin() + lo, v.begin() + hi);
}

// DRAM words of one read operand: its distinct elements when they fit in the active half of the double
// buffer (SCALE-Sim's active_buf_frac = 0.5), else every SRAM read refetched (no reuse across folds).
std::int64_t dram_reads(std::int64_t unique, std::int64_t sram_reads, double buffer_kib, int word_bits) {
  const double active_bytes = 0.5 * buffer_kib * 1024.0;
  return static_cast<double>(unique) * word_bits / 8.0 <= active_bytes ? unique : sram_reads;
}

}  // namespace

LayerShape LayerShape::conv(std::int64_t ih, std::int64_t iw, std::int64_t fh, std::int64_t fw, std::int64_t channels,
                            std::int64_t filters, std::int64_t stride) {
  // SCALE-Sim's ofmap size: ⌈(i − f + s) / s⌉ per dimension.
  const std::int64_t oh = ceil_div(ih - fh + stride, stride), ow = ceil_div(iw - fw + stride, stride);
  LayerShape l;
  l.M = oh * ow;
  l.N = filters;
  l.K = fh * fw * channels;
  l.ifmap_unique = ih * iw * channels;
  l.filter_unique = l.N * l.K;
  return l;
}

ArrayResult simulate_array(const ArraySection& A, const LayerShape& L, const std::vector<int>& len_a, const std::vector<int>& len_b) {
  if (L.M < 1 || L.N < 1 || L.K < 1) {
    throw sim::InvalidArgument("layer", std::to_string(L.M) + "x" + std::to_string(L.N) + "x" + std::to_string(L.K), "expected M, N, K >= 1");
  }
  const bool sc = A.mac == "sc" && !len_a.empty();
  if (sc && (static_cast<std::int64_t>(len_a.size()) != L.M || static_cast<std::int64_t>(len_b.size()) != L.N)) {
    throw sim::InvalidArgument("stoc_len", std::to_string(len_a.size()) + "/" + std::to_string(len_b.size()),
                               "expected one stream length per row of a (M) and of b (N)");
  }
  const std::vector<int> none;
  const std::vector<int>& la = sc ? len_a : none;
  const std::vector<int>& lb = sc ? len_b : none;
  const std::int64_t R = A.rows, C = A.cols;
  ArrayResult r;
  r.max_stoc_len = std::max(range_max(la, 0, static_cast<std::int64_t>(la.size())), range_max(lb, 0, static_cast<std::int64_t>(lb.size())));
  if (!sc) r.max_stoc_len = 1;

  // Spatial rows/cols and the temporal dimension per dataflow.
  std::int64_t Sr = 0, Sc = 0, T = 0;
  if (A.dataflow == "os") {
    Sr = L.M, Sc = L.N, T = L.K;
  } else if (A.dataflow == "ws") {
    Sr = L.K, Sc = L.N, T = L.M;
  } else {
    Sr = L.K, Sc = L.M, T = L.N;
  }
  const std::int64_t row_folds = ceil_div(Sr, R), col_folds = ceil_div(Sc, C);
  r.folds = row_folds * col_folds;
  const std::int64_t skew = A.dataflow == "os" ? R + C - 2 : 2 * R + C - 2;

  double mapping = 0;
  std::int64_t cycles = 0;
  for (std::int64_t fc = 0; fc < col_folds; ++fc) {
    const std::int64_t c0 = fc * C, c1 = std::min(Sc, c0 + C);
    std::int64_t steps = 0;  // Σ over the T temporal steps of the step's duration
    if (!sc) {
      steps = T;
    } else if (A.dataflow == "os") {
      // Per row fold: every step of a fold lasts min(max L_a over its rows, max L_b over its columns).
      for (std::int64_t fr = 0; fr < row_folds; ++fr) {
        const std::int64_t r0 = fr * R, r1 = std::min(Sr, r0 + R);
        cycles += T * std::min(range_max(la, r0, r1), range_max(lb, c0, c1));
      }
    } else if (A.dataflow == "ws") {
      // Stationary b columns c0..c1; row m of a passes for max_j min(L_a[m], L_b[j]).
      const int bmax = range_max(lb, c0, c1);
      for (std::int64_t m = 0; m < T; ++m) steps += std::min(la[static_cast<std::size_t>(m)], bmax);
    } else {
      // Stationary a rows (array columns) c0..c1; row n of b passes for max_i min(L_a[i], L_b[n]).
      const int amax = range_max(la, c0, c1);
      for (std::int64_t n = 0; n < T; ++n) steps += std::min(lb[static_cast<std::size_t>(n)], amax);
    }
    for (std::int64_t fr = 0; fr < row_folds; ++fr) {
      const std::int64_t r0 = fr * R, r1 = std::min(Sr, r0 + R);
      mapping += static_cast<double>((r1 - r0) * (c1 - c0)) / static_cast<double>(R * C);
      cycles += skew + (sc && A.dataflow == "os" ? 0 : steps);
    }
  }
  r.compute_cycles = cycles;
  r.mapping_efficiency = mapping / static_cast<double>(r.folds);

  // PE occupancy: every MAC holds its PE for L(n, m) cycles.
  if (sc) {
    // Σ_n Σ_m min(L_a[n], L_b[m]) · K, by sorting b's lengths once.
    std::vector<int> sb(lb.begin(), lb.end());
    std::sort(sb.begin(), sb.end());
    std::vector<double> prefix(sb.size() + 1, 0.0);
    for (std::size_t j = 0; j < sb.size(); ++j) prefix[j + 1] = prefix[j] + sb[j];
    double pairs = 0;
    for (int a : la) {
      const auto k = static_cast<std::size_t>(std::upper_bound(sb.begin(), sb.end(), a) - sb.begin());
      pairs += prefix[k] + static_cast<double>(a) * static_cast<double>(sb.size() - k);
    }
    r.pe_busy_cycles = pairs * static_cast<double>(L.K);
  } else {
    r.pe_busy_cycles = static_cast<double>(L.M * L.N * L.K);
  }

  // SRAM traffic in words (SCALE-Sim's request counts): the operand on the spatial axis that is not folded
  // over is read once per fold of the other axis.
  const std::int64_t a_words = L.M * L.K, b_words = L.N * L.K, y_words = L.M * L.N;
  if (A.dataflow == "os") {
    r.ifmap_sram_reads = col_folds * a_words;
    r.filter_sram_reads = row_folds * b_words;
    r.ofmap_sram_writes = y_words;
  } else if (A.dataflow == "ws") {
    r.ifmap_sram_reads = col_folds * a_words;
    r.filter_sram_reads = b_words;
    r.ofmap_sram_writes = row_folds * y_words;   // one partial sum per fold of K
  } else {
    r.ifmap_sram_reads = a_words;
    r.filter_sram_reads = col_folds * b_words;
    r.ofmap_sram_writes = row_folds * y_words;
  }
  const std::int64_t a_unique = L.ifmap_unique >= 0 ? L.ifmap_unique : a_words;
  const std::int64_t b_unique = L.filter_unique >= 0 ? L.filter_unique : b_words;
  r.ifmap_dram_reads = dram_reads(a_unique, r.ifmap_sram_reads, A.ifmap_sram_kib, A.word_bits);
  r.filter_dram_reads = dram_reads(b_unique, r.filter_sram_reads, A.filter_sram_kib, A.word_bits);
  r.ofmap_dram_writes = r.ofmap_sram_writes;   // write-through: partial sums of ws/is leave the chip too
  r.dram_bytes = static_cast<double>(r.ifmap_dram_reads + r.filter_dram_reads) * A.word_bits / 8.0 +
                 static_cast<double>(r.ofmap_dram_writes) * A.ofmap_word_bits / 8.0;

  // Stalls: DRAM transfers overlap compute (double buffering); the part that does not fit is stall.
  const double bytes_per_cycle = A.dram_gbps * 1e9 / (A.clock_mhz * 1e6);
  const auto dram_cycles = static_cast<std::int64_t>(std::ceil(r.dram_bytes / bytes_per_cycle));
  r.stall_cycles = std::max<std::int64_t>(0, dram_cycles - r.compute_cycles);
  r.total_cycles = r.compute_cycles + r.stall_cycles;
  r.utilization = r.pe_busy_cycles / (static_cast<double>(R * C) * static_cast<double>(r.total_cycles));
  r.latency_s = static_cast<double>(r.total_cycles) / (A.clock_mhz * 1e6);
  r.macs_per_s = static_cast<double>(L.M * L.N * L.K) / r.latency_s;
  return r;
}

}  // namespace scmp::experiments
