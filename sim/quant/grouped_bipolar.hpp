// Grouped symmetric (bipolar) quantizer, REFERENCE.md §5.1 (2-D per_row and the chunk_d ≤ D standard path)
// and §5.3 (3-D per_row: the same formulas per slice).
#pragma once
#include "sim/quant/quant_common.hpp"

namespace scmp::sim {

// Contract: per group of `group` consecutive rows: m = max(max|x|, f(1e-5)); scale = m ⊗ f(1/q_max);
// q = clamp(rne(x ÷ᵢ scale), ±q_max); sign = +1 for q ≥ 0 (zeros get +1), −1 otherwise;
// boundary = rne((|q| ⊗ f(G)) ⊗ f(1/q_max)) (BoundaryArith::recip). Fills boundary, sign, level and a per-row scale.
Quantized quantize_grouped_bipolar(const float* x, int rows, int cols, int group, int sc_prec, int rng_levels);

// §5.3: `batch` slices of rows × cols, each quantized as above (groups never cross slices); the 3-D path's
// boundary is BoundaryArith::double_ratio (2-D callers pass recip). The reference allows only group 1 or
// group ≥ rows here; any group > 0 works in this implementation (an extension).
Quantized quantize_grouped_bipolar_batched(const float* x, int batch, int rows, int cols, int group, int sc_prec,
                                           int rng_levels, BoundaryArith arith);

}  // namespace scmp::sim
