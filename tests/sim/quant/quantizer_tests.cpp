// Quantizers: the exact boundary formula, grouping, zero handling, and the reference's fp32 chains.
#include <cmath>
#include <random>

#include "sim/error.hpp"
#include "sim/quant/fused_rows_bipolar.hpp"
#include "sim/quant/grouped_bipolar.hpp"
#include "sim/quant/grouped_unipolar.hpp"
#include "sim/quant/per_head.hpp"
#include "sim/quant/per_tensor.hpp"
#include "sim/quant/smoothquant.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("boundary formula equals the reference's float evaluations on the exhaustive grid", "[sim][quant]") {
  // The reference evaluates round(|q|·G/q_max) in fp32. For p ≤ 10 every (q, G) below gives the exact integer;
  // from p = 12 (unipolar q_max = 4095) the fp32 product rounds some quotients just below .5 up to .5 (e.g.
  // 2047·4096/4095 = 2047.49988 → 2047.5 → 2048): this project uses the exact integer (the hardware's divider).
  for (int p = 2; p <= 12; ++p) {
    for (int q_max : {bipolar_q_max(p), unipolar_q_max(p)}) {
      if (q_max < 1) continue;
      for (int G : {1 << p, 1 << (p - 1), 100, 3}) {
        const float inv_q = recip_f(q_max);
        const float ratio = static_cast<float>(static_cast<double>(G) / q_max);
        for (int q = 0; q <= q_max; ++q) {
          const int exact = boundary_of(q, G, q_max);
          CAPTURE(p, q_max, G, q);
          REQUIRE(exact == static_cast<int>(std::llround(std::floor((2.0 * q * G + q_max) / (2.0 * q_max)))));
          REQUIRE(exact >= 0);
          REQUIRE(exact <= G);
          if (p <= 10) {
            REQUIRE(exact == static_cast<int>(rne((static_cast<float>(q) * static_cast<float>(G)) * inv_q)));  // §5.1
            REQUIRE(exact == static_cast<int>(rne(static_cast<float>(q) * ratio)));                           // §5.3
          }
        }
      }
    }
  }
}

TEST_CASE("grouped bipolar: groups of rows share a scale, zeros get sign +1", "[sim][quant]") {
  // 5 rows, group 2 → groups {0,1}, {2,3}, {4}.
  std::vector<float> x(5 * 3);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) - 7.0f;
  const auto q = quantize_grouped_bipolar(x.data(), 5, 3, 2, 8, 256);
  CHECK(q.scale[0] == q.scale[1]);
  CHECK(q.scale[2] == q.scale[3]);
  CHECK(q.scale[4] != q.scale[3]);
  CHECK(q.scale[0] == 7.0f * recip_f(127));
  CHECK(q.sign[7] == 1);  // x = 0
  CHECK(q.level[7] == 0.0f);
  CHECK(q.level[0] == -127.0f);  // the group's max |x| maps to q_max
  CHECK(q.boundary[0] == 256);
  CHECK_THROWS_AS(quantize_grouped_bipolar(x.data(), 5, 3, 0, 8, 256), InvalidArgument);
  const auto one = quantize_grouped_bipolar(x.data(), 5, 3, 99, 8, 256);
  for (float s : one.scale) CHECK(s == one.scale[0]);
}

TEST_CASE("grouped unipolar: zero point, two roundings, row sums", "[sim][quant]") {
  std::mt19937 g(123);
  std::uniform_real_distribution<float> u(-1.0f, 3.0f);
  std::vector<float> x(4 * 9);
  for (auto& v : x) v = u(g);
  const auto q = quantize_grouped_unipolar(x.data(), 1, 4, 9, 1, 8, 256);
  for (int r = 0; r < 4; ++r) {
    float mx = -1e9f, mn = 1e9f;
    for (int c = 0; c < 9; ++c) {
      mx = std::max(mx, x[r * 9 + c]);
      mn = std::min(mn, x[r * 9 + c]);
    }
    const float scale = std::max(mx - mn, static_cast<float>(1e-5)) * recip_f(255);
    CHECK(q.scale[r] == scale);
    CHECK(q.zero_point[r] == std::clamp(std::nearbyint(-mn / scale), 0.0f, 255.0f));
    float sum = 0;
    for (int c = 0; c < 9; ++c) {
      const volatile float t = x[r * 9 + c] / scale;  // no FMA: two roundings
      CHECK(q.level[r * 9 + c] == std::clamp(std::nearbyint(t + q.zero_point[r]), 0.0f, 255.0f));
      sum += q.level[r * 9 + c];
    }
    CHECK(q.row_sum[r] == sum);
  }
}

TEST_CASE("fused, per-tensor and per-head quantizers keep zeros at sign 0", "[sim][quant]") {
  const std::vector<float> x{0.0f, 1.0f, -2.0f, 0.5f, 0.0f, -0.25f};
  const auto f = quantize_fused_rows_bipolar(x.data(), 2, 3, 3, 8, 256);
  CHECK(f.sign[0] == 0);
  CHECK(f.sign[4] == 0);
  CHECK(f.sign[2] == -1);
  CHECK(f.scale[0] == 2.0f / 127.0f);
  const auto t = quantize_per_tensor_bipolar(x.data(), x.size(), 2.0, 8, 256);
  CHECK(t.sign[0] == 0);
  CHECK(t.scale_d == 2.0 / 127);
  CHECK(t.level[2] == -127.0f);
  const auto h = quantize_per_head_bipolar(x.data(), 2, 1, 3, 8, 256);
  CHECK(h.sign[0] == 0);
  CHECK(h.scale[0] == 2.0f * recip_f(127));
  CHECK(h.scale[1] == 0.5f * recip_f(127));
  const auto uni = quantize_per_tensor_unipolar(x.data(), 2, 3, 1.0, -2.0, 8, 256);
  CHECK(uni.zero_point_d == std::nearbyint(2.0 / (3.0 / 255)));
  CHECK(uni.level[2] == 0.0f);
  CHECK(uni.level[1] == 255.0f);
}

TEST_CASE("SmoothQuant helpers follow the reference's closed forms and checks", "[sim][quant]") {
  Tensor x({2, 3}, std::vector<float>{1.0f, -4.0f, 0.5f, -2.0f, 3.0f, 0.25f});
  const auto act = accumulate_act_scales(x);
  CHECK(act == std::vector<float>{2.0f, 4.0f, 0.5f});
  CHECK(accumulate_act_scales(x, std::vector<float>{3.0f, 1.0f, 1.0f}) == std::vector<float>{3.0f, 4.0f, 1.0f});
  Tensor w({2, 3}, std::vector<float>{0.5f, 2.0f, -8.0f, 1.0f, -1.0f, 4.0f});
  const auto s1 = compute_smooth_scales(act, w, 1.0);
  CHECK(s1 == act);
  const auto s0 = compute_smooth_scales(act, w, 0.0);
  CHECK(s0 == std::vector<float>{1.0f, 0.5f, 0.125f});
  CHECK_THROWS_AS(compute_smooth_scales(act, w, 1.5), InvalidArgument);
  CHECK_THROWS_AS(compute_smooth_scales({1.0f, 2.0f}, w, 0.5), InvalidArgument);
  CHECK_THROWS_AS(compute_smooth_scales(act, Tensor({6}, 1.0f), 0.5), InvalidArgument);
  CHECK_THROWS_AS(apply_smoothing(x, w, {1.0f, 2.0f}), InvalidArgument);
  const auto [xs, ws] = apply_smoothing(x, w, s1);
  CHECK(xs.data[1] == -1.0f);
  CHECK(ws.data[1] == 8.0f);
  CHECK(apply_smoothing_offline(w, s1).data == ws.data);
}
