// Timing and memory traffic of one matmul y = a · bᵀ (a: M×K, b: N×K) on a systolic PE array, per dataflow.
//
// Binary MACs (array.mac = binary) follow SCALE-Sim 3.0.0's model (compute/systolic_compute_{os,ws,is}.py,
// single_layer_sim.py) — the operand matrices are folded over the array, each fold costs its fill/drain skew
// plus one cycle per temporal step:
//   os: Sr = M (rows of a), Sc = N, T = K;  fold = R + C + T − 2 cycles
//   ws: Sr = K, Sc = N, T = M;               fold = 2R + C + T − 2 (R cycles preload the stationary tile)
//   is: Sr = K, Sc = M, T = N;               fold = 2R + C + T − 2
// folds = ⌈Sr/R⌉·⌈Sc/C⌉. SC MACs (array.mac = sc) follow uSystolic (Wu et al., HPCA 2022; uSystolic-Sim
// simArch/sram_traffic_ws_usystolic.py): a temporal step holds every active PE for its MAC's stream length
// (mac_cycles there), the skew and preload stay in words. PEs run in lock step, so a step lasts the longest
// L among the pairs (n, m) active in it, L(n, m) = min(L_a[n], L_b[m]) (MP assigns L per row).
// docs/RESULTS.md ("Array model") lists where this differs from SCALE-Sim and why.
#pragma once
#include <cstdint>
#include <vector>

#include "experiments/array_config.hpp"

namespace scmp::experiments {

// A GEMM layer, and for a convolution lowered to one (im2col) the unique elements of its operands.
struct LayerShape {
  std::int64_t M = 0, N = 0, K = 0;          // a: M×K, b: N×K, y: M×N
  std::int64_t ifmap_unique = -1;            // distinct a elements (−1: M·K); a conv's ih·iw·C
  std::int64_t filter_unique = -1;           // distinct b elements (−1: N·K)
  static LayerShape gemm(std::int64_t M, std::int64_t N, std::int64_t K) { return {M, N, K, -1, -1}; }
  static LayerShape conv(std::int64_t ih, std::int64_t iw, std::int64_t fh, std::int64_t fw, std::int64_t channels,
                         std::int64_t filters, std::int64_t stride);
};

struct ArrayResult {
  std::int64_t folds = 0;
  std::int64_t compute_cycles = 0;           // array busy (no memory stalls)
  std::int64_t stall_cycles = 0;             // DRAM transfer time beyond compute (double-buffered overlap)
  std::int64_t total_cycles = 0;             // compute + stall
  double pe_busy_cycles = 0;                 // Σ over PEs of cycles spent on a MAC (SC: Σ MACs · L)
  double utilization = 0;                    // pe_busy / (R·C·total)
  double mapping_efficiency = 0;             // mean over folds of used PEs / (R·C)
  std::int64_t ifmap_sram_reads = 0, filter_sram_reads = 0, ofmap_sram_writes = 0;   // words
  std::int64_t ifmap_dram_reads = 0, filter_dram_reads = 0, ofmap_dram_writes = 0;   // words
  double dram_bytes = 0;
  double latency_s = 0;                      // total_cycles / clock
  double macs_per_s = 0;                     // throughput
  std::int64_t max_stoc_len = 1;             // longest L of any MAC (counter widths)
};

// Contract: len_a (size M) and len_b (size N) are the per-row stream lengths (both empty or both sized; ignored
// for mac = binary). Throws InvalidArgument on a non-positive shape or mismatched lengths.
ArrayResult simulate_array(const ArraySection& array, const LayerShape& layer, const std::vector<int>& len_a,
                           const std::vector<int>& len_b);

}  // namespace scmp::experiments
