// Error metrics against the float64 exact product.
#include "sim/metrics/error_metrics.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "sim/base/error.hpp"

namespace scmp::sim {

std::vector<double> exact_product(const Tensor& a, const Tensor& b) {
  if (a.rank() != b.rank() || (a.rank() != 2 && a.rank() != 3) || a.dim(-1) != b.dim(-1) ||
      (a.rank() == 3 && a.dim(0) != b.dim(0))) {
    throw InvalidArgument("b.shape", "rank " + std::to_string(b.rank()), "expected shapes (N,D)/(M,D) or (B,N,D)/(B,M,D)");
  }
  using Mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Index B = a.rank() == 3 ? a.dim(0) : 1, N = a.dim(-2), M = b.dim(-2), D = a.dim(-1);
  std::vector<double> out(static_cast<std::size_t>(B * N * M));
  for (Eigen::Index h = 0; h < B; ++h) {
    const Mat A = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
                      a.data.data() + h * N * D, N, D).cast<double>();
    const Mat Bm = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
                       b.data.data() + h * M * D, M, D).cast<double>();
    Eigen::Map<Mat>(out.data() + h * N * M, N, M).noalias() = A * Bm.transpose();
  }
  return out;
}

ErrorMetrics error_metrics(const Tensor& y, const std::vector<double>& ref) {
  if (y.data.size() != ref.size()) {
    throw InvalidArgument("y.size", std::to_string(y.data.size()), "expected " + std::to_string(ref.size()) + " elements (the reference)");
  }
  ErrorMetrics m;
  m.count = ref.size();
  if (m.count == 0) return m;
  double sq = 0, sum = 0, ref_sq = 0, y_sq = 0, dot = 0;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const double yi = y.data[i], d = yi - ref[i];
    sq += d * d;
    sum += d;
    ref_sq += ref[i] * ref[i];
    y_sq += yi * yi;
    dot += yi * ref[i];
    m.max_abs = std::max(m.max_abs, std::fabs(d));
  }
  const double n = static_cast<double>(m.count);
  m.mse = sq / n;
  m.rmse = std::sqrt(m.mse);
  m.bias = sum / n;
  m.ref_rms = std::sqrt(ref_sq / n);
  m.rel_fro = std::sqrt(sq) / std::max(std::sqrt(ref_sq), 1e-12);
  m.cosine = dot / std::max(std::sqrt(y_sq) * std::sqrt(ref_sq), 1e-16);
  return m;
}

ErrorMetrics error_metrics(const Tensor& y, const Tensor& a, const Tensor& b) { return error_metrics(y, exact_product(a, b)); }

}  // namespace scmp::sim
