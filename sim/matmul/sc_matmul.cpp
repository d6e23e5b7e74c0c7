// sc_matmul: validation, SmoothQuant, and dispatch to the granularity paths (REFERENCE.md §6.5).
#include "sim/matmul/sc_matmul.hpp"

#include "sim/error.hpp"
#include "sim/matmul/matmul_plan.hpp"
#include "sim/quant/smoothquant.hpp"

namespace scmp::sim {

const NameTable<Granularity>& granularity_table() {
  static const NameTable<Granularity> table(
      "granularity", {
                         {Granularity::per_row, "per_row", "one scale per row of each operand (per group of rows)"},
                         {Granularity::per_tensor, "per_tensor", "one scale per operand"},
                         {Granularity::per_head, "per_head", "one scale per head of 3-D operands (bipolar only)"},
                     });
  return table;
}

const NameTable<Mode>& mode_table() {
  static const NameTable<Mode> table(
      "mode", {
                  {Mode::bipolar, "bipolar", "sign-magnitude: |x| in the stream, the sign on the up/down counter"},
                  {Mode::unipolar, "unipolar", "asymmetric quantization to non-negative levels"},
              });
  return table;
}

Granularity parse_granularity(const std::string& s) { return granularity_table().parse(s); }
Mode parse_mode(const std::string& s) { return mode_table().parse(s); }
std::string to_string(Granularity g) { return granularity_table().name(g); }
std::string to_string(Mode m) { return mode_table().name(m); }

ActivityMode parse_activity_mode(const std::string& s) {
  if (s == "off") return ActivityMode::off;
  if (s == "sampled") return ActivityMode::sampled;
  if (s == "full") return ActivityMode::full;
  throw InvalidArgument("activity", s, "expected off, sampled or full");
}

std::string to_string(ActivityMode m) {
  switch (m) {
    case ActivityMode::off: return "off";
    case ActivityMode::sampled: return "sampled";
    case ActivityMode::full: return "full";
  }
  return "?";
}

QuantizedOperand to_operand(const Quantized& q, const std::vector<std::int64_t>& shape) {
  QuantizedOperand o;
  o.shape = shape;
  o.boundary = q.boundary;
  o.sign = q.sign;
  o.level = q.level;
  o.scale = q.scale;
  o.zero_point = q.zero_point;
  return o;
}

MatmulResult sc_matmul(const Tensor& a, const Tensor& b, const MatmulOptions& options) {
  MatmulPlan plan = resolve_matmul(a, b, options);
  if (options.smooth_scales) {
    // §5.7: smoothing comes before any range computation; re-validate (a ÷ s may overflow to Inf).
    auto [as, bs] = apply_smoothing(a, b, *options.smooth_scales);
    MatmulOptions rest = options;
    rest.smooth_scales.reset();
    return sc_matmul(as, bs, rest);
  }
  switch (options.granularity) {
    case Granularity::per_tensor: return matmul_per_tensor(a, b, options, plan);
    case Granularity::per_head: return matmul_per_head(a, b, options, plan);
    case Granularity::per_row: return plan.chunked ? matmul_chunked(a, b, options, plan) : matmul_per_row(a, b, options, plan);
  }
  throw InvalidArgument("granularity", "?", "unknown");
}

}  // namespace scmp::sim
