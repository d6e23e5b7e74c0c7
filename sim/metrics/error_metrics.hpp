// Accuracy of an SC result against the exact product (REFERENCE.md §9 metrics, computed in float64).
#pragma once
#include <cstddef>
#include <vector>

#include "sim/base/tensor.hpp"

namespace scmp::sim {

// Contract: d = y − ref elementwise in float64 over all elements (batched outputs included).
// mse = mean(d²), rmse = √mse, max_abs = max|d|, rel_fro = ‖d‖_F / max(‖ref‖_F, 1e-12),
// cosine = ⟨y, ref⟩ / max(‖y‖·‖ref‖, 1e-8²) (PyTorch cosine_similarity's eps), bias = mean(d),
// ref_rms = √mean(ref²). Shape mismatches throw InvalidArgument.
struct ErrorMetrics {
  double mse = 0.0;
  double rmse = 0.0;
  double max_abs = 0.0;
  double rel_fro = 0.0;
  double cosine = 0.0;
  double bias = 0.0;
  double ref_rms = 0.0;
  std::size_t count = 0;
};

// The exact a @ bᵀ in float64 (Eigen), 2-D (N×M) or batched 3-D (B×N×M), returned as doubles.
std::vector<double> exact_product(const Tensor& a, const Tensor& b);

// y against the exact product of (a, b).
ErrorMetrics error_metrics(const Tensor& y, const Tensor& a, const Tensor& b);
// y against a given reference (same element count).
ErrorMetrics error_metrics(const Tensor& y, const std::vector<double>& ref);

}  // namespace scmp::sim
