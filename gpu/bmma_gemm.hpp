// The binary tensor-core GEMM over packed bit operands: integer accumulators S of the SC core for a set of
// row tiles that may each run their own stream length (mixed precision in one launch).
#pragma once
#include <cstddef>
#include <cstdint>

namespace scmp::gpu {

constexpr int kTileM = 128;   // rows of a per block

// A work item: packed a rows [row_begin, row_begin + kTileM) of which [.., row_end) are stored, all at one
// level; with a single chunk it may cover only stages [stage_begin, stage_end) of K (split-K, which also
// balances mixed precision: long levels get more splits); stage_end < 0 = every stage.
struct TileDesc {
  int level;
  int row_begin;
  int row_end;
  int stage_begin = 0;
  int stage_end = -1;
};

enum class GemmOp { and_popc, xor_popc };

// Which binary GEMM runs: mma.sync (bmma_gemm.cu, every CUDA device), wgmma (wgmma_gemm.cu, compute capability
// 9.0 with sm_90a code; and_popc without sign masks), or automatic: wgmma where the device has it and the
// multiplier is not xnor, else mma.sync.
enum class GemmPath { automatic, mma, wgmma };

// Contract: for every stored (h, k, n, m), S = Σ over the chunk's K bits of the op, combined as the
// multiplier needs (signed: T − 2P; xnor: c_k·ℓ − 2·popc(xor)); int32 accumulators (caller checks D·L < 2^31).
struct GemmGlobals {
  const std::uint32_t* a = nullptr;     // [planes][batch][a_rows][row_words]
  std::size_t a_plane_words = 0;
  int a_rows = 0;
  const std::uint32_t* b = nullptr;     // [family][planes][batch][b_rows][row_words]
  std::size_t b_plane_words = 0;        // one plane of one family
  int b_families = 1;                   // packed b families (the wgmma GEMM's TMA map covers them all)
  int b_rows = 0;
  int row_words = 0, chunk_words = 0, chunk = 0, depth = 0, chunks = 1, batch = 1;
  const TileDesc* tiles = nullptr;
  int a_tiles = 0;
  const int* level_len = nullptr;       // level → ℓ
  const int* level_family = nullptr;    // level → which packed b
  const float* level_sigma = nullptr;   // level → σ (fused epilogue)
  const int* a_row_map = nullptr;       // packed a row → output row n
  const int* b_row_map = nullptr;       // packed b row → output column m
  int out_rows = 0, out_cols = 0;
  std::int32_t* out_s = nullptr;        // [batch][chunks][out_rows][out_cols], or null
  // Fused chunk epilogue (device pipeline, chunk_d path): out_f[h][n][m] = Σ_k (f(S_k) ⊗ σ) ⊗ (sa ⊗ sb), k ascending.
  float* out_f = nullptr;
  const float* scale_a = nullptr;       // [batch][chunks][out_rows]
  const float* scale_b = nullptr;       // [batch][chunks][out_cols]
  // Per-slice epilogue (device pipeline, per_head without split-K or slabs): out_f[h][n][m] = f(S) ⊗ c_h with
  // c_h = slice_sigma ⊗ (scale_a[h] ⊗ scale_b[h]), the §11 per_head order; no int32 S is written.
  bool slice_scale = false;
  float slice_sigma = 0.0f;
  // Per-row epilogue (device pipeline, bipolar per_row at one stream length, same conditions as slice_scale):
  // out_f[h][n][m] = (f(S) ⊗ σ) ⊗ (scale_a[h][n] ⊗ scale_b[h][m]) with σ = slice_sigma, the §11 per_row order.
  bool row_scale = false;
  // Split tiles (single chunk, integer output): partial counts are added atomically to out_s, which the
  // caller has zeroed (exact: integer addition is associative).
  bool atomic_out = false;
  // Slabs: this launch covers output chunks [chunk_offset, chunk_offset + chunks) of out_chunks; with
  // accumulate_f the fused epilogue continues the fp32 sums already in out_f (earlier slabs, ascending k).
  int chunk_offset = 0, out_chunks = 1;
  bool accumulate_f = false;
  bool narrow = false;                  // the 128×64 tile of the first version (bench comparison)
  // Sign-mask mode (signed, every chunk of 32/64/128 lanes; bit_operand.hpp): a and b hold only plane 0 (the
  // magnitudes) and these the positive-lane masks, [batch][rows][sign_stride] (b: one set for every family).
  const std::uint32_t* a_sign = nullptr;
  const std::uint32_t* b_sign = nullptr;
  int sign_stride = 0;
};

void launch_bmma_gemm(const GemmGlobals& g, GemmOp op, bool is_signed);

}  // namespace scmp::gpu
