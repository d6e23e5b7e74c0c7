// The example configurations: all validate, and miniatures of quickstart.yaml and rng_compare.yaml show the
// reference's trends (scramble matters more as L shrinks, halve is free; Sobol/enable ∝ 1/L, iid ∝ 1/√L).
#include <cmath>
#include <map>

#include "experiments/config_loader.hpp"
#include "experiments/results_file.hpp"
#include "experiments/sweep_plan.hpp"
#include "support/catch.hpp"
#include "support/sweep_test_support.hpp"

using namespace scmp::experiments;
using scmp::testing::run_scmp;
using scmp::testing::ScratchDir;

namespace {

std::string configs_dir() { return std::string(SCMP_SOURCE_DIR) + "/configs/"; }

// Least-squares slope of log(y) against log(x).
double log_slope(const std::vector<double>& x, const std::vector<double>& y) {
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += std::log(x[i]);
    my += std::log(y[i]);
  }
  mx /= static_cast<double>(x.size());
  my /= static_cast<double>(x.size());
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (std::log(x[i]) - mx) * (std::log(y[i]) - my);
    sxx += (std::log(x[i]) - mx) * (std::log(x[i]) - mx);
  }
  return sxy / sxx;
}

}  // namespace

TEST_CASE("every example configuration validates", "[experiments][configs]") {
  for (const char* name : {"quickstart.yaml", "ablation.yaml", "rng_compare.yaml", "mp_budget.yaml", "smoothquant_schedule.yaml"}) {
    INFO(name);
    const auto plan = plan_sweep(load_config_file(configs_dir() + name));
    CHECK(!plan.points.empty());
  }
  CHECK(plan_sweep(load_config_file(configs_dir() + "ablation.yaml")).points.size() == 8 * 2 * 3);
  CHECK(plan_sweep(load_config_file(configs_dir() + "smoothquant_schedule.yaml")).points.size() == 4 * 2);
}

TEST_CASE("quickstart miniature: scramble matters more as L shrinks, halve costs nothing", "[experiments][configs]") {
  ScratchDir dir("quick");
  // The real quickstart, included, with smaller operands (the overrides merge key by key).
  const auto cfg = dir.write("mini.yaml", "version: 1\ninclude: " + configs_dir() + "quickstart.yaml\n" +
                                              "variables: {hidden: 256, tokens: 32}\n"
                                              "metrics: {cost: false}\n"
                                              "workload:\n  operators:\n"
                                              "    down: {a: {shape: [32, 512]}, b: {shape: [64, 512]}}\n"
                                              "sweep:\n  grid:\n    hardware.stoc_len: [128, 16]\n"
                                              "    hardware.scramble: [\"off\", bitrev]\n    hardware.halve: [false, true]\n"
                                              "  seeds: [0]\n");
  const auto r = run_scmp({"sweep", cfg, "-o", dir.file("q.h5")}, dir.file("log"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto t = read_index(dir.file("q.h5"));
  REQUIRE(t.rows.size() == 8);
  std::map<std::tuple<int, std::string, int>, double> mse;  // (L, scramble, halve) → mse
  for (const auto& row : t.rows) {
    mse[{static_cast<int>(row.axis_numbers[0]), row.axis_strings[1], static_cast<int>(row.axis_numbers[2])}] = row.metrics[0];
  }
  for (int h : {0, 1}) {
    const double gain_long = mse[{128, "off", h}] / mse[{128, "bitrev", h}];
    const double gain_short = mse[{16, "off", h}] / mse[{16, "bitrev", h}];
    INFO("halve " << h << ": off/bitrev at L=128 " << gain_long << ", at L=16 " << gain_short);
    CHECK(gain_short > 2.0 * gain_long);
    CHECK(gain_short > 3.0);
  }
  for (int L : {128, 16}) {
    for (const char* s : {"off", "bitrev"}) {
      const double full = mse[std::make_tuple(L, std::string(s), 0)];
      const double halved = mse[std::make_tuple(L, std::string(s), 1)];
      INFO("L " << L << " " << s << ": full " << full << ", halve " << halved);
      CHECK(halved <= 1.1 * full);
    }
  }
}

TEST_CASE("rng_compare miniature: Sobol/enable error falls like 1/L, iid like 1/sqrt(L)", "[experiments][configs]") {
  ScratchDir dir("rngcmp");
  const auto cfg = dir.write("mini.yaml", "version: 1\ninclude: " + configs_dir() + "rng_compare.yaml\n" +
                                              "metrics: {cost: false}\n"
                                              "sweep:\n  grid:\n    hardware.rng.builder: [sobol_simple, iid_random]\n"
                                              "    hardware.multiplier: [enable]\n"
                                              "    hardware.stoc_len: [16, 32, 64, 128, 256, 512]\n");
  const auto r = run_scmp({"sweep", cfg, "-o", dir.file("r.h5")}, dir.file("log"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto t = read_index(dir.file("r.h5"));
  REQUIRE(t.rows.size() == 12);
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> curves;  // builder → (L, rmse)
  for (const auto& row : t.rows) {
    curves[row.axis_strings[0]].first.push_back(row.axis_numbers[2]);
    curves[row.axis_strings[0]].second.push_back(row.metrics[1]);
  }
  const double sobol = log_slope(curves["sobol_simple"].first, curves["sobol_simple"].second);
  const double iid = log_slope(curves["iid_random"].first, curves["iid_random"].second);
  INFO("slopes: sobol " << sobol << ", iid " << iid);
  CHECK(sobol < -0.85);
  CHECK(sobol > -1.15);
  CHECK(iid < -0.35);
  CHECK(iid > -0.65);
}
