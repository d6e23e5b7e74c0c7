// Grouped symmetric quantizer (§5.1, §5.3).
#include "sim/quant/grouped_bipolar.hpp"

#include <algorithm>

namespace scmp::sim {

namespace {
void quantize_slice(const float* x, int rows, int cols, int group, int q_max, const BoundaryFormula& boundary,
                    Quantized& out, std::size_t offset, std::size_t row_offset) {
  const int groups = checked_group_count(rows, group);
  const int per = group >= rows ? rows : group;
  const float inv_q = recip_f(q_max);
  const float qm = static_cast<float>(q_max);
  for (int g = 0; g < groups; ++g) {
    const int r0 = g * per;
    const int r1 = g == groups - 1 ? rows : r0 + per;
    float m = 0.0f;
    for (std::size_t i = static_cast<std::size_t>(r0) * cols; i < static_cast<std::size_t>(r1) * cols; ++i) {
      m = std::max(m, std::fabs(x[i]));
    }
    m = std::max(m, range_floor_f());
    const float scale = m * inv_q;
    for (int r = r0; r < r1; ++r) {
      out.scale[row_offset + static_cast<std::size_t>(r)] = scale;
      for (int c = 0; c < cols; ++c) {
        const std::size_t i = static_cast<std::size_t>(r) * cols + c;
        const float q = std::clamp(rne(x[i] / scale), -qm, qm);
        out.level[offset + i] = q;
        out.sign[offset + i] = q >= 0.0f ? 1 : -1;
        out.boundary[offset + i] = boundary(std::fabs(q));
      }
    }
  }
}
}  // namespace

Quantized quantize_grouped_bipolar_batched(const float* x, int batch, int rows, int cols, int group, int sc_prec,
                                           int rng_levels, BoundaryArith arith) {
  checked_group_count(rows, group);
  const std::size_t slice = static_cast<std::size_t>(rows) * cols;
  const std::size_t n = slice * static_cast<std::size_t>(batch);
  Quantized out;
  out.boundary.resize(n);
  out.sign.resize(n);
  out.level.resize(n);
  out.scale.resize(static_cast<std::size_t>(batch) * rows);
  const BoundaryFormula boundary(arith, rng_levels, bipolar_q_max(sc_prec));
  for (int h = 0; h < batch; ++h) {
    quantize_slice(x + slice * h, rows, cols, group, bipolar_q_max(sc_prec), boundary, out, slice * h,
                   static_cast<std::size_t>(h) * rows);
  }
  return out;
}

Quantized quantize_grouped_bipolar(const float* x, int rows, int cols, int group, int sc_prec, int rng_levels) {
  return quantize_grouped_bipolar_batched(x, 1, rows, cols, group, sc_prec, rng_levels, BoundaryArith::recip);
}

}  // namespace scmp::sim
