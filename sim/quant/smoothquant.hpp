// SmoothQuant (REFERENCE.md §5.7): migrate activation outliers into the weights with per-channel scales s,
// (a, b) → (a ÷ s, b ⊗ s), which leaves a @ bᵀ unchanged in exact arithmetic.
#pragma once
#include <optional>
#include <vector>

#include "sim/matmul/tensor.hpp"

namespace scmp::sim {

// Contract: every function validates like the reference (its ValueErrors are InvalidArgument here, naming the
// parameter and value) and computes in fp32 in the reference's order.

// Per last-dim channel: max over all leading dims of |x|; with `running`, the elementwise max with it.
std::vector<float> accumulate_act_scales(const Tensor& x, const std::optional<std::vector<float>>& running = {});

// a = max(act, eps); w = max(max_m |W[m,:]|, eps); s = max(a^alpha ÷ w^(1−alpha), eps).
// Errors: alpha ∉ [0,1]; empty act_scales; weight not 2-D; D mismatch.
std::vector<float> compute_smooth_scales(const std::vector<float>& act_scales, const Tensor& weight,
                                         double alpha = 0.5, double eps = 1e-5);

// Returns (a ÷ s, b ⊗ s) broadcast along the last axis. Errors: last dim of a or b ≠ len(s).
std::pair<Tensor, Tensor> apply_smoothing(const Tensor& a, const Tensor& b, const std::vector<float>& s);

// W ⊗ s (offline weight folding).
Tensor apply_smoothing_offline(const Tensor& w, const std::vector<float>& s);

}  // namespace scmp::sim
