// Hand-computed classifier examples: ties, rounding residues, N smaller than the level count, bucket edges.
#include "mp/classify.hpp"

#include <random>

#include "sim/error.hpp"
#include "support/catch.hpp"

using scmp::mp::bucket_index;
using scmp::mp::classify_groups_by_range;
using scmp::mp::classify_rows_by_metric;
using scmp::mp::classify_rows_by_thresholds;
using V = std::vector<int>;

TEST_CASE("quantile split ranks by metric, ties to the lower row index", "[mp][classify]") {
  // Sorted: row1 (0.9), row3 (0.9, later index), row0, row4, row2; counts round(2.0)=2, round(2.0)=2, rest 1.
  CHECK(classify_rows_by_metric({0.5f, 0.9f, 0.1f, 0.9f, 0.3f}, {0.4, 0.4, 0.2}) == V{1, 0, 2, 0, 1});
  // All equal: pure index order.
  CHECK(classify_rows_by_metric({1, 1, 1, 1}, {0.5, 0.25, 0.25}) == V{0, 0, 1, 2});
}

TEST_CASE("quantile split rounds half to even and clamps", "[mp][classify]") {
  CHECK(classify_rows_by_metric({2, 1}, {0.25, 0.75}) == V{1, 1});                      // 0.5 → 0
  CHECK(classify_rows_by_metric({6, 5, 4, 3, 2, 1}, {0.25, 0.75}) == V{0, 0, 1, 1, 1, 1});  // 1.5 → 2
  // 2.5 → 2, 2.5 → 2, rest 6.
  CHECK(classify_rows_by_metric({9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, {0.25, 0.25, 0.5}) == V{0, 0, 1, 1, 2, 2, 2, 2, 2, 2});
  // round(1.5) = 2, round(1.5) = 2 clamped to the 1 row left, last level empty.
  CHECK(classify_rows_by_metric({3, 2, 1}, {0.5, 0.5, 0.0}) == V{0, 0, 1});
}

TEST_CASE("quantile split with fewer rows than levels", "[mp][classify]") {
  CHECK(classify_rows_by_metric({1, 2}, {0.25, 0.25, 0.25, 0.25}) == V{3, 3});  // every 0.5 rounds to 0
  CHECK(classify_rows_by_metric({1}, {0.7, 0.2, 0.1}) == V{0});
  CHECK(classify_rows_by_metric({}, {0.5, 0.5}).empty());
}

TEST_CASE("quantile split realises the rounded counts on random metrics", "[mp][classify]") {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    std::mt19937 g(seed);
    const int n = 1 + static_cast<int>(g() % 97);
    std::vector<float> m(static_cast<std::size_t>(n));
    for (auto& x : m) x = static_cast<float>(g() % 7);   // many ties
    const std::vector<double> f{0.3, 0.5, 0.2};
    const auto lv = classify_rows_by_metric(m, f);
    std::vector<long long> counts(3, 0);
    for (int l : lv) ++counts[static_cast<std::size_t>(l)];
    const long long c0 = std::llround(std::nearbyint(0.3 * n)), c1 = std::min<long long>(std::llround(std::nearbyint(0.5 * n)), n - c0);
    CHECK(counts[0] == c0);
    CHECK(counts[1] == c1);
    CHECK(counts[2] == n - c0 - c1);
    // Monotone: a row with a larger metric never gets a shorter stream.
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j)
        if (m[static_cast<std::size_t>(i)] > m[static_cast<std::size_t>(j)]) CHECK(lv[static_cast<std::size_t>(i)] <= lv[static_cast<std::size_t>(j)]);
  }
}

TEST_CASE("threshold classification on the normalised metric; equal goes to the higher level", "[mp][classify]") {
  CHECK(classify_rows_by_thresholds({0, 0.25f, 0.5f, 0.75f, 1}, {0.5, 0.25}) == V{2, 1, 0, 0, 0});
  CHECK(classify_rows_by_thresholds({2, 4, 6}, {0.5}) == V{1, 0, 0});   // m̂ = 0, 0.5, 1
  CHECK(classify_rows_by_thresholds({3, 3, 3}, {0.9, 0.1}) == V{0, 0, 0});   // degenerate → level 0
  CHECK(classify_rows_by_thresholds({1, 1 + 5e-9f}, {0.9}) == V{0, 0});
}

TEST_CASE("bucket index at its edges", "[mp][classify]") {
  CHECK(bucket_index(0, 10, 4) == 0);
  CHECK(bucket_index(2, 10, 4) == 0);   // 2/9·4 = 0.89
  CHECK(bucket_index(3, 10, 4) == 1);   // 1.33
  CHECK(bucket_index(4, 10, 4) == 1);   // 1.78
  CHECK(bucket_index(5, 10, 4) == 2);   // 2.22
  CHECK(bucket_index(7, 10, 4) == 3);   // 3.11
  CHECK(bucket_index(9, 10, 4) == 3);   // 4 → clamped to nb − 1
  CHECK(bucket_index(5, 1, 4) == 0);
  CHECK(bucket_index(5, 10, 1) == 0);
}

TEST_CASE("range classification per row and per group", "[mp][classify]") {
  const scmp::sim::Tensor w({4, 2}, {0, 1, 0, 2, 0, 3, 0, 5});   // row ranges 1, 2, 3, 5
  // r̂ = 0, 0.25, 0.5, 1; boundaries [0.3, 0.15].
  CHECK(classify_groups_by_range(w, 1, 0.3, 3) == V{2, 1, 0, 0});
  // Groups of 2: ranges 2 and 5 → r̂ 0, 1.
  CHECK(classify_groups_by_range(w, 2, 0.3, 3) == V{2, 2, 0, 0});
  // One group (≤ 0 or ≥ rows) is degenerate → highest precision (the reference gave the lowest, §12 bug 27).
  CHECK(classify_groups_by_range(w, 0, 0.3, 3) == V{0, 0, 0, 0});
  CHECK(classify_groups_by_range(w, 4, 0.3, 3) == V{0, 0, 0, 0});
  CHECK(classify_groups_by_range(w, 9, 0.3, 3) == V{0, 0, 0, 0});
  // Equal ranges are degenerate too.
  const scmp::sim::Tensor eq({2, 2}, {0, 1, 0, 1});
  CHECK(classify_groups_by_range(eq, 1, 0.3, 2) == V{0, 0});
  // The threshold is capped at 0.95: ranges 0, 0.96, 1 → r̂ 0, 0.96, 1 against b = [0.95] (not 1.0).
  const scmp::sim::Tensor w3({3, 2}, {0, 0, 0, 0.96f, 0, 1});
  CHECK(classify_groups_by_range(w3, 1, 1.0, 2) == V{1, 0, 0});
}

TEST_CASE("range classification rejects a group size that does not divide the rows", "[mp][classify]") {
  const scmp::sim::Tensor w({4, 2}, {0, 1, 0, 2, 0, 3, 0, 5});
  try {
    (void)classify_groups_by_range(w, 3, 0.3, 3, "mp");
    FAIL("expected InvalidArgument");
  } catch (const scmp::sim::InvalidArgument& e) {
    CHECK(e.field() == "mp.group_size");
    CHECK(e.value() == "3");
  }
}
