// MPConfig: fixed per-level row fractions, rows ranked by a per-row metric (REFERENCE.md §7.1, §7.3) — the
// "quantile" policy.
#pragma once
#include <string>
#include <vector>

#include "mp/assignment.hpp"
#include "mp/policy.hpp"

namespace scmp::mp {

// Row metrics a policy may ask for (mp/row_metrics.hpp computes them).
bool is_row_metric_name(const std::string& name);   // x_row_max | q_row_max | attn_row_max

struct MPConfig {
  std::vector<int> levels;            // strictly descending stream lengths
  std::vector<double> fractions;      // per level, Σ = 1 ± 1e-6 (empty at construction → 1/n each)
  std::string qk_metric = "q_row_max";
  std::string av_metric = "attn_row_max";
  std::string mlp_metric = "x_row_max";   // every other operator

  // Fills default fractions and checks everything; field = key path prefix ("mp").
  void validate(const std::string& field, int sc_prec);
  const std::string& metric(const std::string& op) const;   // qk → qk_metric, av → av_metric, else mlp_metric
  // Quantile split of the rows of a by metric (stable ranking, half-even rounding).
  Assignment classify(const std::vector<float>& metric) const;
  // As a policy (ConfigPolicy): which operand's rows it assigns, and the assignment for one operator call
  // (field = the key path, for errors).
  static constexpr sim::Side side = sim::Side::a;
  Assignment assign(const OperatorContext& ctx, const std::string& field) const;

  // Keys: levels, fractions?, qk_metric?, av_metric?, mlp_metric? (metric: one name for all operators).
  static MPConfig from_params(const ParamNode& node, const std::string& key_path, const PolicyLimits& limits);
};

}  // namespace scmp::mp
