// Shared arithmetic of every quantizer (REFERENCE.md §0, §5): level ranges, IEEE fp32 helpers, the exact
// integer boundary formula, and the quantized-operand record they all fill.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

namespace scmp::sim {

// Contract:
// - Levels are integers stored as float (as the reference keeps them). Boundaries lie in 0..G.
// - All fp32 chains are written in the reference's order with one rounding per operation; this library is
//   compiled with -ffp-contract=off so no multiply-add is fused unless std::fma is written explicitly.
// - Division semantics (§0): ÷ᵢ and ÷ᴿ are reproduced exactly. Triton's div.full (÷ꜰ, used by the fused
//   per-row quantizer of the chunk_d path and by σ = q_max²/L) has no exact CPU equivalent; the CPU uses
//   IEEE division there. The golden cases are the evidence of whether any level flips (see sc_matmul.cpp).

inline int bipolar_q_max(int sc_prec) { return (1 << (sc_prec - 1)) - 1; }
inline int unipolar_q_max(int sc_prec) { return (1 << sc_prec) - 1; }

// rne: round half to even to an integer-valued float (default rounding mode, as torch.round / cvt.rni).
inline float rne(float x) { return std::nearbyint(x); }

// f(1/c): the correctly rounded fp32 of 1/c (PyTorch's tensor ÷ Python number, ÷ᴿ).
inline float recip_f(int c) { return static_cast<float>(1.0 / static_cast<double>(c)); }

// The reference's lower floor of every range/abs-max: f(1e-5).
inline float range_floor_f() { return static_cast<float>(1e-5); }

// boundary = round(|q|·G/q_max). q_max is odd, so the quotient is never a half-integer and every float path of
// the reference yields this exact integer.
inline std::uint16_t boundary_of(int abs_level, int rng_levels, int q_max) {
  const std::int64_t num = 2 * static_cast<std::int64_t>(abs_level) * rng_levels + q_max;
  return static_cast<std::uint16_t>(num / (2 * static_cast<std::int64_t>(q_max)));
}

// One quantized operand (rows × cols, row-major, possibly several slices). Fields a quantizer does not
// produce stay empty.
struct Quantized {
  std::vector<std::uint16_t> boundary;  // 0..G per element
  std::vector<std::int8_t> sign;        // bipolar: −1/0/+1 per element
  std::vector<float> level;             // integer levels q
  std::vector<float> scale;             // fp32 scale per row, per head, or one value
  std::vector<float> zero_point;        // unipolar: per row (grouped) or one value (per_tensor)
  std::vector<float> row_sum;           // unipolar: Σ_d q per row (exact integers)
  double scale_d = 0.0;                 // per_tensor: the host's double scale
  double zero_point_d = 0.0;            // per_tensor unipolar: the host's zero point (integer-valued)
};

// Throws InvalidArgument("group", …) unless group > 0. Groups: rows // group full groups of `group`
// consecutive rows, then one trailing group with the rest; group ≥ rows ⇒ one group.
int checked_group_count(int rows, int group);

}  // namespace scmp::sim
