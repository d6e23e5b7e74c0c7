// The CUDA SC core: CoreProblem → integer accumulators on the GPU, as a binary tensor-core GEMM over packed
// bitstreams (bit_operand.hpp, bmma_gemm.hpp), plus a naive one-thread-per-pair kernel to test it against.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "gpu/bmma_gemm.hpp"
#include "sim/engine/core_problem.hpp"

namespace scmp::gpu {

struct CoreRunOptions {
  bool naive = false;          // one thread per (n, m), loops d and t: the obviously-right kernel
  bool generic_pack = false;   // force the bit-by-bit packing kernel (tests)
  bool narrow_tiles = false;   // the first version's 128×64 GEMM tile (bench comparison, tests)
  bool split_k = true;         // split a single chunk's K over blocks when the grid is small
  bool exact_compare = false;  // force __vsetltu2 in the word-parallel pack (tests; else sc_prec ≤ 14 subtracts)
  bool sign_masks = true;      // signed, chunks of 32/64/128 lanes: magnitude plane + sign masks (bit_operand.hpp)
                               // (the mma.sync GEMM only; the wgmma GEMM reads both sign planes)
  GemmPath gemm = GemmPath::automatic;  // wgmma: sim::Error where the device or build lacks it; the
                               // launches it does not cover (xnor, narrow tiles) stay on mma.sync
  long long pack_min_items = 2048;  // word-parallel pack: shorter work items below this many (0: never; tests)
  // Packed operands' memory budget in bytes (0: 45 % of the card, within its free memory). Larger problems
  // run in slabs of lanes (whole chunks on the chunk_d path), packed and multiplied one after another.
  std::size_t max_packed_bytes = 0;
};

// Contract: returns exactly sim::accumulate_reference(problem) ([batch][chunks][N][M]) or throws
// (sim::Error when no GPU / CUDA fails, sim::InvalidArgument when the problem cannot fit the device).
std::vector<std::int64_t> accumulate_cuda(const sim::CoreProblem& problem, const CoreRunOptions& options = {});

// Shape and stream part of a core problem; operands are given to run() as device pointers.
struct CoreShape {
  int batch = 1, rows_a = 0, rows_b = 0, depth = 0, lanes = 0, chunk = 0;
  bool is_signed = false;
  sim::Multiplier multiplier = sim::Multiplier::enable;
  sim::StreamGeometry geometry;
  std::vector<int> stoc_len_a, stoc_len_b;
  std::function<const sim::LaneStreams&(sim::Side, int)> streams;
  float q_max_sq = 0.0f;       // for σ = f(q_max²) ÷ f(ℓ) (÷ꜰ, as sim::sigma_of) in the fused chunk epilogue
};

// The shape and stream part of a host core problem (its boundaries and signs go to run() on the device).
CoreShape core_shape_of(const sim::CoreProblem& problem);

// Device operands and where the result goes: int32 S [batch][chunks][N][M], or (fused chunk epilogue)
// fp32 out[h][n][m] = Σ_k (f(S_k) ⊗ σ) ⊗ (scale_a[h][k][n] ⊗ scale_b[h][k][m]), or (slice_scale: one chunk,
// one slab, no split-K — see CorePlan::slice_epilogue_ok) fp32 out[h][n][m] = f(S) ⊗ (sigma ⊗ (scale_a[h] ⊗
// scale_b[h])), the §11 per_head dequantization written by the GEMM instead of int32 S.
struct CoreDeviceIo {
  const std::uint16_t* boundary_a = nullptr;
  const std::int8_t* sign_a = nullptr;
  const std::uint16_t* boundary_b = nullptr;
  const std::int8_t* sign_b = nullptr;
  std::int32_t* out_s = nullptr;
  float* out_f = nullptr;
  const float* scale_a = nullptr;
  const float* scale_b = nullptr;
  bool slice_scale = false;
  bool row_scale = false;      // per_row bipolar at one L: out = (f(S) ⊗ σ) ⊗ (scale_a[h][n] ⊗ scale_b[h][m])
  float sigma = 0.0f;          // slice_scale, row_scale: σ = f(q_max²) ÷ f(L), as sim::sigma_of
};

// Everything that depends only on the shape and streams (tables, row order, tiles, packed buffers), built
// once and reused by run(); the bench and the device pipeline keep one per configuration.
class CorePlan {
 public:
  explicit CorePlan(const CoreShape& shape, const CoreRunOptions& options = {});
  ~CorePlan();
  CorePlan(const CorePlan&) = delete;
  CorePlan& operator=(const CorePlan&) = delete;
  // Packs both operands and runs the GEMM; the bench may time the two steps apart (pack, then gemm only).
  void run(const CoreDeviceIo& io, bool pack = true, bool gemm = true);
  int chunks() const;
  int slabs() const;           // slabs over lanes (1: the whole depth at once)
  bool has_split_tiles() const;  // run() with integer output splits K over blocks (split-K work items)
  // One chunk, one slab and no split-K: run() may take slice_scale (the GEMM then writes fp32 y directly).
  bool slice_epilogue_ok() const;
  std::size_t device_bytes() const;
  bool uses_wgmma() const;     // which GEMM run() launches (CoreRunOptions::gemm resolved on the plan's device)

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace scmp::gpu
