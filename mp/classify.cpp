// Row classifiers of the mixed-precision policies.
#include "mp/classify.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string>

#include "mp/levels.hpp"
#include "sim/error.hpp"

namespace scmp::mp {

using sim::InvalidArgument;
using sim::to_text;

std::vector<int> classify_rows_by_metric(const std::vector<float>& metric, const std::vector<double>& fractions) {
  const long long n = static_cast<long long>(metric.size());
  if (fractions.empty()) throw InvalidArgument("fractions", "[]", "expected at least one level");
  std::vector<int> order(metric.size());
  std::iota(order.begin(), order.end(), 0);
  // Descending, NaN first (torch.sort ranks NaN above +inf); a strict weak order even with NaN.
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
    const float mx = metric[static_cast<std::size_t>(x)], my = metric[static_cast<std::size_t>(y)];
    if (std::isnan(mx)) return !std::isnan(my);
    if (std::isnan(my)) return false;
    return mx > my;
  });
  std::vector<int> level(metric.size(), 0);
  long long offset = 0;
  const std::size_t last = fractions.size() - 1;
  for (std::size_t i = 0; i < fractions.size(); ++i) {
    long long count = i < last ? round_half_even(fractions[i] * static_cast<double>(n)) : n - offset;
    count = std::clamp(count, 0LL, n - offset);
    for (long long j = offset; j < offset + count; ++j) level[order[static_cast<std::size_t>(j)]] = static_cast<int>(i);
    offset += count;
  }
  return level;
}

bool normalise_metric(const std::vector<float>& metric, std::vector<float>& out) {
  out.clear();
  if (metric.empty()) return false;
  float lo = metric[0], hi = metric[0];
  for (float v : metric) {   // torch.min/max: a NaN anywhere is the result
    if (std::isnan(v) || std::isnan(lo)) {
      lo = hi = std::nanf("");
      break;
    }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const float span = hi - lo;
  if (static_cast<double>(span) < 1e-8) return false;   // false for a NaN or infinite span
  out.resize(metric.size());
  for (std::size_t i = 0; i < metric.size(); ++i) out[i] = (metric[i] - lo) / span;
  return true;
}

std::vector<int> classify_rows_by_thresholds(const std::vector<float>& metric, const std::vector<double>& thresholds) {
  std::vector<float> m;
  std::vector<int> level(metric.size(), 0);
  if (!normalise_metric(metric, m)) return level;
  const std::vector<float> t(thresholds.begin(), thresholds.end());   // compared in fp32, as the reference does
  const int n = static_cast<int>(t.size()) + 1;
  for (std::size_t r = 0; r < m.size(); ++r) {
    int l = n - 1;
    if (n >= 2 && m[r] >= t[0]) {
      l = 0;
    } else {
      for (int i = 1; i <= n - 2; ++i) {
        if (t[static_cast<std::size_t>(i)] <= m[r] && m[r] < t[static_cast<std::size_t>(i - 1)]) {
          l = i;
          break;
        }
      }
    }
    level[r] = l;
  }
  return level;
}

std::vector<int> classify_rows_by_boundaries(const std::vector<float>& metric, std::vector<double> boundaries) {
  std::vector<float> m;
  std::vector<int> level(metric.size(), 0);
  if (!normalise_metric(metric, m)) return level;
  std::sort(boundaries.begin(), boundaries.end(), std::greater<>());
  const std::vector<float> b(boundaries.begin(), boundaries.end());
  for (std::size_t r = 0; r < m.size(); ++r) {
    int l = 0;
    for (float bk : b) l += m[r] < bk ? 1 : 0;
    level[r] = l;
  }
  return level;
}

int bucket_index(int value, int total, int nb) {
  if (nb <= 1 || total <= 1) return 0;
  const double x = static_cast<double>(value) / static_cast<double>(std::max(total - 1, 1)) * static_cast<double>(nb);
  return static_cast<int>(std::min(static_cast<double>(nb - 1), x));   // clamped before the cast (no overflow)
}

std::vector<int> classify_groups_by_range(const sim::Tensor& weight, int group_size, double threshold, int n_levels,
                                          const std::string& field) {
  if (weight.rank() != 2) {
    throw InvalidArgument(field + ".weight", "rank " + to_text(weight.rank()), "expected a 2-D weight (out × in)");
  }
  if (n_levels < 2) throw InvalidArgument(field + ".levels", to_text(n_levels), "expected at least 2 levels");
  const std::int64_t rows = weight.dim(0), cols = weight.dim(1);
  std::int64_t gs = group_size;
  if (group_size <= 0 || group_size >= rows) gs = rows;
  if (rows > 0 && rows % gs != 0) {
    throw InvalidArgument(field + ".group_size", to_text(group_size),
                          "expected a divisor of the weight's " + to_text(rows) +
                              " output rows (1 = per row, ≤ 0 = one group); groups never straddle rows");
  }
  const std::int64_t groups = rows == 0 ? 0 : rows / gs;
  std::vector<float> range(static_cast<std::size_t>(groups), 0.0f);
  for (std::int64_t g = 0; g < groups; ++g) {
    const float* p = weight.data.data() + g * gs * cols;
    const std::int64_t count = gs * cols;
    if (count == 0) continue;
    const auto [lo, hi] = std::minmax_element(p, p + count);
    range[static_cast<std::size_t>(g)] = *hi - *lo;
  }
  std::vector<int> row_level(static_cast<std::size_t>(rows), 0);
  if (groups <= 1) return row_level;
  const auto [rlo_it, rhi_it] = std::minmax_element(range.begin(), range.end());
  const float rlo = *rlo_it, rhi = *rhi_it;
  if (rhi == rlo) return row_level;   // exactly equal only: the reference has no tolerance here
  const float denom = (rhi - rlo) + static_cast<float>(1e-8);
  const double thr = std::min(threshold, 0.95);
  std::vector<float> b(static_cast<std::size_t>(n_levels - 1));
  for (int k = 0; k < n_levels - 1; ++k) {
    b[static_cast<std::size_t>(k)] = static_cast<float>(thr * (n_levels - 1 - k) / (n_levels - 1));
  }
  for (std::int64_t g = 0; g < groups; ++g) {
    const float r = (range[static_cast<std::size_t>(g)] - rlo) / denom;
    int l = 0;
    for (float bk : b) l += r < bk ? 1 : 0;
    for (std::int64_t i = g * gs; i < (g + 1) * gs; ++i) row_level[static_cast<std::size_t>(i)] = l;
  }
  return row_level;
}

}  // namespace scmp::mp
