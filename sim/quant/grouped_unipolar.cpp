// Grouped asymmetric quantizer (§5.2).
#include "sim/quant/grouped_unipolar.hpp"

#include <algorithm>

namespace scmp::sim {

Quantized quantize_grouped_unipolar(const float* x, int batch, int rows, int cols, int group, int sc_prec,
                                    int rng_levels) {
  const int groups = checked_group_count(rows, group);
  const int per = group >= rows ? rows : group;
  const int q_max = unipolar_q_max(sc_prec);
  const float qm = static_cast<float>(q_max);
  const float inv_q = recip_f(q_max);
  const std::size_t slice = static_cast<std::size_t>(rows) * cols;
  Quantized out;
  out.boundary.resize(slice * batch);
  out.level.resize(slice * batch);
  out.scale.resize(static_cast<std::size_t>(batch) * rows);
  out.zero_point.resize(static_cast<std::size_t>(batch) * rows);
  out.row_sum.resize(static_cast<std::size_t>(batch) * rows);
  const BoundaryFormula boundary(BoundaryArith::recip, rng_levels, q_max);
  for (int h = 0; h < batch; ++h) {
    const float* xs = x + slice * h;
    for (int g = 0; g < groups; ++g) {
      const int r0 = g * per;
      const int r1 = g == groups - 1 ? rows : r0 + per;
      float mx = xs[static_cast<std::size_t>(r0) * cols];
      float mn = mx;
      for (std::size_t i = static_cast<std::size_t>(r0) * cols; i < static_cast<std::size_t>(r1) * cols; ++i) {
        mx = std::max(mx, xs[i]);
        mn = std::min(mn, xs[i]);
      }
      const float r = std::max(mx - mn, range_floor_f());
      const float scale = r * inv_q;
      const float zp = std::clamp(rne(-mn / scale), 0.0f, qm);
      for (int row = r0; row < r1; ++row) {
        const std::size_t ri = static_cast<std::size_t>(h) * rows + row;
        out.scale[ri] = scale;
        out.zero_point[ri] = zp;
        std::int64_t sum = 0;
        for (int c = 0; c < cols; ++c) {
          const std::size_t i = static_cast<std::size_t>(row) * cols + c;
          const float q = std::clamp(rne(xs[i] / scale + zp), 0.0f, qm);
          out.level[slice * h + i] = q;
          out.boundary[slice * h + i] = boundary(q);
          sum += static_cast<std::int64_t>(q);
        }
        out.row_sum[ri] = static_cast<float>(sum);  // exact while < 2^24, like the reference's fp32 sum
      }
    }
  }
  return out;
}

}  // namespace scmp::sim
