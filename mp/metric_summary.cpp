// Row-metric distribution summaries.
#include "mp/metric_summary.hpp"

#include <algorithm>
#include <cmath>

#include "sim/error.hpp"

namespace scmp::mp {

double quantile_sorted(const std::vector<double>& s, double q) {
  if (s.empty()) return 0.0;
  if (!(q >= 0.0 && q <= 1.0)) throw sim::InvalidArgument("quantile", sim::to_text(q), "expected 0..1");
  const double pos = q * static_cast<double>(s.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, s.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return s[lo] + (s[hi] - s[lo]) * frac;
}

MetricSummary summarize_metric(const std::string& op, const std::vector<float>& metric) {
  MetricSummary m;
  m.op = op;
  m.n = static_cast<std::int64_t>(metric.size());
  if (metric.empty()) return m;
  std::vector<double> s(metric.begin(), metric.end());
  std::sort(s.begin(), s.end());
  double sum = 0;
  for (double v : s) sum += v;
  m.mean = sum / static_cast<double>(s.size());
  double ss = 0;
  for (double v : s) ss += (v - m.mean) * (v - m.mean);
  m.std = s.size() > 1 ? std::sqrt(ss / static_cast<double>(s.size() - 1)) : 0.0;
  m.min = s.front();
  m.max = s.back();
  m.q25 = quantile_sorted(s, 0.25);
  m.q75 = quantile_sorted(s, 0.75);
  m.q95 = quantile_sorted(s, 0.95);
  m.q99 = quantile_sorted(s, 0.99);
  return m;
}

}  // namespace scmp::mp
