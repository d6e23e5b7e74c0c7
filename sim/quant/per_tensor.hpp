// Flat per-tensor quantizers with host scalars in double, REFERENCE.md §5.4–§5.5 (per_tensor granularity).
#pragma once
#include "sim/quant/quant_common.hpp"

namespace scmp::sim {

// Contract (bipolar): in double A = max(abs_max, 1e-5), scale = A/q_max, inv = f(1/scale);
// q = clamp(rne(x ⊗ inv), ±q_max) in fp32; sign +1/−1/0; boundary = round(|q|·G/q_max).
// scale_d holds the double scale (the output stage uses f(scale_a·scale_b)); scale = {f(scale_d)}.
// abs_max is max(|max x|, |min x|) over the whole tensor (for 3-D: all slices — one global range, as the
// reference does).
Quantized quantize_per_tensor_bipolar(const float* x, std::size_t count, double abs_max, int sc_prec, int rng_levels);

// Contract (unipolar): in double R = max(fmax − fmin, 1e-5), scale = R/q_max, inv = 1/scale,
// zp = clamp(round_half_even(−fmin/scale), 0, q_max); then in fp32 q = clamp(rne(fma(x, f(inv), f(zp))), 0, q_max)
// (Triton contracts the multiply-add: one rounding); boundary = round(q·G/q_max); row_sum per row of `cols`.
Quantized quantize_per_tensor_unipolar(const float* x, std::size_t rows, int cols, double fmax, double fmin,
                                       int sc_prec, int rng_levels);

}  // namespace scmp::sim
