// Assignment result objects: per-row lengths, per-level rows, realised fractions and budgets.
#include "mp/assignment.hpp"

#include <cmath>

#include "mp/metric_summary.hpp"
#include "mp/row_metrics.hpp"
#include "sim/error.hpp"
#include "support/catch.hpp"

using namespace scmp;

TEST_CASE("assignment reports rows, fractions and weighted averages", "[mp][assignment]") {
  const mp::Assignment a{sim::Side::a, {256, 128, 64}, {0, 2, 2, 2}};
  CHECK(a.row_stoc_len() == std::vector<int>{256, 64, 64, 64});
  CHECK(a.level_rows() == std::vector<std::vector<int>>{{0}, {}, {1, 2, 3}});   // empty middle level
  CHECK(a.level_counts() == std::vector<std::int64_t>{1, 0, 3});
  CHECK(a.realised_fractions() == std::vector<double>{0.25, 0.0, 0.75});
  CHECK(a.row_weighted_avg_stoc_len() == 112.0);
  CHECK(a.mac_weighted_avg_stoc_len({1, 1, 1, 5}) == 88.0);   // (256 + 64 + 64 + 320) / 8
  CHECK_THROWS_AS(a.mac_weighted_avg_stoc_len({1, 1}), sim::InvalidArgument);
  const auto u = mp::uniform_assignment(3, 128);
  CHECK(u.row_stoc_len() == std::vector<int>{128, 128, 128});
  CHECK(u.row_weighted_avg_stoc_len() == 128.0);
}

TEST_CASE("row metrics: max magnitude for x and q, peak value for attention", "[mp][metrics]") {
  const sim::Tensor a({2, 3}, {1, -4, 2, 0, 0.5f, -0.25f});
  CHECK(mp::row_metric("x_row_max", a) == std::vector<float>{4, 0.5f});
  CHECK(mp::row_metric("q_row_max", a) == std::vector<float>{4, 0.5f});
  CHECK(mp::row_metric("attn_row_max", a) == std::vector<float>{2, 0.5f});   // signed max: −4 is not a peak
  const sim::Tensor b({2, 1, 2}, {-3, 1, 2, -2});
  CHECK(mp::row_metric("x_row_max", b) == std::vector<float>{3, 2});
  CHECK(mp::row_metric("attn_row_max", b) == std::vector<float>{1, 2});
  const sim::Tensor probs({2, 3}, {0.2f, 0.5f, 0.3f, 0.9f, 0.05f, 0.05f});   // on probabilities both agree
  CHECK(mp::row_metric("attn_row_max", probs) == mp::row_metric("x_row_max", probs));
  CHECK(mp::row_metric("attn_row_max", sim::Tensor({2, 0})) == std::vector<float>{0, 0});
  CHECK_THROWS_AS(mp::row_metric("row_mean", a), sim::InvalidArgument);
}

TEST_CASE("metric summary matches numpy's linear quantiles", "[mp][metrics]") {
  const auto s = mp::summarize_metric("qk", {4, 1, 3, 2, 5});
  CHECK(s.n == 5);
  CHECK(s.mean == 3.0);
  CHECK(std::fabs(s.std - std::sqrt(2.5)) < 1e-12);
  CHECK(s.min == 1.0);
  CHECK(s.max == 5.0);
  CHECK(s.q25 == 2.0);
  CHECK(s.q75 == 4.0);
  CHECK(std::fabs(s.q95 - 4.8) < 1e-12);
  CHECK(std::fabs(s.q99 - 4.96) < 1e-12);
}
