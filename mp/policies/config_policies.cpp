// The policies that are one configuration object (mp/policies/config_policy.hpp): their registry entries,
// listed by mp/policy.cpp.
//   quantile       MPConfig              fixed per-level fractions of the rows, ranked by their metric (§7.1, §7.3)
//   adaptive       AdaptiveMPConfig      thresholds on the normalised metric per operator and bucket (§7.4, §7.5)
//   free_boundary  FreeBoundaryMPConfig  per-(block, op) boundaries or pinned levels (§7.6)
//   range          RangeMPConfig         per-group stream length of the weight's output rows from their range (§7.7)
#include "mp/adaptive_config.hpp"
#include "mp/free_boundary_config.hpp"
#include "mp/mp_config.hpp"
#include "mp/policies/config_policy.hpp"
#include "mp/range_config.hpp"

namespace scmp::mp {
namespace {

// Every key of the four policies, as `scmp list policy` shows them: (policy, key), in listing order.
struct PolicyKey {
  const char* policy;
  sim::ParamSpec spec;
};
const PolicyKey k_keys[] = {
    {"quantile", {"levels", "int list", "", "stream lengths, strictly descending"}},
    {"quantile", {"fractions", "real list", "1/n each", "share of the rows at each level"}},
    {"quantile", {"metric", "name", "", "row metric for every operator (x_row_max, q_row_max, attn_row_max)"}},
    {"quantile", {"qk_metric", "name", "q_row_max", "row metric of qk"}},
    {"quantile", {"av_metric", "name", "attn_row_max", "row metric of av"}},
    {"quantile", {"mlp_metric", "name", "x_row_max", "row metric of the other operators"}},
    {"adaptive", {"levels", "int list", "", "stream lengths, strictly descending (at least 2)"}},
    {"adaptive", {"operator_defaults", "mapping", "", "op → thresholds (one fewer than levels)"}},
    {"adaptive", {"buckets", "mapping", "", "<op>:t<i>:l<j> → thresholds for a timestep and layer bucket"}},
    {"adaptive", {"threshold_table", "path", "", "a threshold table file instead of inline thresholds"}},
    {"adaptive", {"target_fractions", "real list", "", "share of the rows per level instead of thresholds"}},
    {"adaptive", {"timestep_buckets", "int", "1", "diffusion timestep buckets"}},
    {"adaptive", {"layer_buckets", "int", "1", "layer buckets"}},
    {"adaptive", {"operators", "name list", "", "the operators the policy covers"}},
    {"adaptive", {"qk_metric", "name", "q_row_max", "row metric of qk"}},
    {"adaptive", {"av_metric", "name", "attn_row_max", "row metric of av"}},
    {"adaptive", {"mlp_metric", "name", "x_row_max", "row metric of the other operators"}},
    {"free_boundary", {"levels", "int list", "", "stream lengths, strictly descending (at least 2)"}},
    {"free_boundary", {"boundaries", "mapping", "", "\"block:op\" → metric boundaries (one fewer than levels)"}},
    {"free_boundary", {"fixed_levels", "mapping", "", "\"block:op\" → a level index every row of that operator gets"}},
    {"free_boundary", {"metric", "name", "x_row_max", "row metric"}},
    {"range", {"levels", "int list", "", "stream lengths, strictly descending"}},
    {"range", {"base_threshold", "real", "0.3", "range threshold in [0,1] (capped at 0.95)"}},
    {"range", {"operator_thresholds", "mapping", "", "op → its own threshold"}},
    {"range", {"group_size", "int", "1", "output rows per group (≤ 0: one group)"}},
};

std::vector<sim::ParamSpec> keys_of(const std::string& policy) {
  std::vector<sim::ParamSpec> out;
  for (const auto& k : k_keys) {
    if (policy == k.policy) out.push_back(k.spec);
  }
  return out;
}

template <class Config>
PolicyEntry entry(const char* name, const char* description) {
  return detail::config_policy_entry<Config>(name, description, keys_of(name));
}

}  // namespace

std::vector<PolicyEntry> config_policies() {
  return {entry<MPConfig>("quantile", "fixed fractions of the rows per level, ranked by their metric"),
          entry<AdaptiveMPConfig>("adaptive",
                                  "thresholds on the normalised row metric, per operator and timestep/layer bucket"),
          entry<FreeBoundaryMPConfig>("free_boundary",
                                      "per-(block, operator) metric boundaries between levels, or a pinned level"),
          entry<RangeMPConfig>("range",
                               "stream length per group of the weight's output rows, from their value range (side b)")};
}

}  // namespace scmp::mp
