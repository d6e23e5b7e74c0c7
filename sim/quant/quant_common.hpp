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
// - Division semantics (§0): ÷ᵢ (IEEE), ÷ᴿ (x ⊗ f(1/c)) and Triton's ÷ꜰ (PTX div.full.f32, emulated bit for
//   bit by sim/arith/triton_div.hpp) are each reproduced exactly where the reference uses them.

inline int bipolar_q_max(int sc_prec) { return (1 << (sc_prec - 1)) - 1; }
inline int unipolar_q_max(int sc_prec) { return (1 << sc_prec) - 1; }

// rne: round half to even to an integer-valued float (default rounding mode, as torch.round / cvt.rni).
inline float rne(float x) { return std::nearbyint(x); }

// f(1/c): the correctly rounded fp32 of 1/c (PyTorch's tensor ÷ Python number, ÷ᴿ).
inline float recip_f(int c) { return static_cast<float>(1.0 / static_cast<double>(c)); }

// The reference's lower floor of every range/abs-max: f(1e-5).
inline float range_floor_f() { return static_cast<float>(1e-5); }

// boundary = round(|q|·G/q_max) as an exact integer. q_max is odd, so the quotient is never a half-integer; the
// reference's fp32 evaluations (BoundaryFormula) agree with it while G·q_max is small (sc_prec ≤ 11), not beyond.
// Used where scmp defines the boundary itself (the xnor bipolar stream).
inline std::uint16_t boundary_of(int abs_level, int rng_levels, int q_max) {
  const std::int64_t num = 2 * static_cast<std::int64_t>(abs_level) * rng_levels + q_max;
  return static_cast<std::uint16_t>(num / (2 * static_cast<std::int64_t>(q_max)));
}

// How a reference path evaluates boundary = rne(|q|·G/q_max) in fp32 (§5): at sc_prec ≥ 12 the three
// evaluations round differently from each other and from boundary_of, so each quantizer uses its path's own.
enum class BoundaryArith {
  recip,         // §5.1, §5.2 (PyTorch): rne((|q| ⊗ f(G)) ⊗ f(1/q_max))
  double_ratio,  // §5.3 (PyTorch, 3-D per_row): rne(|q| ⊗ f(G/q_max computed in double))
  triton,        // §5.4, §5.6 (Triton): rne(|q| ⊗ (f(G) ÷ꜰ f(q_max)))
};

class BoundaryFormula {
 public:
  BoundaryFormula(BoundaryArith arith, int rng_levels, int q_max);
  std::uint16_t operator()(float abs_level) const {
    const float v = m_two_step ? (abs_level * m_levels) * m_factor : abs_level * m_factor;
    return static_cast<std::uint16_t>(rne(v));
  }
  // The fp32 constants, for kernels that evaluate the same formula: v = two_step ? (|q| ⊗ levels) ⊗ factor
  // : |q| ⊗ factor.
  bool two_step() const { return m_two_step; }
  float levels() const { return m_levels; }
  float factor() const { return m_factor; }

 private:
  bool m_two_step;
  float m_levels;
  float m_factor;
};

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
