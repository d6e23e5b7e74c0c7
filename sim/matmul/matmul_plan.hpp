// The per-granularity paths of sc_matmul that consume a MatmulPlan (sim/matmul/plan.hpp). Internal to
// sim/matmul: other layers use sc_matmul.hpp and plan.hpp.
#pragma once
#include <optional>
#include <vector>

#include "sim/matmul/plan.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/quant/quant_common.hpp"

namespace scmp::sim {

// Quantized operands → backend → the integer accumulators S, [batch][chunks][N][M].
// Builds the CoreProblem (boundaries, signs, lanes, chunk, multiplier, geometry, row stream lengths, and a
// stream provider backed by the stream cache), calls usable_backend(options.backend) and fills `hardware` from
// that same problem (report_hardware).
std::vector<std::int64_t> run_core(const MatmulPlan& plan, const MatmulOptions& options, const Quantized& qa,
                                   const Quantized& qb, int chunk, HardwareReport& hardware);

// Whether the backend is asked to count activity in its own run: full mode, or a sample that is the whole problem.
bool backend_should_count(const CoreProblem& problem, const MatmulOptions& options);
// The HardwareReport of `problem` as run: cycles and mean stream lengths; activity per options.activity, taken
// from `counted` (the backend's own counts) when backend_should_count, else counted by the cycle engine.
HardwareReport report_hardware(const CoreProblem& problem, const MatmulOptions& options,
                               const std::optional<ActivityCounts>& counted);

MatmulResult matmul_per_row(const Tensor& a, const Tensor& b, const MatmulOptions& options, const MatmulPlan& plan);
MatmulResult matmul_chunked(const Tensor& a, const Tensor& b, const MatmulOptions& options, const MatmulPlan& plan);
MatmulResult matmul_per_tensor(const Tensor& a, const Tensor& b, const MatmulOptions& options, const MatmulPlan& plan);
MatmulResult matmul_per_head(const Tensor& a, const Tensor& b, const MatmulOptions& options, const MatmulPlan& plan);

// The QuantizedOperand record returned with keep_levels.
QuantizedOperand to_operand(const Quantized& q, const std::vector<std::int64_t>& shape);

}  // namespace scmp::sim
