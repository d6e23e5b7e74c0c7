// The design points of a sweep: `sweep:` grid, zip and list axes over dotted key paths, expanded into one
// fully validated configuration per point, each with a deterministic, readable run id and a config hash.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "experiments/config_loader.hpp"
#include "experiments/experiment_config.hpp"

namespace scmp::experiments {

struct SweepAxis {
  std::string path;        // dotted key path, e.g. "hardware.stoc_len" (the /index field name)
  std::string short_name;  // used in run ids: the last path component (more if two axes would collide)
  bool numeric = true;     // float64 field (numbers, booleans as 0/1); else a 64-byte string field
};

struct DesignPoint {
  std::size_t index = 0;              // position in the full (unsharded) plan
  std::vector<YAML::Node> values;     // one per axis (scalar nodes)
  std::string run_id;                 // "stoc_len=128,scramble=bitrev,halve=1,seed=0"
  ExperimentConfig config;
  std::string resolved_yaml;          // to_yaml_text(config)
  std::string config_hash;            // hash_hex of resolved_yaml without experiment.output
};

struct SweepPlan {
  std::vector<SweepAxis> axes;
  std::vector<DesignPoint> points;
  ExperimentConfig base;              // the configuration without any sweep value applied
  std::string base_resolved_yaml;
};

// Contract: reads `sweep:` — grid: {path: [v...]} (cartesian product, first axis outermost), zip: {path:
// [v...], ...} (equal lengths, advanced together), list: [{path: v, ...}, ...] (explicit points), seeds:
// [s...] (= grid axis experiment.seed) — and validates every design point before returning (errors point at
// the sweep value that made the point invalid). No sweep section gives one point with run id "base".
SweepPlan plan_sweep(const LoadedConfig& loaded);

// Keeps the points with index % count == shard (shard in 0..count-1).
void keep_shard(SweepPlan& plan, int shard, int count);

// Numeric value of an axis entry (booleans 0/1); NaN for a non-number.
double axis_number(const YAML::Node& value);
std::string axis_text(const YAML::Node& value);  // run-id text: booleans 0/1, '/' replaced by '_'

}  // namespace scmp::experiments
