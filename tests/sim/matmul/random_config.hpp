// Randomly drawn sc_matmul configurations for the backend-equivalence and property tests (small shapes).
#pragma once
#include <cstdint>
#include <random>
#include <string>

#include "sim/matmul/sc_matmul.hpp"
#include "sim/sng/rng_builders.hpp"

namespace scmp::testing {

struct DrawnCase {
  sim::Tensor a, b;
  sim::MatmulOptions options;
  std::string text;  // for INFO
};

inline sim::Tensor random_tensor(std::mt19937_64& g, std::vector<std::int64_t> shape, bool heavy = false) {
  sim::Tensor t(std::move(shape));
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::uniform_int_distribution<int> coin(0, 19);
  for (auto& v : t.data) {
    v = nd(g);
    if (heavy && coin(g) == 0) v *= 20.0f;
    if (coin(g) == 0) v = 0.0f;  // exact zeros exercise the zero-sign rules
  }
  return t;
}

inline DrawnCase draw_case(std::uint64_t seed) {
  std::mt19937_64 g(seed);
  auto pick = [&](int n) { return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(g)); };
  DrawnCase c;
  auto& o = c.options;
  o.sc_prec = pick(3) == 0 ? 3 + pick(5) : 8;  // mostly 8; sometimes 3..7
  const int period = 1 << o.sc_prec;
  const int Ls[] = {1, 7, 16, 100, 255, 256};
  o.stoc_len = std::min(Ls[pick(6)], period);
  const int Gs[] = {period, period / 2, 100};
  o.rng_levels = std::min(Gs[pick(3)], period);
  const int gran = pick(4);  // per_row 2-D, per_row 3-D, per_tensor, per_head
  o.granularity = gran == 2 ? sim::Granularity::per_tensor : gran == 3 ? sim::Granularity::per_head : sim::Granularity::per_row;
  o.mode = gran == 3 || pick(3) == 0 ? sim::Mode::bipolar : (pick(2) ? sim::Mode::unipolar : sim::Mode::bipolar);
  const bool three_d = gran == 1 || gran == 3 || (gran == 2 && pick(3) == 0);
  const int B = three_d ? 1 + pick(3) : 1, N = 1 + pick(7), M = 1 + pick(7), D = 1 + pick(70);
  if (gran == 0 && o.mode == sim::Mode::bipolar && pick(3) == 0) o.chunk_d = 1 + pick(12);
  if (gran <= 1 && o.chunk_d == 0) {
    o.group_a = 1 + pick(4);
    o.group_b = 1 + pick(4);
  }
  const sim::Multiplier mults[] = {sim::Multiplier::enable, sim::Multiplier::thermometer, sim::Multiplier::and_gate,
                                   sim::Multiplier::xnor};
  o.multiplier = mults[pick(o.mode == sim::Mode::bipolar ? 4 : 3)];
  const sim::MaskFamily fams[] = {sim::MaskFamily::off, sim::MaskFamily::counter, sim::MaskFamily::bitrev, sim::MaskFamily::random};
  o.scramble.family = fams[pick(4)];
  o.scramble.rescale = pick(4) != 0;
  o.scramble.seed = g();
  const int lanes = o.chunk_d > 0 && D > o.chunk_d ? o.chunk_d : D;
  const auto builders = sim::rng_builder_names();
  std::string builder = builders[static_cast<std::size_t>(pick(static_cast<int>(builders.size())))];
  if (o.sc_prec < 3 && builder.rfind("lfsr", 0) == 0) builder = "sobol_simple";
  o.rng = sim::build_rng_config(builder, lanes, o.sc_prec, {}, g());
  if (gran == 0 && !three_d && pick(3) == 0) {  // mixed precision
    for (int n = 0; n < N; ++n) o.row_stoc_len_a.push_back(1 + pick(period));
    if (pick(2)) {
      for (int m = 0; m < M; ++m) o.row_stoc_len_b.push_back(1 + pick(period));
    }
  }
  o.halve = pick(5) == 0;
  if (o.halve && pick(2)) {
    o.stoc_len.reset();
    o.rng_levels.reset();
  }
  c.a = random_tensor(g, three_d ? std::vector<std::int64_t>{B, N, D} : std::vector<std::int64_t>{N, D}, pick(2) == 0);
  c.b = random_tensor(g, three_d ? std::vector<std::int64_t>{B, M, D} : std::vector<std::int64_t>{M, D}, pick(2) == 0);
  c.text = "seed=" + std::to_string(seed) + " p=" + std::to_string(o.sc_prec) + " L=" +
           (o.stoc_len ? std::to_string(*o.stoc_len) : "-") + " G=" + (o.rng_levels ? std::to_string(*o.rng_levels) : "-") +
           " halve=" + std::to_string(o.halve) + " gran=" + sim::to_string(o.granularity) + " mode=" + sim::to_string(o.mode) +
           " B=" + std::to_string(B) + " N=" + std::to_string(N) + " M=" + std::to_string(M) + " D=" + std::to_string(D) +
           " chunk_d=" + std::to_string(o.chunk_d) + " groups=" + std::to_string(o.group_a) + "/" + std::to_string(o.group_b) +
           " mult=" + sim::to_string(o.multiplier) + " scramble=" + sim::to_string(o.scramble.family) +
           " rescale=" + std::to_string(o.scramble.rescale) + " rng=" + builder +
           " mp=" + std::to_string(o.row_stoc_len_a.size()) + "/" + std::to_string(o.row_stoc_len_b.size());
  return c;
}

}  // namespace scmp::testing
