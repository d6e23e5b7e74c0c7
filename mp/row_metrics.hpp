// Per-row metrics that rank rows for mixed precision (REFERENCE.md §7.1 names them; the caller computes them):
//   x_row_max    on a linear layer's input x:           max_d |x[r, d]|   (the row's quantization range)
//   q_row_max    on attention's queries q (qk's a):     max_d |q[r, d]|
//   attn_row_max on attention probabilities (av's a):   max_d attn[r, d]  (the peak probability: how focused
//                the row is; signed max, so it equals |·| max on probabilities ≥ 0 but not on signed data)
#pragma once
#include <string>
#include <vector>

#include "sim/matmul/tensor.hpp"

namespace scmp::mp {

// max_d |t[r, d]| for every row r of a 2-D (N×D) or 3-D (B×N×D, rows = B·N in order) tensor; fp32, exact.
std::vector<float> row_abs_max(const sim::Tensor& t);
// max_d t[r, d] (signed) for every row, same layout; an empty row gives 0.
std::vector<float> row_max(const sim::Tensor& t);

// The metric named `name` on the operand it is defined for (see above; the caller passes that operand, a of
// the operator). InvalidArgument("metric", name, …) if unknown.
std::vector<float> row_metric(const std::string& name, const sim::Tensor& operand);

}  // namespace scmp::mp
