// Row classifiers: map a per-row metric (or a weight's per-group range) to level indices (REFERENCE.md
// §7.3–§7.7). Pure functions; ties and rounding are specified so every platform gives the same levels.
#pragma once
#include <string>
#include <vector>

#include "sim/matmul/tensor.hpp"

namespace scmp::mp {

// Quantile split (§7.3): rows sorted by metric descending with a STABLE sort (equal metrics: lower row index
// first, i.e. gets the longer stream; NaN ranks above every number, as in torch.sort). Level i < n−1 takes
// round_half_even(fraction_i · N) rows, clamped to the rows left; the last level takes the rest. Returns the
// level index of every row.
std::vector<int> classify_rows_by_metric(const std::vector<float>& metric, const std::vector<double>& fractions);

// Min-max normalised metric m̂ = (m − min) / (max − min) in fp32, as the reference computes it (a NaN in the
// metric makes min, max and every m̂ NaN, as torch's min/max propagate it; an infinite max or an overflowing
// span gives m̂ = 0 or NaN). Returns false (and leaves `out` empty) when the metric is degenerate:
// max − min < 1e-8 (or no rows).
bool normalise_metric(const std::vector<float>& metric, std::vector<float>& out);

// The adaptive threshold path (§7.5 step 3), band by band as the reference tests them, first match wins:
// level 0 when m̂ ≥ t0; level i (1 ≤ i ≤ n−2) when t_i ≤ m̂ < t_{i−1}; otherwise level n−1 (thresholds in fp32).
// For strictly non-increasing thresholds this is #{k : m̂ < t_k}; for thresholds that rise within the loader's
// 1e-6 tolerance, and for a NaN m̂ (lowest level), it is not. Degenerate metric → every row level 0.
std::vector<int> classify_rows_by_thresholds(const std::vector<float>& metric, const std::vector<double>& thresholds);

// The free-boundary path (§7.6): boundaries sorted descending, level = #{k : m̂ < b_k} (strict: a metric equal
// to a boundary goes to the higher-precision level; a NaN m̂ gets level 0). Degenerate metric → level 0.
std::vector<int> classify_rows_by_boundaries(const std::vector<float>& metric, std::vector<double> boundaries);

// Bucket of value in 0..total−1 split into nb buckets (§7.4): 0 if nb ≤ 1 or total ≤ 1, else
// min(nb−1, ⌊value / max(total−1, 1) · nb⌋).
int bucket_index(int value, int total, int nb);

// Range classification of a weight's output rows (§7.7, §12 bug 27 fixed). group_size 1 = one group per row;
// ≤ 0 or ≥ rows = one group; otherwise it must divide rows (InvalidArgument naming `field`.group_size —
// groups never straddle rows). Per group r = max − min over its rows; r̂ = (r − min r)/(max r − min r + 1e-8)
// in fp32; boundaries b_k = thr·(n−1−k)/(n−1) (thr = min(threshold, 0.95)); level = #{k : r̂ < b_k}.
// Degenerate (one group, or every group range exactly equal): every group level 0 — the highest precision, the
// same rule as the adaptive classifiers (the reference gave the lowest). Ranges that differ at all, however
// little, follow the formula as in the reference. Returns one level per ROW of the weight.
std::vector<int> classify_groups_by_range(const sim::Tensor& weight, int group_size, double threshold, int n_levels,
                                          const std::string& field = "range");

}  // namespace scmp::mp
