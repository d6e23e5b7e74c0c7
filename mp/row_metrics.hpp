// Per-row metrics that rank rows for mixed precision: the largest magnitude in each row of an operand
// (x_row_max on a linear's input, q_row_max on attention's q, attn_row_max on attention probabilities).
#pragma once
#include <string>
#include <vector>

#include "sim/matmul/tensor.hpp"

namespace scmp::mp {

// max_d |t[r, d]| for every row r of a 2-D (N×D) or 3-D (B×N×D, rows = B·N in order) tensor; fp32, exact.
std::vector<float> row_abs_max(const sim::Tensor& t);

// The metric named `name` on the operand it is defined for (all three are row_abs_max of that operand;
// the name says which operand the caller must pass). InvalidArgument("metric", name, …) if unknown.
std::vector<float> row_metric(const std::string& name, const sim::Tensor& operand);

}  // namespace scmp::mp
