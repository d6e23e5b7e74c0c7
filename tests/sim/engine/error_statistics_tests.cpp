// SC multiply error on the exhaustive n-bit grid (docs/REFERENCE-NOTES.md "Numbers to reproduce"): Sobol/enable error falls
// like ~1/N, iid random like ~1/√N.
#include <cmath>

#include "sim/engine/cycle_engine.hpp"
#include "sim/engine/random_problem.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

namespace {

// RMSE of count/L against the exact product (a/N)(b/N) over every a, b ∈ 0..N−1 with N = L = G = 2^p.
double grid_rmse(int p, Multiplier m, const RngConfig& config) {
  const int N = 1 << p;
  scmp::testing::OwnedProblem o;
  auto& pr = o.problem;
  pr.rows_a = pr.rows_b = N;
  pr.depth = pr.lanes = 1;
  pr.multiplier = m;
  pr.geometry = {p, N, N};
  for (int i = 0; i < N; ++i) {
    o.ba.push_back(static_cast<std::uint16_t>(i));
    o.bb.push_back(static_cast<std::uint16_t>(i));
  }
  o.config = config;
  o.bind();
  const auto S = run_cycle_engine(pr).accumulators;
  double se = 0;
  for (int a = 0; a < N; ++a) {
    for (int b = 0; b < N; ++b) {
      const double e = static_cast<double>(S[static_cast<std::size_t>(a) * N + b]) / N - (a / double(N)) * (b / double(N));
      se += e * e;
    }
  }
  return std::sqrt(se / (double(N) * N));
}

RngConfig prng_config(int p, std::uint64_t seed) {
  RngConfig c = sobol_simple_config(1, p);
  c.name = "prng";
  c.pool = {RngSpec{.kind = "prng", .bits = p, .seed = seed}, RngSpec{.kind = "prng", .bits = p, .seed = seed + 1000}};
  return c;
}

}  // namespace

TEST_CASE("enable with Sobol b falls like 1/N on the exhaustive grid", "[sim][engine]") {
  // docs/REFERENCE-NOTES.md: enable-signal (b: Sobol) 0.0276 (N=16), 0.0082 (64), 0.0024 (256).
  const double want[] = {0.0276, 0.0082, 0.0024};
  int i = 0;
  for (int p : {4, 6, 8}) {
    const double e = grid_rmse(p, Multiplier::enable, sobol_simple_config(1, p));
    CAPTURE(p, e);
    CHECK(e == Approx(want[i++]).epsilon(0.03));
    CHECK(e * (1 << p) < 0.7);  // ~0.6/N
  }
}

TEST_CASE("iid random streams fall like 1/sqrt(N)", "[sim][engine]") {
  // One seed's grid shares one stream pair, so its error is noisy: average the MSE over seeds. Expected RMSE for
  // independent streams: sqrt(mean(ab(1−ab)) / N) = sqrt((1/4 − 1/9) / N) ≈ 0.37/√N (docs/REFERENCE-NOTES.md).
  double rmse[2] = {0, 0};
  const int ps[2] = {6, 8};
  for (int k = 0; k < 2; ++k) {
    double mse = 0;
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
      const double e = grid_rmse(ps[k], Multiplier::and_gate, prng_config(ps[k], seed));
      mse += e * e / 8;
    }
    rmse[k] = std::sqrt(mse);
    CAPTURE(ps[k], rmse[k]);
    CHECK(rmse[k] * std::sqrt(double(1 << ps[k])) > 0.28);
    CHECK(rmse[k] * std::sqrt(double(1 << ps[k])) < 0.46);
  }
  // 4× more cycles: 1/√N predicts a ratio of 2 (1/N would give 4).
  CHECK(rmse[0] / rmse[1] > 1.5);
  CHECK(rmse[0] / rmse[1] < 2.7);
}
