// The per-granularity paths of sc_matmul that consume a MatmulPlan (sim/matmul/plan.hpp). Internal to
// sim/matmul: other layers use sc_matmul.hpp and plan.hpp.
#pragma once
#include <vector>

#include "sim/matmul/plan.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/quant/quant_common.hpp"

namespace scmp::sim {

// Quantized operands → backend → the integer accumulators S, [batch][chunks][N][M].
// Builds the CoreProblem (boundaries, signs, lanes, chunk, multiplier, geometry, row stream lengths, and a
// stream provider backed by the stream cache) and calls usable_backend(options.backend).
std::vector<std::int64_t> run_core(const MatmulPlan& plan, const MatmulOptions& options, const Quantized& qa,
                                   const Quantized& qb, int chunk);

MatmulResult matmul_per_row(const Tensor& a, const Tensor& b, const MatmulOptions& options, const MatmulPlan& plan);
MatmulResult matmul_chunked(const Tensor& a, const Tensor& b, const MatmulOptions& options, const MatmulPlan& plan);
MatmulResult matmul_per_tensor(const Tensor& a, const Tensor& b, const MatmulOptions& options, const MatmulPlan& plan);
MatmulResult matmul_per_head(const Tensor& a, const Tensor& b, const MatmulOptions& options, const MatmulPlan& plan);

// The QuantizedOperand record returned with keep_levels.
QuantizedOperand to_operand(const Quantized& q, const std::vector<std::int64_t>& shape);

}  // namespace scmp::sim
