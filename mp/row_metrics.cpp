// Per-row metrics for mixed precision.
#include "mp/row_metrics.hpp"

#include <cmath>

#include "mp/mp_config.hpp"
#include "sim/error.hpp"

namespace scmp::mp {

std::vector<float> row_abs_max(const sim::Tensor& t) {
  if (t.rank() != 2 && t.rank() != 3) {
    throw sim::InvalidArgument("operand", "rank " + sim::to_text(t.rank()), "expected a 2-D or 3-D tensor");
  }
  const std::int64_t cols = t.dim(-1);
  const std::int64_t rows = cols == 0 ? 0 : t.numel() / cols;
  if (static_cast<std::int64_t>(t.data.size()) != t.numel()) {
    throw sim::InvalidArgument("operand.data", sim::to_text(t.data.size()) + " values",
                               "expected " + sim::to_text(t.numel()) + " (the product of the shape)");
  }
  std::vector<float> out(static_cast<std::size_t>(t.rank() == 2 ? t.dim(0) : t.dim(0) * t.dim(1)), 0.0f);
  for (std::int64_t r = 0; r < rows; ++r) {
    float m = 0.0f;
    for (std::int64_t d = 0; d < cols; ++d) m = std::fmax(m, std::fabs(t.data[static_cast<std::size_t>(r * cols + d)]));
    out[static_cast<std::size_t>(r)] = m;
  }
  return out;
}

std::vector<float> row_metric(const std::string& name, const sim::Tensor& operand) {
  if (!is_row_metric_name(name)) {
    throw sim::InvalidArgument("metric", name, "expected x_row_max, q_row_max or attn_row_max");
  }
  return row_abs_max(operand);
}

}  // namespace scmp::mp
