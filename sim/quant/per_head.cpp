// Per-head batched bipolar quantizer (§5.6).
#include "sim/quant/per_head.hpp"

#include <algorithm>

namespace scmp::sim {

Quantized quantize_per_head_bipolar(const float* x, int heads, int rows, int cols, int sc_prec, int rng_levels) {
  const int q_max = bipolar_q_max(sc_prec);
  const float qm = static_cast<float>(q_max);
  const std::size_t slice = static_cast<std::size_t>(rows) * cols;
  Quantized out;
  out.boundary.resize(slice * heads);
  out.sign.resize(slice * heads);
  out.level.resize(slice * heads);
  out.scale.resize(static_cast<std::size_t>(heads));
  const BoundaryFormula boundary(BoundaryArith::triton, rng_levels, q_max);
  for (int h = 0; h < heads; ++h) {
    const float* xs = x + slice * h;
    float m = 0.0f;
    for (std::size_t i = 0; i < slice; ++i) m = std::max(m, std::fabs(xs[i]));
    m = std::max(m, range_floor_f());
    const float s = m * recip_f(q_max);
    const float inv = 1.0f / s;
    out.scale[static_cast<std::size_t>(h)] = s;
    for (std::size_t i = 0; i < slice; ++i) {
      const float q = std::clamp(rne(xs[i] * inv), -qm, qm);
      const std::size_t o = slice * h + i;
      out.level[o] = q;
      out.sign[o] = q > 0.0f ? 1 : (q < 0.0f ? -1 : 0);
      out.boundary[o] = boundary(std::fabs(q));
    }
  }
  return out;
}

}  // namespace scmp::sim
