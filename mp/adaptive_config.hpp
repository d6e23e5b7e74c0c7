// AdaptiveMPConfig: per-operator thresholds on the min-max normalised row metric, optionally bucketed by
// diffusion timestep and layer (REFERENCE.md §7.4, §7.5), plus the reference's JSON threshold-table format.
#pragma once
#include <compare>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mp/assignment.hpp"
#include "mp/policy.hpp"

namespace scmp::mp {

// "<op>:t<i>:l<j>": thresholds of operator op in timestep bucket i and layer bucket j.
struct BucketKey {
  std::string op;
  int timestep_bucket = 0, layer_bucket = 0;
  auto operator<=>(const BucketKey&) const = default;
};
BucketKey parse_bucket_key(const std::string& key, const std::string& field);   // InvalidArgument on bad shape
std::string to_string(const BucketKey& key);

// The reference's threshold table (a JSON or YAML file, read into a ParamNode by the program's reader):
//   { "stoc_len_levels": [256,128,64], "timestep_buckets": 4, "layer_buckets": 2,
//     "operator_defaults": {"qk": {"thresholds": [t0,t1]} | [t0,t1], …},
//     "buckets": {"qk:t3:l1": {"thresholds": […]} | […], …} }
// Keys the reference does not read (metadata a calibration exporter adds) load with a warning naming them.
struct ThresholdTable {
  std::vector<int> levels;
  std::optional<int> timestep_buckets, layer_buckets;   // absent = 1
  std::map<std::string, std::vector<double>> operator_defaults;
  std::map<BucketKey, std::vector<double>> buckets;
  std::vector<std::string> ignored_keys;                // key paths of the extra keys (each warned about)
};
ThresholdTable parse_threshold_table(const ParamNode& node, const std::string& field);
ParamNode threshold_table_to_params(const ThresholdTable& table);   // the same format (for calibration output)

struct AdaptiveMPConfig {
  std::vector<int> levels;                                   // ≥ 2, strictly descending
  int timestep_buckets = 1;
  int layer_buckets = 1;
  std::map<std::string, std::vector<double>> operator_defaults;
  std::map<BucketKey, std::vector<double>> buckets;
  std::vector<double> target_fractions;                      // non-empty: quantile split instead of thresholds
  std::vector<std::string> operators;                        // non-empty: the only operator names accepted
  std::string qk_metric = "q_row_max", av_metric = "attn_row_max", mlp_metric = "x_row_max";

  // Every threshold list: levels − 1 values in [0,1], non-increasing; operator names known (when `operators`
  // is given); some thresholds or target_fractions. from_params runs exactly this after parsing.
  void validate(const std::string& field, int sc_prec) const;
  // Bucket keys whose timestep or layer index is ≥ its bucket count: valid (the reference loads them) but never
  // looked up — loaders warn about them.
  std::vector<BucketKey> unreachable_buckets() const;
  // Replaces thresholds with the table's. Its levels must equal `levels`; bucket counts it states must equal
  // the config's (`stated_*` = whether the config set them; unset ones are taken from the table).
  void apply_table(const ThresholdTable& table, const std::string& field, bool stated_timestep_buckets,
                   bool stated_layer_buckets);
  const std::string& metric(const std::string& op) const;
  // Thresholds for (op, timestep bucket, layer bucket), falling back to operator_defaults; InvalidArgument
  // ("ctx.op") when the operator has none — checked before the degenerate-metric shortcut (§12 bug 28).
  // A timestep ≥ total_timesteps or block ≥ total_blocks falls in the last bucket (the reference clamps);
  // negative ones and totals < 1 are rejected.
  const std::vector<double>& thresholds(const std::string& op, int timestep, int total_timesteps, int block,
                                        int total_blocks) const;
  // §7.5 paths 2–3: quantile split when target_fractions is set, else thresholds (degenerate → level 0).
  Assignment classify(const std::vector<float>& metric, const std::string& op, int timestep, int total_timesteps,
                      int block, int total_blocks) const;
  // As a policy (ConfigPolicy): which operand's rows it assigns, and the assignment for one operator call
  // (field = the key path, for errors).
  static constexpr sim::Side side = sim::Side::a;
  Assignment assign(const OperatorContext& ctx, const std::string& field) const;

  // Keys: levels, timestep_buckets?, layer_buckets?, operator_defaults?, buckets?, threshold_table? (a mapping, or the path of a file read by limits.read_threshold_table),
  // target_fractions?, operators?, qk_metric?, av_metric?, mlp_metric?.
  static AdaptiveMPConfig from_params(const ParamNode& node, const std::string& key_path, const PolicyLimits& limits);
};

}  // namespace scmp::mp
