// Triton's fp32 division on NVIDIA GPUs, reproduced bit for bit on any CPU.
//
// The reference library divides inside Triton kernels (σ = q_max² ÷ꜰ L; the fused per-row quantizer's
// m ÷ꜰ q_max and 1 ÷ꜰ s; G ÷ꜰ q_max). Triton lowers fp32 `/` to PTX `div.full.f32`, which on sm_80/sm_90 is
//   - the divisor scaled into range (|b| > 2^126: ×1/4; |b| < 2^-126: ×2^24),
//   - MUFU.RCP (= `rcp.approx.f32`, the special-function unit's reciprocal, ≤ 1 ulp, NOT correctly rounded),
//   - one rounded product a ⊗ rcp(b'), then the same power-of-two scale on the quotient.
// MUFU.RCP's result for a normal input depends only on the 23 mantissa bits (the exponent is negated exactly),
// so the whole unit is one table over 2^23 mantissas. It is stored as its difference from the correctly
// rounded reciprocal RN(1/m) (−1, 0 or +1 ulp; non-zero for ~13 % of mantissas), run-length coded in
// sim/arith/rcp_approx_f32.bin (generated and proven exhaustively on the GPU by tools/triton_div/).
#pragma once
#include <vector>

namespace scmp::sim {

// PTX rcp.approx.f32 (MUFU.RCP, denormals not flushed), bit-exact for every fp32 input.
float rcp_approx(float x);

// PTX div.full.f32 — Triton's fp32 `a / b` — bit-exact for every pair of fp32 inputs.
float div_full(float a, float b);

// The table's difference from RN(1/m) at mantissa index i ∈ [0, 2^23) (for tests and the generator's check).
int rcp_approx_delta(unsigned mantissa);

// Every σ division the model can perform, f(q_max²) ÷ꜰ f(L) for sc_prec p = 2..16, the bipolar and the unipolar
// q_max and L = 1..2^p: the dividends appended to a, the divisors to b (what the GPU checks prove div_full on).
void append_sigma_divisions(std::vector<float>& a, std::vector<float>& b);

}  // namespace scmp::sim
