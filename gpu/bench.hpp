// `scmp bench`: times the CUDA SC core on the docs/REFERENCE-NOTES.md shapes against cuBLAS fp32 (a @ bᵀ, no TF32).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "gpu/bmma_gemm.hpp"

namespace scmp::gpu {

struct BenchOptions {
  std::vector<std::string> shapes;        // empty = all five + mixed precision; "wide_12288", "deep_8192"
                                          // (large weights, slabs) only when named
  std::vector<int> stoc_lens{256, 128, 64, 32};
  int runs = 20;
  unsigned long long seed = 1;
  bool compare_narrow = false;            // also time the first version's 128×64 GEMM tile
  bool parts = true;                      // also time packing and GEMM apart
  std::size_t max_packed_bytes = 0;       // core memory budget (0: default); smaller → slabs over lanes
  int device = 0;                         // the CUDA device every case runs on
  GemmPath gemm = GemmPath::automatic;    // the binary GEMM of the core and pipeline runs
};

struct BenchRow {
  std::string name;        // case
  int stoc_len = 0;        // 0 for the mixed-precision rows (see note)
  double sc_ms = 0;        // median, device-resident boundaries → packed → BMMA → accumulators / fp32
  double cublas_ms = 0;    // median cuBLAS sgemm (same shape) in the same run
  double pack_ms = 0;      // median of packing alone (both operands)
  double gemm_ms = 0;      // median of the binary GEMM + epilogue alone
  double narrow_ms = 0;    // median full run with the 128×64 tile (0: not timed)
  double two_plane_ms = 0; // median full run with both sign planes packed (no sign-mask mode; 0: not timed)
  double pipeline_ms = 0;  // median device pipeline fp32 a, b → fp32 y (quantize, pack, GEMM, dequantize),
                           // in the case's granularity (per_row, per_tensor bipolar, per_head)
  double bit_products = 0; // N·M·D·L (× batch) useful bit-products
  double issued = 0;       // bit-products the tensor cores executed (signed: 3× mma.sync, 4× wgmma; padding included)
  bool wgmma = false;      // the core ran the wgmma GEMM
  double mma_ms = 0;       // wgmma rows: median core run with the mma.sync GEMM (same run; 0: not timed)
  double mma_pipeline_ms = 0;  // wgmma rows: median pipeline run with the mma.sync GEMM
  std::string note;
  int slabs = 1;           // slabs over lanes the core ran in
};

std::string bench_device_name(int device = 0);
// Throws sim::Error without a GPU or without CUDA support in this build.
std::vector<BenchRow> run_bench(const BenchOptions& options);

}  // namespace scmp::gpu
