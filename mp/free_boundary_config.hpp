// FreeBoundaryMPConfig: per-(block, operator) boundaries on the normalised metric, or a pinned level — what
// the calibrator tunes (REFERENCE.md §7.6). The block index is an argument, never a global (§12 bug 28).
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "mp/assignment.hpp"
#include "mp/policy.hpp"

namespace scmp::mp {

struct FreeBoundaryMPConfig {
  using Key = std::pair<int, std::string>;   // (block, operator)
  std::vector<int> levels;                   // ≥ 2, strictly descending
  std::map<Key, std::vector<double>> boundaries;   // k − 1 values in [0,1], any order (sorted when classifying)
  std::map<Key, int> fixed_levels;                 // every row of (block, op) at this level; wins over boundaries
  std::string metric_name = "x_row_max";

  // (k−1−i)/k for i = 0..k−2 as fp32 values: k=2 → [0.5]; k=3 → [2/3, 1/3]; k=4 → [0.75, 0.5, 0.25].
  static std::vector<double> default_boundaries(int k);
  std::vector<double> get_boundaries(int block, const std::string& op) const;   // stored or defaults
  void set_boundaries(int block, const std::string& op, std::vector<double> b);  // validates; unpins the key
  void set_fixed_level(int block, const std::string& op, int level);           // validates; drops boundaries
  void clear_fixed_level(int block, const std::string& op);
  // Levels, boundary counts and values, fixed-level ranges, metric name. A key in both maps is valid (the
  // reference accepts it; the fixed level wins) — shadowed_keys() lists them so loaders can warn.
  void validate(const std::string& field, int sc_prec) const;
  std::vector<Key> shadowed_keys() const;
  // Pinned → all rows that level; degenerate metric → level 0; else level = #{k : m̂ < b_k} over the
  // boundaries sorted descending (fp32).
  Assignment classify(const std::vector<float>& metric, int block, const std::string& op) const;
  // As a policy (ConfigPolicy): which operand's rows it assigns, and the assignment for one operator call
  // (field = the key path, for errors).
  static constexpr sim::Side side = sim::Side::a;
  const std::string& metric(const std::string&) const { return metric_name; }
  Assignment assign(const OperatorContext& ctx, const std::string& field) const;   // ctx.block in 0..total_blocks-1

  // Keys: levels, boundaries? {"<block>:<op>": [...]}, fixed_levels? {"<block>:<op>": i}, metric?.
  static FreeBoundaryMPConfig from_params(const ParamNode& node, const std::string& key_path, const PolicyLimits& limits);
};

}  // namespace scmp::mp
