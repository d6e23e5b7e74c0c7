// Flat per-tensor quantizers (§5.4, §5.5).
#include "sim/quant/per_tensor.hpp"

#include <algorithm>

namespace scmp::sim {

Quantized quantize_per_tensor_bipolar(const float* x, std::size_t count, double abs_max, int sc_prec, int rng_levels) {
  const int q_max = bipolar_q_max(sc_prec);
  const float qm = static_cast<float>(q_max);
  const double A = std::max(abs_max, 1e-5);
  const double scale = A / q_max;
  const float inv = static_cast<float>(1.0 / scale);
  Quantized out;
  out.boundary.resize(count);
  out.sign.resize(count);
  out.level.resize(count);
  out.scale = {static_cast<float>(scale)};
  out.scale_d = scale;
  const BoundaryFormula boundary(BoundaryArith::triton, rng_levels, q_max);
  for (std::size_t i = 0; i < count; ++i) {
    const float q = std::clamp(rne(x[i] * inv), -qm, qm);
    out.level[i] = q;
    out.sign[i] = q > 0.0f ? 1 : (q < 0.0f ? -1 : 0);
    out.boundary[i] = boundary(std::fabs(q));
  }
  return out;
}

Quantized quantize_per_tensor_unipolar(const float* x, std::size_t rows, int cols, double fmax, double fmin,
                                       int sc_prec, int rng_levels) {
  const int q_max = unipolar_q_max(sc_prec);
  const float qm = static_cast<float>(q_max);
  const double R = std::max(fmax - fmin, 1e-5);
  const double scale = R / q_max;
  const double inv = 1.0 / scale;
  const double zp = std::clamp(std::nearbyint(-fmin / scale), 0.0, static_cast<double>(q_max));  // Python round()
  const float inv_f = static_cast<float>(inv);
  const float zp_f = static_cast<float>(zp);
  Quantized out;
  const std::size_t n = rows * static_cast<std::size_t>(cols);
  out.boundary.resize(n);
  out.level.resize(n);
  out.row_sum.resize(rows);
  out.scale = {static_cast<float>(scale)};
  out.zero_point = {zp_f};
  out.scale_d = scale;
  out.zero_point_d = zp;
  const BoundaryFormula boundary(BoundaryArith::triton, rng_levels, q_max);
  for (std::size_t r = 0; r < rows; ++r) {
    std::int64_t sum = 0;
    for (int c = 0; c < cols; ++c) {
      const std::size_t i = r * cols + c;
      const float q = std::clamp(rne(std::fma(x[i], inv_f, zp_f)), 0.0f, qm);
      out.level[i] = q;
      out.boundary[i] = boundary(q);
      sum += static_cast<std::int64_t>(q);
    }
    out.row_sum[r] = static_cast<float>(sum);
  }
  return out;
}

}  // namespace scmp::sim
