// Calibration: measure a per-level error model with the deployment's hardware settings, then choose the
// per-row levels (and the thresholds / fractions that reproduce them) that meet a MAC-weighted average
// stream-length budget with the least predicted error. Replaces the reference's oracle search (§8), which
// needed an external package and process-global hooks.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/matmul/sc_matmul.hpp"

namespace scmp::mp {

// The hardware settings an error model is only valid for. Calibrating with one datapath and deploying on
// another is a classic mistake (docs/REFERENCE-NOTES.md): require_same() refuses it, naming the differing field.
struct HardwareFingerprint {
  int sc_prec = 8;
  int rng_levels = 0;            // resolved G (0 = 2^sc_prec before halve)
  bool halve = false;
  std::string rng = "sobol_simple";
  std::string scramble = "bitrev";
  bool scramble_rescale = true;
  std::uint64_t scramble_seed = 0;
  std::string multiplier = "enable";
  std::string granularity = "per_row";
  std::string mode = "bipolar";
  int chunk_d = 0;
  int group_a = 1, group_b = 1;

  static HardwareFingerprint of(const sim::MatmulOptions& o);
  // InvalidArgument("calibration.<field>", deployed value, "expected <calibrated value> …") on any difference.
  void require_same(const HardwareFingerprint& deployed) const;
  bool operator==(const HardwareFingerprint&) const = default;
};

// Predicted squared output error of a row r at level i: coefficient[i] · metric[r]² · macs[r]. Per-row
// quantization makes a row's SC error scale with its scale (∝ its max magnitude), hence metric².
struct LevelErrorModel {
  HardwareFingerprint fingerprint;
  std::vector<int> levels;            // descending
  std::vector<double> coefficient;    // per level, measured
  std::vector<double> mse;            // per level, the measured mean squared error of the outputs
};

// Runs sim::sc_matmul(a, b) once per level with stoc_len = level and all other settings from `options`
// (per_row, 2-D; per-row lengths in options must be empty) and fits the coefficients against the exact
// product (double). Metric = x_row_max of a.
LevelErrorModel measure_error_model(const sim::Tensor& a, const sim::Tensor& b, const sim::MatmulOptions& options,
                                    const std::vector<int>& levels);

struct CalibrationResult {
  std::vector<int> levels;
  std::vector<int> row_level;          // the solver's choice for each calibration row
  std::vector<double> fractions;       // its realised fractions (for an MPConfig / quantile policy)
  std::vector<double> thresholds;      // on the normalised metric (adaptive / free_boundary), levels − 1
  double target_avg_stoc_len = 0;      // the MAC-weighted budget asked for
  double expected_avg_stoc_len = 0;    // the solver's assignment (≤ target unless infeasible)
  double realised_avg_stoc_len = 0;    // what the thresholds give when applied to the calibration rows
  double expected_error = 0;           // Σ predicted squared error of the solver's assignment
  double realised_error = 0;           // same for the thresholds' assignment
  bool feasible = true;                // false: even all rows at the shortest level exceed the target
};

// Least predicted error subject to Σ macs·L / Σ macs ≤ target: Lagrangian relaxation (bisection on the
// multiplier; each row's best level is monotone in its metric) followed by water-filling of the remaining
// budget one level step at a time, keeping longer streams on rows with larger metrics. The largest-metric row
// stays at level 0, as every normalised-metric classifier puts it there. `deployed` must match the model's
// fingerprint.
CalibrationResult calibrate(const std::vector<float>& metric, const std::vector<std::int64_t>& macs,
                            const LevelErrorModel& model, double target_avg_stoc_len, const HardwareFingerprint& deployed);

// Thresholds on the normalised metric reproducing a level choice that is monotone in the metric (the lowest
// normalised metric still at level ≤ k, for each boundary k); degenerate metric → all 0.
std::vector<double> thresholds_for(const std::vector<float>& metric, const std::vector<int>& row_level, int n_levels);

}  // namespace scmp::mp
