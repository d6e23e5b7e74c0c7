// Calibration: error model with a hardware fingerprint, budgeted level choice, thresholds that reproduce it.
#include "mp/calibration.hpp"

#include <random>

#include "mp/classify.hpp"
#include "mp/row_metrics.hpp"
#include "sim/error.hpp"
#include "support/catch.hpp"

using namespace scmp;

TEST_CASE("calibration meets a MAC-weighted budget with the least predicted error (hand example)", "[mp][calibration]") {
  mp::LevelErrorModel model;
  model.levels = {256, 64};
  model.coefficient = {1.0, 4.0};
  const std::vector<float> metric{4, 3, 2, 1};
  // Σ L ≤ 4·160 = 640 → two rows at 256; the two largest metrics get them. Error 16 + 9 + 4·4 + 4·1 = 45.
  const auto r = mp::calibrate(metric, {1, 1, 1, 1}, model, 160.0, model.fingerprint);
  CHECK(r.row_level == std::vector<int>{0, 0, 1, 1});
  CHECK(r.expected_avg_stoc_len == 160.0);
  CHECK(r.expected_error == 45.0);
  CHECK(r.thresholds == std::vector<double>{static_cast<double>(2.0f / 3.0f)});
  CHECK(r.realised_avg_stoc_len == 160.0);
  CHECK(r.fractions == std::vector<double>{0.5, 0.5});
  CHECK(r.feasible);
  // MAC weighting: row 0 has 5× the MACs → only it fits at 256 with target 160 (Σ = 8 MACs, 1280 budget).
  const auto w = mp::calibrate(metric, {5, 1, 1, 1}, model, 160.0, model.fingerprint);
  CHECK(w.row_level == std::vector<int>{0, 1, 1, 1});
  CHECK(w.expected_avg_stoc_len == (5 * 256.0 + 3 * 64.0) / 8.0);
  // Infeasible target: everything at the shortest level except the largest-metric row (thresholds on the
  // normalised metric always give it level 0), reported as such.
  const auto inf = mp::calibrate(metric, {1, 1, 1, 1}, model, 10.0, model.fingerprint);
  CHECK_FALSE(inf.feasible);
  CHECK(inf.row_level == std::vector<int>{0, 1, 1, 1});
  // A generous target: everything at the longest level.
  CHECK(mp::calibrate(metric, {1, 1, 1, 1}, model, 300.0, model.fingerprint).row_level == std::vector<int>{0, 0, 0, 0});
}

TEST_CASE("calibration refuses deployment with other hardware settings", "[mp][calibration]") {
  sim::MatmulOptions cal;
  mp::LevelErrorModel model;
  model.fingerprint = mp::HardwareFingerprint::of(cal);
  model.levels = {256, 64};
  model.coefficient = {1.0, 4.0};
  sim::MatmulOptions dep = cal;
  dep.scramble.family = sim::MaskFamily::counter;
  try {
    (void)mp::calibrate({1, 2}, {1, 1}, model, 100.0, mp::HardwareFingerprint::of(dep));
    FAIL("expected InvalidArgument");
  } catch (const sim::InvalidArgument& e) {
    CHECK(e.field() == "calibration.scramble");
    CHECK(e.value() == "counter");
  }
  dep = cal;
  dep.chunk_d = 128;
  CHECK_THROWS_AS(mp::calibrate({1, 2}, {1, 1}, model, 100.0, mp::HardwareFingerprint::of(dep)), sim::InvalidArgument);
  dep = cal;
  dep.halve = true;
  CHECK_THROWS_AS(mp::calibrate({1, 2}, {1, 1}, model, 100.0, mp::HardwareFingerprint::of(dep)), sim::InvalidArgument);
}

TEST_CASE("measured error model falls with stream length; budgets hold on random metrics", "[mp][calibration]") {
  for (std::uint64_t seed : {11u, 12u}) {
    CAPTURE(seed);
    std::mt19937_64 g(seed);
    std::normal_distribution<float> nd;
    std::uniform_real_distribution<float> sc(0.1f, 4.0f);
    sim::Tensor a({12, 40}), b({9, 40});
    for (int r = 0; r < 12; ++r) {
      const float s = sc(g);
      for (int d = 0; d < 40; ++d) a.data[static_cast<std::size_t>(r * 40 + d)] = s * nd(g);
    }
    for (auto& x : b.data) x = nd(g);
    sim::MatmulOptions o;
    o.backend = "cpu";
    o.threads = 1;
    const auto model = mp::measure_error_model(a, b, o, {256, 64, 16});
    REQUIRE(model.coefficient.size() == 3);
    CHECK(model.coefficient[0] < model.coefficient[1]);
    CHECK(model.coefficient[1] < model.coefficient[2]);
    CHECK(model.mse[0] < model.mse[2]);
    const auto metric = mp::row_abs_max(a);
    const std::vector<std::int64_t> macs(12, 9 * 40);
    for (double target : {40.0, 100.0, 180.0}) {
      CAPTURE(target);
      const auto r = mp::calibrate(metric, macs, model, target, mp::HardwareFingerprint::of(o));
      CHECK(r.feasible);
      CHECK(r.expected_avg_stoc_len <= target + 1e-9);
      CHECK(r.realised_avg_stoc_len <= target + 1e-9);   // distinct metrics: the thresholds reproduce the choice
      CHECK(mp::classify_rows_by_thresholds(metric, r.thresholds) == r.row_level);
      // Monotone: a larger metric never gets a shorter stream.
      for (std::size_t i = 0; i < metric.size(); ++i)
        for (std::size_t j = 0; j < metric.size(); ++j)
          if (metric[i] > metric[j]) CHECK(r.row_level[i] <= r.row_level[j]);
    }
  }
}
