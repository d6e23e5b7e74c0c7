// Per-head batched bipolar quantizer, REFERENCE.md §5.6 / §6.6b (attention qk/av products).
#pragma once
#include "sim/quant/quant_common.hpp"

namespace scmp::sim {

// Contract: per head h (a slice of rows × cols): A_h = max(max|x|, f(1e-5)) in fp32; s_h = A_h ⊗ f(1/q_max);
// inv_h = 1 ÷ᵢ s_h; q = clamp(rne(x ⊗ inv_h), ±q_max); sign +1/−1/0; boundary = round(|q|·G/q_max).
// The reference clamps the lower end at −2^(p−1) (§12.17); |x ⊗ inv_h| ≤ q_max + a few ulp, so after rne the
// symmetric clamp used here gives the same levels.
Quantized quantize_per_head_bipolar(const float* x, int heads, int rows, int cols, int sc_prec, int rng_levels);

}  // namespace scmp::sim
