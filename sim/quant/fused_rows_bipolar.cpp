// Fused per-row bipolar quantizer (§5.4).
#include "sim/quant/fused_rows_bipolar.hpp"

#include <algorithm>

#include "sim/arith/triton_div.hpp"

namespace scmp::sim {

Quantized quantize_fused_rows_bipolar(const float* x, int rows, int cols, std::size_t ld, int sc_prec,
                                      int rng_levels) {
  const int q_max = bipolar_q_max(sc_prec);
  const float qm = static_cast<float>(q_max);
  Quantized out;
  const std::size_t n = static_cast<std::size_t>(rows) * cols;
  out.boundary.resize(n);
  out.sign.resize(n);
  out.level.resize(n);
  out.scale.resize(static_cast<std::size_t>(rows));
  const BoundaryFormula boundary(BoundaryArith::triton, rng_levels, q_max);
  for (int r = 0; r < rows; ++r) {
    const float* xr = x + ld * static_cast<std::size_t>(r);
    float m = 0.0f;
    for (int c = 0; c < cols; ++c) m = std::max(m, std::fabs(xr[c]));
    m = std::max(m, range_floor_f());
    const float scale = div_full(m, qm);
    const float inv = div_full(1.0f, scale);
    out.scale[static_cast<std::size_t>(r)] = scale;
    for (int c = 0; c < cols; ++c) {
      const std::size_t i = static_cast<std::size_t>(r) * cols + c;
      const float q = std::clamp(rne(xr[c] * inv), -qm, qm);
      out.level[i] = q;
      out.sign[i] = q > 0.0f ? 1 : (q < 0.0f ? -1 : 0);
      out.boundary[i] = boundary(std::fabs(q));
    }
  }
  return out;
}

}  // namespace scmp::sim
