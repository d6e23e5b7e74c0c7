// Per-row metrics for mixed precision.
#include "mp/row_metrics.hpp"

#include <cmath>
#include <limits>

#include "sim/error.hpp"

namespace scmp::mp {

namespace {

// Applies `reduce` over each row (2-D or 3-D), starting from `init`; a row with no columns keeps 0.
template <class Reduce>
std::vector<float> per_row(const sim::Tensor& t, float init, Reduce reduce) {
  if (t.rank() != 2 && t.rank() != 3) {
    throw sim::InvalidArgument("operand", "rank " + sim::to_text(t.rank()), "expected a 2-D or 3-D tensor");
  }
  if (static_cast<std::int64_t>(t.data.size()) != t.numel()) {
    throw sim::InvalidArgument("operand.data", sim::to_text(t.data.size()) + " values",
                               "expected " + sim::to_text(t.numel()) + " (the product of the shape)");
  }
  const std::int64_t cols = t.dim(-1);
  const std::int64_t rows = t.rank() == 2 ? t.dim(0) : t.dim(0) * t.dim(1);
  std::vector<float> out(static_cast<std::size_t>(rows), 0.0f);
  if (cols == 0) return out;
  for (std::int64_t r = 0; r < rows; ++r) {
    float m = init;
    for (std::int64_t d = 0; d < cols; ++d) m = reduce(m, t.data[static_cast<std::size_t>(r * cols + d)]);
    out[static_cast<std::size_t>(r)] = m;
  }
  return out;
}

}  // namespace

std::vector<float> row_abs_max(const sim::Tensor& t) {
  return per_row(t, 0.0f, [](float m, float v) { return std::fmax(m, std::fabs(v)); });
}

std::vector<float> row_max(const sim::Tensor& t) {
  return per_row(t, -std::numeric_limits<float>::infinity(), [](float m, float v) { return std::fmax(m, v); });
}

std::vector<float> row_metric(const std::string& name, const sim::Tensor& operand) {
  if (name == "x_row_max" || name == "q_row_max") return row_abs_max(operand);
  if (name == "attn_row_max") return row_max(operand);
  throw sim::InvalidArgument("metric", name, "expected x_row_max, q_row_max or attn_row_max");
}

}  // namespace scmp::mp
