// Row classifiers: map a per-row metric (or a weight's per-group range) to level indices (REFERENCE.md
// §7.3–§7.7). Pure functions; ties and rounding are specified so every platform gives the same levels.
#pragma once
#include <string>
#include <vector>

#include "sim/matmul/tensor.hpp"

namespace scmp::mp {

// Quantile split (§7.3): rows sorted by metric descending with a STABLE sort (equal metrics: lower row index
// first, i.e. gets the longer stream). Level i < n−1 takes round_half_even(fraction_i · N) rows, clamped to
// the rows left; the last level takes the rest. Returns the level index of every row.
std::vector<int> classify_rows_by_metric(const std::vector<float>& metric, const std::vector<double>& fractions);

// Min-max normalised metric m̂ = (m − min) / (max − min) in fp32, as the reference computes it. Returns false
// (and leaves `out` empty) when the metric is degenerate: max − min < 1e-8 (or no rows).
bool normalise_metric(const std::vector<float>& metric, std::vector<float>& out);

// level(r) = #{k : m̂[r] < fp32(thresholds[k])} for non-increasing thresholds (a metric equal to a threshold
// goes to the higher-precision level). Degenerate metric → every row level 0 (§7.5, §7.6).
std::vector<int> classify_rows_by_thresholds(const std::vector<float>& metric, const std::vector<double>& thresholds);

// Bucket of value in 0..total−1 split into nb buckets (§7.4): 0 if nb ≤ 1 or total ≤ 1, else
// min(nb−1, ⌊value / max(total−1, 1) · nb⌋).
int bucket_index(int value, int total, int nb);

// Range classification of a weight's output rows (§7.7, §12 bug 27 fixed). group_size 1 = one group per row;
// ≤ 0 or ≥ rows = one group; otherwise it must divide rows (InvalidArgument naming `field`.group_size —
// groups never straddle rows). Per group r = max − min over its rows; r̂ = (r − min r)/(max r − min r + 1e-8)
// in fp32; boundaries b_k = thr·(n−1−k)/(n−1) (thr = min(threshold, 0.95)); level = #{k : r̂ < b_k}.
// Degenerate (one group, or max r − min r < 1e-8): every group level 0 — the highest precision, the same rule
// as the adaptive classifiers (the reference gave the lowest). Returns one level per ROW of the weight.
std::vector<int> classify_groups_by_range(const sim::Tensor& weight, int group_size, double threshold, int n_levels,
                                          const std::string& field = "range");

}  // namespace scmp::mp
