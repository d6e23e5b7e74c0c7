// Executing one design point: operands → MP assignment → sc_matmul → metrics, histograms and cost. The cost
// columns only aggregate what sc_matmul reports the hardware did (MatmulResult::hardware: cycles, stream lengths,
// activity counted on the computation's own core problem); nothing here re-simulates.
#include "experiments/run.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <memory>
#include <utility>

#include "experiments/matmul_options.hpp"
#include "experiments/param_tree_yaml.hpp"
#include "experiments/workload.hpp"
#include "mp/policy.hpp"
#include "mp/row_metrics.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/metrics/scc.hpp"
#include "sim/sng/lane_streams.hpp"

namespace scmp::experiments {

namespace {

// One batch simulated, the counts of `batch` independent GEMMs run back to back.
ArrayResult times_batch(ArrayResult r, std::int64_t batch) {
  r.folds *= batch;
  r.compute_cycles *= batch;
  r.stall_cycles *= batch;
  r.total_cycles *= batch;
  r.pe_busy_cycles *= static_cast<double>(batch);
  r.ifmap_sram_reads *= batch;
  r.filter_sram_reads *= batch;
  r.ofmap_sram_writes *= batch;
  r.ifmap_dram_reads *= batch;
  r.filter_dram_reads *= batch;
  r.ofmap_dram_writes *= batch;
  r.dram_bytes *= static_cast<double>(batch);
  r.latency_s *= static_cast<double>(batch);
  return r;
}

// Above this mean |SCC| an AND/XNOR multiplier no longer multiplies (docs/CONFIG.md, "Stream correlation").
constexpr double kSccWarn = 0.3;


// Stream length per row of a and b: the MP policy's assignment (also set on `o`), or the uniform L.
std::pair<std::vector<int>, std::vector<int>> assign_lengths(const ExperimentConfig& c, const OperatorSpec& op,
                                                             mp::IPolicy* policy, const sim::Tensor& a,
                                                             const sim::Tensor& b, sim::MatmulOptions& o) {
  const std::int64_t batch = a.rank() == 3 ? a.dim(0) : 1;
  const std::int64_t n = a.dim(-2), m = b.dim(-2), d = a.dim(-1);
  const int uniform_len = c.hardware.effective_stoc_len();
  std::vector<int> len_a(static_cast<std::size_t>(n), uniform_len), len_b(static_cast<std::size_t>(m), uniform_len);
  if (policy) {
    mp::OperatorContext ctx;
    ctx.op = op.name;
    ctx.timestep = c.workload.timestep;
    ctx.total_timesteps = c.workload.total_timesteps;
    ctx.block = op.block;
    ctx.total_blocks = c.workload.total_blocks;
    const std::string metric = policy->metric(op.name);
    if (!metric.empty()) ctx.row_metric = mp::row_metric(metric, a);
    ctx.weight = &b;
    ctx.macs_per_row.assign(static_cast<std::size_t>(policy->side() == sim::Side::a ? batch * n : batch * m),
                            policy->side() == sim::Side::a ? m * d : n * d);
    const mp::Assignment asg = policy->assign(ctx);
    const auto lens = asg.row_stoc_len();
    if (asg.side == sim::Side::a) {
      len_a = lens;
      o.row_stoc_len_a = lens;
    } else {
      len_b = lens;
      o.row_stoc_len_b = lens;
    }
  }
  return {len_a, len_b};
}

// The array model's columns: one batch's GEMM (M = n, N = m, K = d), every MAC step holding its pair's L.
void fill_array(const ExperimentConfig& c, const RunOptions& options, const std::vector<int>& len_a,
                const std::vector<int>& len_b, std::int64_t batch, std::int64_t n, std::int64_t m, std::int64_t d,
                OperatorResult& r) {
  const bool sc_mac = c.array.mac == "sc";
  const std::vector<int> none;
  r.array = times_batch(simulate_array(c.array, LayerShape::gemm(n, m, d), sc_mac ? len_a : none, sc_mac ? len_b : none), batch);
  r.cost.array_cycles = static_cast<double>(r.array.total_cycles);
  r.cost.stall_cycles = static_cast<double>(r.array.stall_cycles);
  r.cost.latency_s = r.array.latency_s;
  r.cost.utilization = r.array.utilization;
  r.cost.array_energy_pj = r.cost.array_area_um2 = std::nan("");
  if (options.cost_table != nullptr && c.metrics.cost.enabled) {
    r.array_cost = array_cost(*options.cost_table, c.array, LayerShape::gemm(batch * n, m, d), r.array,
                              c.hardware.sc_prec, c.hardware.multiplier);
    r.cost.array_energy_pj = r.array_cost.total_energy_pj;
    r.cost.array_area_um2 = r.array_cost.total_area_um2;
  }
}

// Correlation of the streams a multiplier sees (same lane of a and b), with the AND/XNOR warning.
void fill_scc(const ExperimentConfig& c, const sim::MatmulOptions& o, int lanes, const sim::StreamGeometry& g,
              OperatorResult& r, std::vector<std::string>& warnings) {
  const auto& hw = c.hardware;
  const sim::LaneStreams sa = sim::prepare_lane_streams(*o.rng, sim::Side::a, lanes, g, o.scramble);
  const sim::LaneStreams sb = sim::prepare_lane_streams(*o.rng, sim::Side::b, lanes, g, o.scramble);
  const sim::SccSummary k = sim::lane_pair_scc(sa, sb);
  r.scc_mean = k.mean;
  r.cost.scc_abs = k.mean_abs;
  // The designs that multiply two comparator streams (enable/thermometer gate one stream by the other's ones).
  const bool two_streams = o.multiplier == sim::Multiplier::and_gate || o.multiplier == sim::Multiplier::xnor;
  if (two_streams && k.mean_abs > kSccWarn) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s: %s multiplier on correlated streams (mean |SCC| = %.2f > %.2f, rng %s): "
                  "its products are biased; use independent a/b RNGs or the enable multiplier",
                  r.name.c_str(), sim::to_string(hw.multiplier).c_str(), k.mean_abs, kSccWarn, hw.rng.builder.c_str());
    warnings.push_back(buf);
  }
}

// Error metrics and the histogram of y − y_exact over ±max_abs.
void fill_errors(const ExperimentConfig& c, const sim::Tensor& a, const sim::Tensor& b, const sim::Tensor& y,
                 OperatorResult& r) {
  const std::vector<double> exact = sim::exact_product(a, b);
  r.metrics = sim::error_metrics(y, exact);
  const int bins = c.metrics.hist_bins;
  const double range = r.metrics.max_abs > 0 ? r.metrics.max_abs : 1.0;
  r.hist_counts.assign(static_cast<std::size_t>(bins), 0);
  for (int i = 0; i <= bins; ++i) r.hist_edges.push_back(-range + 2.0 * range * i / bins);
  for (std::size_t i = 0; i < exact.size(); ++i) {
    const double e = static_cast<double>(y.data[i]) - exact[i];
    int k = static_cast<int>(std::floor((e + range) / (2.0 * range) * bins));
    r.hist_counts[static_cast<std::size_t>(std::clamp(k, 0, bins - 1))] += 1;
  }
}

// The SC core's cost columns from what sc_matmul reports: cycles and stream lengths always; energy and area
// from its activity counts (and the E(L) table model) when a cost table is in use, NaN otherwise.
void fill_sc_cost(const ExperimentConfig& c, const CostTable* table, const sim::MatmulOptions& o,
                  const sim::MatmulResult& res, int lanes, const std::vector<int>& len_a,
                  const std::vector<int>& len_b, std::int64_t batch, std::int64_t d, OperatorResult& r) {
  const sim::HardwareReport& hw = res.hardware;
  r.cost.cycles = static_cast<double>(hw.cycles);
  r.cost.avg_stoc_len_row = hw.mean_stoc_len_row;
  r.cost.avg_stoc_len_mac = hw.mean_stoc_len_pair;
  r.cost.energy_pj = r.cost.area_um2 = r.cost.energy_simple_pj = std::nan("");
  if (table == nullptr || hw.mode == sim::ActivityMode::off) return;
  r.cost.sampled = hw.sampled;
  r.cost.sample_rows_a = hw.sample_rows_a;
  r.cost.sample_rows_b = hw.sample_rows_b;
  ArrayUnits units = array_units(lanes, static_cast<int>(o.rng->pool.size()), c.hardware.sc_prec,
                                 res.geometry.stoc_len, c.hardware.multiplier);
  if (hw.activity.register_bits > 0) units.register_bits = hw.activity.register_bits;  // the engine's own count
  const CostResult cost = evaluate_cost(*table, hw.activity, units);
  r.cost.energy_pj = cost.energy_pj;
  r.cost.area_um2 = cost.area_um2;
  double simple = 0;
  for (int La : len_a) {
    for (int Lb : len_b) simple += table->energy_per_mac(std::min(La, Lb));
  }
  r.cost.energy_simple_pj = simple * static_cast<double>(batch * d);
}

// One operator: operands, MP stream lengths, sc_matmul (asking for the activity the cost table prices), columns.
OperatorResult run_operator(const ExperimentConfig& c, const OperatorSpec& op, const RunOptions& options,
                            mp::IPolicy* policy, std::vector<std::string>& warnings) {
  const SourceMap no_sources;
  const auto& hw = c.hardware;
  OperatorResult r;
  r.name = op.name;
  const std::string base = "workload.operators." + op.name;
  const sim::Tensor a = make_operand(op.a, operand_seed(c, op.name, "a"), c.base_dir, base + ".a", no_sources);
  const sim::Tensor b = make_operand(op.b, operand_seed(c, op.name, "b"), c.base_dir, base + ".b", no_sources);
  const std::int64_t batch = a.rank() == 3 ? a.dim(0) : 1;
  const std::int64_t n = a.dim(-2), m = b.dim(-2), d = a.dim(-1);
  r.macs = batch * n * m * d;
  r.rows = batch * n;

  sim::MatmulOptions o = matmul_options(c, a, b, options.backend, options.threads);  // with hardware.smooth
  const bool chunked = hw.chunk_d > 0 && d > hw.chunk_d;
  const int lanes = chunked ? hw.chunk_d : static_cast<int>(d);
  const bool cost_on = options.cost_table != nullptr && c.metrics.cost.enabled;
  // The activity the energy model prices, counted by sim on the computation's own core problem.
  o.activity = cost_on ? sim::ActivityMode::sampled : sim::ActivityMode::off;
  o.activity_sample_rows = c.metrics.cost.sample_rows;
  const auto [len_a, len_b] = assign_lengths(c, op, policy, a, b, o);
  r.row_stoc_len.reserve(static_cast<std::size_t>(r.rows));
  for (std::int64_t z = 0; z < batch; ++z) {
    for (std::int64_t i = 0; i < n; ++i) r.row_stoc_len.push_back(len_a[static_cast<std::size_t>(i % static_cast<std::int64_t>(len_a.size()))]);
  }

  const sim::MatmulResult res = sim::sc_matmul(a, b, o);
  fill_array(c, options, len_a, len_b, batch, n, m, d, r);
  fill_scc(c, o, lanes, res.geometry, r, warnings);
  fill_errors(c, a, b, res.y, r);
  fill_sc_cost(c, cost_on ? options.cost_table : nullptr, o, res, lanes, len_a, len_b, batch, d, r);
  if (c.metrics.store_outputs) {
    r.y = res.y;
    r.accumulators = res.accumulators;
  }
  return r;
}

// The run's totals: MAC-weighted means, max of max_abs, sums of cycles and energy, the largest array's area.
void aggregate(const ExperimentConfig& c, const RunOptions& options, RunResult& run) {
  double sum_macs = 0, sum_rows = 0;
  for (const auto& r : run.ops) {
    sum_macs += static_cast<double>(r.macs);
    sum_rows += static_cast<double>(r.rows);
  }
  ErrorMetrics& g = run.metrics;
  g = ErrorMetrics{};
  CostFields& k = run.cost;
  bool have_energy = true;
  k.area_um2 = 0;
  double busy = 0;
  for (const auto& r : run.ops) {
    const double w = static_cast<double>(r.macs) / sum_macs;
    g.mse += w * r.metrics.mse;
    g.rmse += w * r.metrics.rmse;
    g.rel_fro += w * r.metrics.rel_fro;
    g.cosine += w * r.metrics.cosine;
    g.bias += w * r.metrics.bias;
    g.max_abs = std::max(g.max_abs, r.metrics.max_abs);
    k.cycles += r.cost.cycles;
    k.avg_stoc_len_row += r.cost.avg_stoc_len_row * static_cast<double>(r.rows) / sum_rows;
    k.avg_stoc_len_mac += r.cost.avg_stoc_len_mac * w;
    have_energy = have_energy && !std::isnan(r.cost.energy_pj);
    k.energy_pj += r.cost.energy_pj;
    k.energy_simple_pj += r.cost.energy_simple_pj;
    k.area_um2 = std::max(k.area_um2, r.cost.area_um2);
    k.sampled = k.sampled || r.cost.sampled;
    k.array_cycles += r.cost.array_cycles;
    k.stall_cycles += r.cost.stall_cycles;
    k.latency_s += r.cost.latency_s;
    k.array_energy_pj += r.cost.array_energy_pj;
    k.array_area_um2 = std::max(k.array_area_um2, r.cost.array_area_um2);
    k.scc_abs = std::max(k.scc_abs, r.cost.scc_abs);
    busy += r.array.pe_busy_cycles;
  }
  k.utilization = busy / (static_cast<double>(c.array.rows) * c.array.cols * std::max(1.0, k.array_cycles));
  if (!have_energy) k.energy_pj = k.area_um2 = k.energy_simple_pj = std::nan("");
  if (!(options.cost_table != nullptr && c.metrics.cost.enabled)) k.array_energy_pj = k.array_area_um2 = std::nan("");
}

}  // namespace

void preflight_operands(const ExperimentConfig& config, const SourceMap& sources) {
  for (const auto& op : config.operators) {
    const std::string base = "workload.operators." + op.name;
    const bool file_a = op.a.source == "hdf5" || op.a.source == "npy";
    const bool file_b = op.b.source == "hdf5" || op.b.source == "npy";
    if (!file_a && !file_b) continue;
    const sim::Tensor a = make_operand(op.a, operand_seed(config, op.name, "a"), config.base_dir, base + ".a", sources);
    const sim::Tensor b = make_operand(op.b, operand_seed(config, op.name, "b"), config.base_dir, base + ".b", sources);
    const std::string where = base + (file_b ? ".b" : ".a");
    const std::string key = where + ".path";
    if (a.rank() != b.rank() || a.dim(-1) != b.dim(-1) || (a.rank() == 3 && a.dim(0) != b.dim(0))) {
      auto txt = [](const sim::Tensor& t) {
        std::string s = "[";
        for (std::size_t i = 0; i < t.shape.size(); ++i) s += (i ? ", " : "") + std::to_string(t.shape[i]);
        return s + "]";
      };
      throw ConfigError(sources.find(key), where, "shape " + txt(b) + " vs a " + txt(a),
                        "expected operands with equal depth (and batch): y = a @ bᵀ");
    }
  }
}

RunResult execute_run(const ExperimentConfig& c, const RunOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  RunResult run;
  try {
    std::unique_ptr<mp::IPolicy> policy;
    if (!(c.mp_impl == "uniform" && c.mp.size() == 1)) {
      policy = make_policy(c.mp, "mp", c.hardware.sc_prec);
    }
    for (const auto& op : c.operators) run.ops.push_back(run_operator(c, op, options, policy.get(), run.warnings));
    aggregate(c, options, run);
    run.ok = true;
  } catch (const std::exception& e) {
    run.ok = false;
    run.error = e.what();
    run.ops.clear();
  }
  run.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return run;
}

}  // namespace scmp::experiments
