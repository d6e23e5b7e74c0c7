// Fused per-row bipolar quantizer, REFERENCE.md §5.4 (the reference's Triton kernel; used per chunk by the
// chunk_d path).
#pragma once
#include "sim/quant/quant_common.hpp"

namespace scmp::sim {

// Contract: for each of `rows` rows of `cols` values (row stride `ld`): m = max(max|x|, f(1e-5));
// scale = m ÷ꜰ f(q_max); inv = 1 ÷ꜰ scale; q = clamp(rne(x ⊗ inv), ±q_max); sign +1/−1/0 (zero stays 0);
// boundary = rne(|q| ⊗ (f(G) ÷ꜰ f(q_max))). Outputs are rows × cols (dense), scale per row.
// ÷ꜰ is Triton's div.full.f32 (sim/arith/triton_div.hpp, exact): with IEEE division instead, a level flips
// whenever x ⊗ inv lands within an ulp of a .5 boundary, which happens dozens of times at bench sizes.
Quantized quantize_fused_rows_bipolar(const float* x, int rows, int cols, std::size_t ld, int sc_prec,
                                      int rng_levels);

}  // namespace scmp::sim
