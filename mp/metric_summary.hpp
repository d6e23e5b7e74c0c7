// Distribution summary of one operator's row metric (replaces the reference's process-global MetricProfiler,
// §7.8): a plain struct the experiments layer writes to HDF5.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace scmp::mp {

struct MetricSummary {
  std::string op;
  std::int64_t n = 0;
  double mean = 0, std = 0;     // std: unbiased (n − 1); 0 for n ≤ 1
  double min = 0, max = 0;
  double q25 = 0, q75 = 0, q95 = 0, q99 = 0;   // linear interpolation between order statistics
};

// Linear-interpolation quantile of sorted values (numpy's default): pos = q·(n−1).
double quantile_sorted(const std::vector<double>& sorted, double q);
MetricSummary summarize_metric(const std::string& op, const std::vector<float>& metric);

}  // namespace scmp::mp
