// Error-model measurement and budgeted level selection.
#include "mp/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>
#include <tuple>
#include <utility>

#include "mp/classify.hpp"
#include "mp/levels.hpp"
#include "mp/row_metrics.hpp"
#include "sim/error.hpp"

namespace scmp::mp {

using sim::InvalidArgument;
using sim::to_text;

HardwareFingerprint HardwareFingerprint::of(const sim::MatmulOptions& o) {
  HardwareFingerprint f;
  f.sc_prec = o.sc_prec;
  f.halve = o.halve;
  f.rng_levels = o.rng_levels.value_or(0);
  f.rng = o.rng ? o.rng->name : "sobol_simple";
  f.scramble = sim::to_string(o.scramble.family);
  f.scramble_rescale = o.scramble.rescale;
  f.scramble_seed = o.scramble.family == sim::MaskFamily::random ? o.scramble.seed : 0;
  f.multiplier = sim::to_string(o.multiplier);
  f.granularity = sim::to_string(o.granularity);
  f.mode = sim::to_string(o.mode);
  f.chunk_d = o.chunk_d;
  f.group_a = o.group_a;
  f.group_b = o.group_b;
  return f;
}

void HardwareFingerprint::require_same(const HardwareFingerprint& d) const {
  // Field names in the order of the tie below; one check for all of them.
  static constexpr const char* names[] = {"sc_prec",       "rng_levels",  "halve", "rng",     "scramble",
                                          "scramble_rescale", "scramble_seed", "multiplier", "granularity",
                                          "mode",          "chunk_d",     "group_a", "group_b"};
  const auto fields = [](const HardwareFingerprint& f) {
    return std::tie(f.sc_prec, f.rng_levels, f.halve, f.rng, f.scramble, f.scramble_rescale, f.scramble_seed,
                    f.multiplier, f.granularity, f.mode, f.chunk_d, f.group_a, f.group_b);
  };
  const auto calibrated = fields(*this), deployed = fields(d);
  static_assert(std::tuple_size_v<decltype(calibrated)> == std::size(names));
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    const auto check = [](const char* field, const auto& c, const auto& dep) {
      if (!(c == dep)) {
        throw InvalidArgument(std::string("calibration.") + field, to_text(dep),
                              "expected " + to_text(c) +
                                  ": the error model was measured with other hardware settings than deployment; recalibrate");
      }
    };
    (check(names[I], std::get<I>(calibrated), std::get<I>(deployed)), ...);
  }(std::make_index_sequence<std::size(names)>{});
}

LevelErrorModel measure_error_model(const sim::Tensor& a, const sim::Tensor& b, const sim::MatmulOptions& options,
                                    const std::vector<int>& levels) {
  validate_levels("levels", levels, options.sc_prec, 1);
  if (a.rank() != 2 || b.rank() != 2 || a.dim(1) != b.dim(1)) {
    throw InvalidArgument("calibration operands", "a rank " + to_text(a.rank()) + ", b rank " + to_text(b.rank()),
                          "expected 2-D a (N×D) and b (M×D) with equal D");
  }
  if (!options.row_stoc_len_a.empty() || !options.row_stoc_len_b.empty()) {
    throw InvalidArgument("options.row_stoc_len_a", "set", "the error model is measured at uniform lengths; leave them empty");
  }
  const std::int64_t n = a.dim(0), m = b.dim(0), d = a.dim(1);
  std::vector<double> exact(static_cast<std::size_t>(n * m), 0.0);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < m; ++j) {
      double s = 0;
      for (std::int64_t k = 0; k < d; ++k) s += static_cast<double>(a.data[i * d + k]) * b.data[j * d + k];
      exact[static_cast<std::size_t>(i * m + j)] = s;
    }
  const std::vector<float> metric = row_abs_max(a);
  double denom = 0;   // Σ metric² · macs
  for (float x : metric) denom += static_cast<double>(x) * x * static_cast<double>(m * d);
  LevelErrorModel model;
  model.fingerprint = HardwareFingerprint::of(options);
  model.levels = levels;
  for (int L : levels) {
    sim::MatmulOptions o = options;
    o.stoc_len = L;
    const sim::MatmulResult r = sim::sc_matmul(a, b, o);
    double se = 0;
    for (std::size_t k = 0; k < exact.size(); ++k) {
      const double e = static_cast<double>(r.y.data[k]) - exact[k];
      se += e * e;
    }
    model.mse.push_back(exact.empty() ? 0.0 : se / static_cast<double>(exact.size()));
    model.coefficient.push_back(denom > 0 ? se / denom : 0.0);
  }
  return model;
}

std::vector<double> thresholds_for(const std::vector<float>& metric, const std::vector<int>& row_level, int n_levels) {
  std::vector<double> t(static_cast<std::size_t>(std::max(n_levels - 1, 0)), 0.0);
  std::vector<float> mh;
  if (!normalise_metric(metric, mh)) return t;
  for (int k = 0; k + 1 < n_levels; ++k) {
    float lowest = 2.0f;   // lowest m̂ among rows at level ≤ k
    for (std::size_t r = 0; r < mh.size(); ++r)
      if (row_level[r] <= k) lowest = std::min(lowest, mh[r]);
    t[static_cast<std::size_t>(k)] = lowest > 1.0f ? 1.0 : static_cast<double>(lowest);
  }
  return t;
}

namespace {
double budget(const std::vector<int>& lv, const std::vector<int>& levels, const std::vector<std::int64_t>& macs, double total) {
  double s = 0;
  for (std::size_t r = 0; r < lv.size(); ++r) s += static_cast<double>(macs[r]) * levels[static_cast<std::size_t>(lv[r])];
  return total > 0 ? s / total : 0.0;
}
double predicted(const std::vector<int>& lv, const std::vector<float>& metric, const std::vector<std::int64_t>& macs,
                 const std::vector<double>& c) {
  double s = 0;
  for (std::size_t r = 0; r < lv.size(); ++r)
    s += c[static_cast<std::size_t>(lv[r])] * static_cast<double>(metric[r]) * metric[r] * static_cast<double>(macs[r]);
  return s;
}
}  // namespace

CalibrationResult calibrate(const std::vector<float>& metric, const std::vector<std::int64_t>& macs,
                            const LevelErrorModel& model, double target, const HardwareFingerprint& deployed) {
  model.fingerprint.require_same(deployed);
  const std::size_t n = metric.size(), k = model.levels.size();
  if (macs.size() != n) {
    throw InvalidArgument("macs_per_row", to_text(macs.size()) + " entries", "expected one per row (" + to_text(n) + ")");
  }
  if (k == 0 || model.coefficient.size() != k) throw InvalidArgument("model.coefficient", to_text(model.coefficient.size()), "expected one per level");
  if (!(target > 0)) throw InvalidArgument("target_avg_stoc_len", to_text(target), "expected > 0");
  const double total = std::accumulate(macs.begin(), macs.end(), 0.0);
  const auto& L = model.levels;
  const auto& c = model.coefficient;

  // Threshold classifiers always give the largest-metric row (m̂ = 1) level 0, so the solver does too.
  const std::size_t top = n ? static_cast<std::size_t>(std::max_element(metric.begin(), metric.end()) - metric.begin()) : 0;
  // Row r's best level for multiplier λ: argmin_i c_i·m²·w + λ·w·L_i (ties → the longer stream).
  auto choose = [&](double lambda) {
    std::vector<int> lv(n, 0);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == top) continue;
      const double m2 = static_cast<double>(metric[r]) * metric[r];
      double best = 0;
      for (std::size_t i = 0; i < k; ++i) {
        const double cost = c[i] * m2 + lambda * L[i];
        if (i == 0 || cost < best) best = cost, lv[r] = static_cast<int>(i);
      }
    }
    return lv;
  };
  CalibrationResult res;
  res.levels = L;
  res.target_avg_stoc_len = target;
  std::vector<int> lv = choose(0.0);
  if (budget(lv, L, macs, total) > target) {
    double lo = 0.0, hi = 1.0;
    const int shortest = static_cast<int>(k) - 1;
    std::vector<int> all_short(n, shortest);
    if (n) all_short[top] = 0;
    if (budget(all_short, L, macs, total) > target) {
      res.feasible = false;
      lv = all_short;
    } else {
      while (budget(choose(hi), L, macs, total) > target && hi < 1e300) hi *= 2.0;
      for (int it = 0; it < 200; ++it) {
        const double mid = 0.5 * (lo + hi);
        if (budget(choose(mid), L, macs, total) > target) lo = mid;
        else hi = mid;
      }
      lv = choose(hi);
      // Water-filling: spend the slack on single-level upgrades with the best error saving per MAC·cycle,
      // only on the highest-metric row of a level (keeps the choice monotone in the metric).
      std::vector<std::size_t> order(n);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return metric[x] > metric[y]; });
      for (;;) {
        const double slack = target * total - budget(lv, L, macs, total) * total;
        double best_gain = 0;
        std::size_t best_row = n;
        for (std::size_t pos = 0; pos < n; ++pos) {
          const std::size_t r = order[pos];
          const int l = lv[r];
          if (l == 0) continue;
          if (pos > 0 && lv[order[pos - 1]] >= l) continue;   // only the top row of a level may move up
          const double cost = static_cast<double>(macs[r]) * (L[static_cast<std::size_t>(l - 1)] - L[static_cast<std::size_t>(l)]);
          if (cost > slack + 1e-9) continue;
          const double gain = (c[static_cast<std::size_t>(l)] - c[static_cast<std::size_t>(l - 1)]) *
                              static_cast<double>(metric[r]) * metric[r] * static_cast<double>(macs[r]);
          const double ratio = cost > 0 ? gain / cost : gain;
          if (gain > 0 && (best_row == n || ratio > best_gain)) best_gain = ratio, best_row = r;
        }
        if (best_row == n) break;
        --lv[best_row];
      }
    }
  }
  res.row_level = lv;
  res.fractions.assign(k, 0.0);
  for (int l : lv) res.fractions[static_cast<std::size_t>(l)] += n ? 1.0 / static_cast<double>(n) : 0.0;
  res.expected_avg_stoc_len = budget(lv, L, macs, total);
  res.expected_error = predicted(lv, metric, macs, c);
  res.thresholds = thresholds_for(metric, lv, static_cast<int>(k));
  const std::vector<int> realised = classify_rows_by_thresholds(metric, res.thresholds);
  res.realised_avg_stoc_len = budget(realised, L, macs, total);
  res.realised_error = predicted(realised, metric, macs, c);
  return res;
}

}  // namespace scmp::mp
