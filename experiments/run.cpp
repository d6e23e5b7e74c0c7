// Executing one design point: operands → MP assignment → sc_matmul → metrics, histograms and cost.
#include "experiments/run.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <map>
#include <memory>

#include "experiments/matmul_options.hpp"
#include "experiments/workload.hpp"
#include "mp/policy.hpp"
#include "mp/row_metrics.hpp"
#include "sim/engine/cycle_engine.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/metrics/scc.hpp"
#include "sim/rng/splitmix.hpp"
#include "sim/sng/lane_streams.hpp"

namespace scmp::experiments {

namespace {

std::vector<std::int64_t> sample_indices(std::int64_t count, int want) {
  std::vector<std::int64_t> idx;
  if (count <= want) {
    for (std::int64_t i = 0; i < count; ++i) idx.push_back(i);
  } else {
    for (int i = 0; i < want; ++i) idx.push_back(i * count / want);  // evenly spaced rows
  }
  return idx;
}

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
    const SourceMap no_sources;
    const auto& hw = c.hardware;
    std::unique_ptr<mp::IPolicy> policy;
    if (!(c.mp_impl == "uniform" && c.mp.size() == 1)) policy = mp::make_policy(c.mp, "mp", mp::PolicyLimits{hw.sc_prec});
    double sum_macs = 0, sum_rows = 0;
    for (const auto& op : c.operators) {
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
      o.keep_levels = options.cost_table != nullptr && c.metrics.cost.enabled;

      // Stream length per row: the MP policy's assignment, or the uniform L.
      const int uniform_len = hw.effective_stoc_len();
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
      r.row_stoc_len.reserve(static_cast<std::size_t>(r.rows));
      for (std::int64_t z = 0; z < batch; ++z) {
        for (std::int64_t i = 0; i < n; ++i) r.row_stoc_len.push_back(len_a[static_cast<std::size_t>(i % static_cast<std::int64_t>(len_a.size()))]);
      }

      const sim::MatmulResult res = sim::sc_matmul(a, b, o);

      // The array: one batch's GEMM (M = n, N = m, K = d), every MAC step holding its pair's stream length.
      {
        const bool sc_mac = c.array.mac == "sc";
        const std::vector<int> none;
        r.array = times_batch(simulate_array(c.array, LayerShape::gemm(n, m, d), sc_mac ? len_a : none, sc_mac ? len_b : none), batch);
        r.cost.array_cycles = static_cast<double>(r.array.total_cycles);
        r.cost.stall_cycles = static_cast<double>(r.array.stall_cycles);
        r.cost.latency_s = r.array.latency_s;
        r.cost.utilization = r.array.utilization;
        r.cost.array_energy_pj = r.cost.array_area_um2 = std::nan("");
        if (options.cost_table != nullptr && c.metrics.cost.enabled) {
          r.array_cost = array_cost(*options.cost_table, c.array, LayerShape::gemm(batch * n, m, d), r.array, hw.sc_prec, hw.multiplier);
          r.cost.array_energy_pj = r.array_cost.total_energy_pj;
          r.cost.array_area_um2 = r.array_cost.total_area_um2;
        }
      }
      // Correlation of the streams a multiplier sees (same lane of a and b).
      {
        const sim::LaneStreams sa = sim::prepare_lane_streams(*o.rng, sim::Side::a, lanes, res.geometry, o.scramble);
        const sim::LaneStreams sb = sim::prepare_lane_streams(*o.rng, sim::Side::b, lanes, res.geometry, o.scramble);
        const sim::SccSummary k = sim::lane_pair_scc(sa, sb);
        r.scc_mean = k.mean;
        r.cost.scc_abs = k.mean_abs;
        if ((hw.multiplier == "and" || hw.multiplier == "xnor") && k.mean_abs > kSccWarn) {
          char buf[256];
          std::snprintf(buf, sizeof buf, "%s: %s multiplier on correlated streams (mean |SCC| = %.2f > %.2f, rng %s): "
                        "its products are biased; use independent a/b RNGs or the enable multiplier",
                        op.name.c_str(), hw.multiplier.c_str(), k.mean_abs, kSccWarn, hw.rng.builder.c_str());
          run.warnings.push_back(buf);
        }
      }
      const std::vector<double> exact = sim::exact_product(a, b);
      r.metrics = sim::error_metrics(res.y, exact);

      // Histogram of y − y_exact over ±max_abs.
      const int bins = c.metrics.hist_bins;
      const double range = r.metrics.max_abs > 0 ? r.metrics.max_abs : 1.0;
      r.hist_counts.assign(static_cast<std::size_t>(bins), 0);
      for (int i = 0; i <= bins; ++i) r.hist_edges.push_back(-range + 2.0 * range * i / bins);
      for (std::size_t i = 0; i < exact.size(); ++i) {
        const double e = static_cast<double>(res.y.data[i]) - exact[i];
        int k = static_cast<int>(std::floor((e + range) / (2.0 * range) * bins));
        r.hist_counts[static_cast<std::size_t>(std::clamp(k, 0, bins - 1))] += 1;
      }

      // Stream lengths and cycles: every (batch, n, m) pair runs min(L_a[n], L_b[m]) cycles per chunk.
      const std::int64_t chunks = chunked ? (d + hw.chunk_d - 1) / hw.chunk_d : 1;
      double pair_cycles = 0;
      for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t j = 0; j < m; ++j) pair_cycles += std::min(len_a[static_cast<std::size_t>(i)], len_b[static_cast<std::size_t>(j)]);
      }
      r.cost.cycles = static_cast<double>(batch * chunks) * pair_cycles;
      double row_sum = 0;
      for (auto L : r.row_stoc_len) row_sum += L;
      r.cost.avg_stoc_len_row = row_sum / static_cast<double>(r.rows);
      r.cost.avg_stoc_len_mac = pair_cycles / static_cast<double>(n * m);  // each pair's MACs run its L
      r.cost.energy_pj = r.cost.area_um2 = r.cost.energy_simple_pj = std::nan("");

      if (o.keep_levels && res.qa && res.qb) {
        // Activity on a sample of rows of a and b (batch 0), scaled to the whole operator.
        const CostTable& table = *options.cost_table;
        const auto ia = sample_indices(n, c.metrics.cost.sample_rows);
        const auto ib = sample_indices(m, c.metrics.cost.sample_rows);
        r.cost.sampled = static_cast<std::int64_t>(ia.size()) < n || static_cast<std::int64_t>(ib.size()) < m || batch > 1;
        r.cost.sample_rows_a = static_cast<std::int64_t>(ia.size());
        r.cost.sample_rows_b = static_cast<std::int64_t>(ib.size());
        const bool signed_ops = hw.mode == "bipolar" && hw.multiplier != "xnor" && !res.qa->sign.empty();
        std::vector<std::uint16_t> ba, bb;
        std::vector<std::int8_t> sa, sb;
        for (auto i : ia) {
          for (std::int64_t k = 0; k < d; ++k) {
            ba.push_back(res.qa->boundary[static_cast<std::size_t>(i * d + k)]);
            if (signed_ops) sa.push_back(res.qa->sign[static_cast<std::size_t>(i * d + k)]);
          }
        }
        for (auto j : ib) {
          for (std::int64_t k = 0; k < d; ++k) {
            bb.push_back(res.qb->boundary[static_cast<std::size_t>(j * d + k)]);
            if (signed_ops) sb.push_back(res.qb->sign[static_cast<std::size_t>(j * d + k)]);
          }
        }
        sim::CoreProblem p;
        p.batch = 1;
        p.rows_a = static_cast<int>(ia.size());
        p.rows_b = static_cast<int>(ib.size());
        p.depth = static_cast<int>(d);
        p.lanes = lanes;
        p.chunk = chunked ? hw.chunk_d : 0;
        p.boundary_a = ba.data();
        p.boundary_b = bb.data();
        p.sign_a = signed_ops ? sa.data() : nullptr;
        p.sign_b = signed_ops ? sb.data() : nullptr;
        p.multiplier = o.multiplier;
        p.geometry = res.geometry;
        if (policy) {
          for (auto i : ia) p.stoc_len_a.push_back(len_a[static_cast<std::size_t>(i)]);
          for (auto j : ib) p.stoc_len_b.push_back(len_b[static_cast<std::size_t>(j)]);
        }
        std::map<std::pair<int, int>, sim::LaneStreams> cache;
        const sim::RngConfig rng = *o.rng;
        p.streams = [&](sim::Side side, int L) -> const sim::LaneStreams& {
          const auto key = std::make_pair(side == sim::Side::a ? 0 : 1, L);
          auto it = cache.find(key);
          if (it == cache.end()) {
            sim::StreamGeometry g = res.geometry;
            g.stoc_len = L;
            it = cache.emplace(key, sim::prepare_lane_streams(rng, side, lanes, g, o.scramble)).first;
          }
          return it->second;
        };
        sim::EngineOptions eo;
        eo.activity = true;
        const sim::ActivityCounts act = sim::run_cycle_engine(p, eo).activity;
        const double scale = static_cast<double>(batch * n * m) / static_cast<double>(ia.size() * ib.size());
        sim::ActivityCounts scaled = act;
        auto sc = [&](std::int64_t v) { return static_cast<std::int64_t>(std::llround(static_cast<double>(v) * scale)); };
        scaled.cycles = sc(act.cycles);
        scaled.rng_steps = sc(act.rng_steps);
        scaled.comparator_evals = sc(act.comparator_evals);
        scaled.comparator_ones = sc(act.comparator_ones);
        scaled.gate_evals = sc(act.gate_evals);
        scaled.gate_ones = sc(act.gate_ones);
        scaled.enable_counter_steps = sc(act.enable_counter_steps);
        scaled.counter_increments = sc(act.counter_increments);
        scaled.accumulator_adds = sc(act.accumulator_adds);
        int pool = static_cast<int>(rng.pool.size());
        ArrayUnits units = array_units(lanes, pool, hw.sc_prec, res.geometry.stoc_len, hw.multiplier);
        if (act.register_bits > 0) units.register_bits = act.register_bits;  // the engine's own count
        const CostResult cost = evaluate_cost(table, scaled, units);
        r.cost.energy_pj = cost.energy_pj;
        r.cost.area_um2 = cost.area_um2;
        double simple = 0;
        for (std::int64_t i = 0; i < n; ++i) {
          for (std::int64_t j = 0; j < m; ++j) {
            simple += table.energy_per_mac(std::min(len_a[static_cast<std::size_t>(i)], len_b[static_cast<std::size_t>(j)]));
          }
        }
        r.cost.energy_simple_pj = simple * static_cast<double>(batch * d);
      }
      if (c.metrics.store_outputs) {
        r.y = res.y;
        r.accumulators = res.accumulators;
      }
      run.ops.push_back(std::move(r));
      sum_macs += static_cast<double>(run.ops.back().macs);
      sum_rows += static_cast<double>(run.ops.back().rows);
    }
    // Aggregate: MAC-weighted means, max of max_abs, sums of cycles and energy, the largest array's area.
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
