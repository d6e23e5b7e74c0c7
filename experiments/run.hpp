// One design point, executed: operands drawn, MP stream lengths assigned, the SC matmul of every operator
// run on the chosen backend, error metrics against the exact product, cost from what sc_matmul reports the
// hardware did (sim::HardwareReport: cycles, stream lengths, activity counted on the computed problem).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/array_energy.hpp"
#include "experiments/array_model.hpp"
#include "experiments/cost_model.hpp"
#include "experiments/experiment_config.hpp"
#include "sim/matmul/tensor.hpp"
#include "sim/metrics/error_metrics.hpp"

namespace scmp::experiments {

// The error metrics of sim/metrics (mse, rmse, max_abs, rel_fro, cosine, bias against the exact product).
using ErrorMetrics = sim::ErrorMetrics;

struct CostFields {
  double cycles = 0, avg_stoc_len_row = 0, avg_stoc_len_mac = 0, energy_pj = 0, area_um2 = 0;
  double energy_simple_pj = 0;   // E(L) table: Σ MACs × energy_per_mac(L)
  bool sampled = false;          // activity measured on a row sample and scaled (HardwareReport::sampled)
  std::int64_t sample_rows_a = 0, sample_rows_b = 0;
  // The array model (array_model.hpp): total cycles incl. stalls, stalls, latency, PE utilisation, and the
  // per-component energy/area of array_energy.hpp (NaN without a cost table); |SCC| of the a/b lane streams.
  double array_cycles = 0, stall_cycles = 0, latency_s = 0, utilization = 0, array_energy_pj = 0, array_area_um2 = 0;
  double scc_abs = 0;
};

struct OperatorResult {
  std::string name;
  ErrorMetrics metrics;
  std::int64_t macs = 0;
  std::int64_t rows = 0;          // rows of a (all batches)
  CostFields cost;
  std::vector<std::int32_t> row_stoc_len;   // per row of a (batch 0 … for 3-D: batch × rows)
  std::vector<std::int64_t> hist_counts;
  std::vector<double> hist_edges;
  sim::Tensor y;                             // only with metrics.store_outputs
  std::vector<std::int64_t> accumulators;    // only with metrics.store_outputs
  ArrayResult array;                         // per operator (all batches)
  ArrayCost array_cost;                      // empty without a cost table
  double scc_mean = 0;                       // signed mean SCC of the a/b lane streams (scc_abs in cost)
};

struct RunResult {
  bool ok = false;
  std::string error;
  double wall_s = 0;
  ErrorMetrics metrics;   // MAC-weighted mean over operators (max_abs: max)
  CostFields cost;        // cycles, energy: sums; avg stream lengths: row-/MAC-weighted; area: max
  std::vector<OperatorResult> ops;
  std::vector<std::string> warnings;   // e.g. AND/XNOR on correlated streams (printed by the sweep, stored)
};

struct RunOptions {
  std::string backend = "cpu";
  int threads = 1;
  const CostTable* cost_table = nullptr;  // null: cost fields NaN
};

// Contract: a pure function of (config, backend-independent integers): the same config gives the same
// numbers for any backend and thread count. Errors inside the run are caught and returned as ok = false.
RunResult execute_run(const ExperimentConfig& config, const RunOptions& options);

// Loads every file operand of the configuration and checks shapes and values (ConfigError), so bad input is
// reported before an output file exists.
void preflight_operands(const ExperimentConfig& config, const SourceMap& sources);

}  // namespace scmp::experiments
