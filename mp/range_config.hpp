// RangeMPConfig: stream length per group of weight rows from the group's value range (REFERENCE.md §7.7, with
// §12 bug 27 fixed: no straddling groups, no printing, degenerate → highest precision).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "mp/assignment.hpp"
#include "mp/policy.hpp"
#include "sim/matmul/tensor.hpp"

namespace scmp::mp {

struct RangeMPConfig {
  std::vector<int> levels;                             // ≥ 2, strictly descending
  double base_threshold = 0.3;                         // in [0,1]; min(·, 0.95) is applied when classifying
  std::map<std::string, double> operator_thresholds;   // per-operator override
  int group_size = 1;                                  // 1 = per row; ≤ 0 = one group; else must divide rows

  double threshold(const std::string& op) const;
  void validate(const std::string& field, int sc_prec) const;
  // One level per row of the weight (out × in); side b (the weight is sc_matmul's b, its rows the outputs).
  Assignment classify(const sim::Tensor& weight, const std::string& op, const std::string& field = "range") const;
  // As a policy (ConfigPolicy): which operand's rows it assigns, and the assignment for one operator call
  // (field = the key path, for errors).
  static constexpr sim::Side side = sim::Side::b;
  std::string metric(const std::string&) const { return ""; }   // none: the weight's values decide
  Assignment assign(const OperatorContext& ctx, const std::string& field) const;   // needs ctx.weight

  // Keys: levels, base_threshold?, operator_thresholds?, group_size?.
  static RangeMPConfig from_params(const ParamNode& node, const std::string& key_path, const PolicyLimits& limits);
};

}  // namespace scmp::mp
