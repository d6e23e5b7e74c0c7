// Grouped asymmetric (unipolar) quantizer, REFERENCE.md §5.2 (per_row unipolar).
#pragma once
#include "sim/quant/quant_common.hpp"

namespace scmp::sim {

// Contract: per group: mx, mn = group max/min; r = max(mx ⊖ mn, f(1e-5)); scale = r ⊗ f(1/q_max);
// zp = clamp(rne((−mn) ÷ᵢ scale), 0, q_max); q = clamp(rne((x ÷ᵢ scale) ⊕ zp), 0, q_max) (two roundings, no
// FMA); boundary = round(q·G/q_max); row_sum = Σ q per row. q_max = 2^p − 1.
// The zero point is clamped to [0, q_max] as in the reference, so data whose range excludes 0 saturates
// (REFERENCE.md §12.8): kept for bit-exactness; sc_matmul documents it.
// `batch` slices are quantized independently (groups never cross slices).
Quantized quantize_grouped_unipolar(const float* x, int batch, int rows, int cols, int group, int sc_prec,
                                    int rng_levels);

}  // namespace scmp::sim
