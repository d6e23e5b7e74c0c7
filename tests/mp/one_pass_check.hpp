// Shared by the cpu/cycle (tests/mp) and cuda (tests/gpu) one-pass tests: a mixed-precision sc_matmul with
// per-row stream lengths equals, integer for integer, separate uniform runs on the rows of each level.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "experiments/param_tree_yaml.hpp"
#include "mp/policy.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "support/catch.hpp"

namespace scmp::testing {

inline sim::Tensor take_rows(const sim::Tensor& t, const std::vector<int>& rows) {
  const std::int64_t cols = t.dim(1);
  sim::Tensor out({static_cast<std::int64_t>(rows.size()), cols});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::int64_t d = 0; d < cols; ++d) out.data[i * cols + d] = t.data[static_cast<std::size_t>(rows[i] * cols + d)];
  }
  return out;
}

// Heavy-tailed random operand (a few large rows, so metric policies spread rows over levels).
inline sim::Tensor random_operand(std::mt19937_64& g, std::int64_t rows, std::int64_t cols) {
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::uniform_real_distribution<float> scale(0.05f, 3.0f);
  sim::Tensor t({rows, cols});
  for (std::int64_t r = 0; r < rows; ++r) {
    const float s = scale(g) * scale(g);
    for (std::int64_t d = 0; d < cols; ++d) t.data[static_cast<std::size_t>(r * cols + d)] = s * nd(g);
  }
  return t;
}

// Runs `options` with per-row lengths len_a / len_b (empty = uniform) in one pass, then each block of
// (rows of a with one length) × (rows of b with one length) as a uniform run at min of the two lengths, and
// requires equal accumulators and equal output words.
inline void check_one_pass_equals_per_level(const sim::Tensor& a, const sim::Tensor& b, sim::MatmulOptions options,
                                            const std::vector<int>& len_a, const std::vector<int>& len_b) {
  const int n = static_cast<int>(a.dim(0)), m = static_cast<int>(b.dim(0));
  options.row_stoc_len_a = len_a;
  options.row_stoc_len_b = len_b;
  const sim::MatmulResult one = sim::sc_matmul(a, b, options);
  const int chunks = one.chunks;
  std::map<int, std::vector<int>> rows_a, rows_b;
  for (int r = 0; r < n; ++r) rows_a[len_a.empty() ? -1 : len_a[static_cast<std::size_t>(r)]].push_back(r);
  for (int r = 0; r < m; ++r) rows_b[len_b.empty() ? -1 : len_b[static_cast<std::size_t>(r)]].push_back(r);
  for (const auto& [la, ra] : rows_a) {
    for (const auto& [lb, rb] : rows_b) {
      sim::MatmulOptions u = options;
      u.row_stoc_len_a.clear();
      u.row_stoc_len_b.clear();
      const int L = la < 0 ? lb : (lb < 0 ? la : std::min(la, lb));
      if (L > 0) u.stoc_len = L;
      CAPTURE(la, lb, L, ra.size(), rb.size());
      const sim::MatmulResult sep = sim::sc_matmul(take_rows(a, ra), take_rows(b, rb), u);
      REQUIRE(sep.chunks == chunks);
      const int sn = static_cast<int>(ra.size()), sm = static_cast<int>(rb.size());
      int mismatches = 0;
      for (int c = 0; c < chunks; ++c) {
        for (int i = 0; i < sn; ++i) {
          for (int j = 0; j < sm; ++j) {
            const auto x = one.accumulators[static_cast<std::size_t>((c * n + ra[i]) * m + rb[j])];
            const auto y = sep.accumulators[static_cast<std::size_t>((c * sn + i) * sm + j)];
            mismatches += x != y;
          }
        }
      }
      for (int i = 0; i < sn; ++i) {
        for (int j = 0; j < sm; ++j) {
          const float x = one.y.data[static_cast<std::size_t>(ra[i] * m + rb[j])];
          const float y = sep.y.data[static_cast<std::size_t>(i * sm + j)];
          mismatches += std::memcmp(&x, &y, sizeof x) != 0;
        }
      }
      CHECK(mismatches == 0);
    }
  }
}

// Random per_row problems whose per-row lengths come from MP policies; `backend` runs them.
inline void check_one_pass_random(const std::string& backend, int cases, std::uint64_t seed0) {
  const std::vector<std::string> families{"bitrev", "counter", "off"};
  for (int k = 0; k < cases; ++k) {
    const std::uint64_t seed = seed0 + static_cast<std::uint64_t>(k);
    CAPTURE(backend, seed);
    std::mt19937_64 g(seed);
    const int n = 1 + static_cast<int>(g() % 9), m = 1 + static_cast<int>(g() % 7), d = 1 + static_cast<int>(g() % 23);
    const sim::Tensor a = random_operand(g, n, d), b = random_operand(g, m, d);
    sim::MatmulOptions o;
    o.backend = backend;
    o.threads = 1;
    o.halve = g() % 2 == 0;
    o.scramble.family = sim::parse_mask_family(families[g() % families.size()]);
    o.chunk_d = (g() % 3 == 0 && d > 4) ? 4 : 0;
    const int top = o.halve ? 128 : 256;
    CAPTURE(n, m, d, o.halve, o.chunk_d, sim::to_string(o.scramble.family));
    // Side a: quantile policy over x_row_max with odd lengths (17 is not a power of two).
    const auto qa = experiments::make_policy(YAML::Load("{impl: quantile, levels: [" + std::to_string(top) +
                                               ", 96, 48, 17], fractions: [0.3, 0.3, 0.2, 0.2]}"),
                                    "mp");
    mp::OperatorContext ctx;
    ctx.op = "fc1";
    ctx.row_metric.resize(static_cast<std::size_t>(n));
    for (int r = 0; r < n; ++r) {
      float mx = 0;
      for (int j = 0; j < d; ++j) mx = std::max(mx, std::fabs(a.data[static_cast<std::size_t>(r * d + j)]));
      ctx.row_metric[static_cast<std::size_t>(r)] = mx;
    }
    const auto len_a = qa->assign(ctx).row_stoc_len();
    // Side b: range policy on the weight (per row).
    const auto rb = experiments::make_policy(YAML::Load("{impl: range, levels: [" + std::to_string(top) + ", 64, 31], base_threshold: 0.6}"), "mp");
    ctx.weight = &b;
    const auto len_b = rb->assign(ctx).row_stoc_len();
    check_one_pass_equals_per_level(a, b, o, len_a, {});      // a side
    check_one_pass_equals_per_level(a, b, o, {}, len_b);      // b side
    check_one_pass_equals_per_level(a, b, o, len_a, len_b);   // both: each pair runs the shorter length
  }
}

}  // namespace scmp::testing
