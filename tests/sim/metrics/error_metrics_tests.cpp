// Error metrics against the float64 exact product.
#include <cmath>

#include "sim/error.hpp"
#include "sim/metrics/error_metrics.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("error metrics: exact product in float64 and each metric's definition", "[sim][metrics]") {
  const Tensor a({2, 2}, std::vector<float>{1.0f, 2.0f, 3.0f, 4.0f});
  const Tensor b({1, 2}, std::vector<float>{1.0f, 1.0f});
  CHECK(exact_product(a, b) == std::vector<double>{3.0, 7.0});
  const Tensor y({2, 1}, std::vector<float>{4.0f, 7.0f});
  const auto m = error_metrics(y, a, b);
  CHECK(m.count == 2);
  CHECK(m.mse == 0.5);
  CHECK(m.rmse == std::sqrt(0.5));
  CHECK(m.max_abs == 1.0);
  CHECK(m.bias == 0.5);
  CHECK(std::fabs(m.rel_fro - (1.0 / std::sqrt(58.0))) < 1e-12);
  CHECK(std::fabs(m.cosine - ((12.0 + 49.0) / (std::sqrt(65.0) * std::sqrt(58.0)))) < 1e-12);
  CHECK(std::fabs(m.ref_rms - (std::sqrt(29.0))) < 1e-12);
  const auto same = error_metrics(Tensor({2, 1}, std::vector<float>{3.0f, 7.0f}), a, b);
  CHECK(same.mse == 0.0);
  CHECK(std::fabs(same.cosine - (1.0)) < 1e-12);
  CHECK_THROWS_AS(error_metrics(Tensor({3}, 0.0f), a, b), InvalidArgument);
  // Batched.
  const Tensor a3({2, 1, 2}, std::vector<float>{1, 2, 3, 4}), b3({2, 1, 2}, std::vector<float>{1, 0, 0, 1});
  CHECK(exact_product(a3, b3) == std::vector<double>{1.0, 4.0});
}
