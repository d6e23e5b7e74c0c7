// Randomly drawn sc_matmul configurations aimed at the paths where bit-exactness is hardest (issue 16): odd
// stream lengths, rng_levels that are not a power of two, sc_prec 4–10, unipolar operands with rows of zeros
// and outliers, chunk_d with D not a multiple of chunk_d, groups, 3-D, per_head, mixed precision.
#pragma once
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>

#include "sim/matmul/sc_matmul.hpp"
#include "sim/sng/rng_builders.hpp"

namespace scmp::testing {

enum class HardPath { per_row, per_row_3d, unipolar_rows, chunked, per_tensor, per_head };
constexpr int kHardPaths = 6;

struct HardCase {
  sim::Tensor a, b;
  sim::MatmulOptions options;
  HardPath path = HardPath::per_row;
  std::string text;   // for INFO: everything needed to rebuild it is `seed`
};

// Gaussian rows with a per-row scale; unipolar-style operands get rows of zeros, rows of one constant, and
// outliers (×1000), so the grouped quantizer meets zero ranges and the zero-point clamp (§12.8).
inline sim::Tensor hard_tensor(std::mt19937_64& g, std::vector<std::int64_t> shape, bool hostile) {
  sim::Tensor t(std::move(shape));
  const std::int64_t cols = t.dim(-1), rows = static_cast<std::int64_t>(t.data.size()) / cols;
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::uniform_int_distribution<int> pct(0, 99);
  for (std::int64_t r = 0; r < rows; ++r) {
    const int kind = hostile ? pct(g) : 99;
    const float row_scale = std::exp2(static_cast<float>(pct(g) % 9) - 4.0f);
    const float shift = hostile && pct(g) < 30 ? 3.0f : 0.0f;   // ranges that exclude 0
    for (std::int64_t d = 0; d < cols; ++d) {
      float v = shift + row_scale * nd(g);
      if (kind < 12) v = 0.0f;                                   // a row of zeros
      else if (kind < 18) v = 0.75f;                             // a constant row
      else if (pct(g) < (hostile ? 4 : 1)) v *= 1000.0f;         // outliers
      else if (pct(g) < 5) v = 0.0f;                             // exact zeros (zero-sign rules)
      t.data[static_cast<std::size_t>(r * cols + d)] = v;
    }
  }
  return t;
}

inline HardCase draw_hard_case(std::uint64_t seed) {
  std::mt19937_64 g(seed);
  auto pick = [&](int n) { return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(g)); };
  HardCase c;
  auto& o = c.options;
  c.path = static_cast<HardPath>(pick(kHardPaths));
  o.sc_prec = 4 + pick(7);   // 4..10
  const int period = 1 << o.sc_prec;
  // L: mostly odd, sometimes a power of two; G: mostly not a power of two.
  o.stoc_len = pick(4) == 0 ? period >> pick(3) : std::min(period, 1 + 2 * pick(period / 2));
  o.rng_levels = pick(4) == 0 ? period : std::max(1, period - 1 - pick(period - 1));
  const bool unipolar = c.path == HardPath::unipolar_rows || (c.path == HardPath::per_tensor && pick(2) == 0);
  o.mode = unipolar ? sim::Mode::unipolar : sim::Mode::bipolar;
  int B = 1, N = 1 + pick(9), M = 1 + pick(9), D = 1 + pick(80);
  bool three_d = false;
  switch (c.path) {
    case HardPath::per_row:
      o.group_a = 1 + pick(4);
      o.group_b = 1 + pick(4);
      break;
    case HardPath::per_row_3d:
      three_d = true;
      B = 1 + pick(3);
      o.group_a = 1 + pick(3);
      break;
    case HardPath::unipolar_rows:
      o.group_a = pick(3) == 0 ? 2 : 1;
      break;
    case HardPath::chunked:
      o.chunk_d = 2 + pick(15);
      D = o.chunk_d + 1 + pick(3 * o.chunk_d);
      if (D % o.chunk_d == 0) ++D;   // the last chunk is always short
      break;
    case HardPath::per_tensor:
      three_d = pick(3) == 0;
      B = three_d ? 1 + pick(3) : 1;
      break;
    case HardPath::per_head:
      o.granularity = sim::Granularity::per_head;
      three_d = true;
      B = 1 + pick(4);
      break;
  }
  if (c.path == HardPath::per_tensor) o.granularity = sim::Granularity::per_tensor;
  const bool two_d_rows = c.path == HardPath::per_row || c.path == HardPath::unipolar_rows || c.path == HardPath::chunked;
  if (two_d_rows && pick(3) == 0) {   // mixed precision, odd lengths
    for (int n = 0; n < N; ++n) o.row_stoc_len_a.push_back(1 + pick(period));
    if (pick(2)) {
      for (int m = 0; m < M; ++m) o.row_stoc_len_b.push_back(1 + pick(period));
    }
  }
  const sim::MaskFamily fams[] = {sim::MaskFamily::off, sim::MaskFamily::counter, sim::MaskFamily::bitrev, sim::MaskFamily::random};
  o.scramble.family = fams[pick(4)];
  o.scramble.rescale = pick(4) != 0;
  o.scramble.seed = g();
  const sim::Multiplier mults[] = {sim::Multiplier::enable, sim::Multiplier::thermometer, sim::Multiplier::and_gate,
                                   sim::Multiplier::xnor};
  o.multiplier = pick(3) == 0 ? mults[pick(unipolar ? 3 : 4)] : sim::Multiplier::enable;
  const int lanes = o.chunk_d > 0 ? o.chunk_d : D;
  const auto builders = sim::rng_builder_names();
  const std::string builder = pick(2) == 0 ? "sobol_simple" : builders[static_cast<std::size_t>(pick(static_cast<int>(builders.size())))];
  o.rng = sim::build_rng_config(builder, lanes, o.sc_prec, {}, g());
  const bool hostile = unipolar || pick(3) == 0;
  c.a = hard_tensor(g, three_d ? std::vector<std::int64_t>{B, N, D} : std::vector<std::int64_t>{N, D}, hostile);
  c.b = hard_tensor(g, three_d ? std::vector<std::int64_t>{B, M, D} : std::vector<std::int64_t>{M, D}, hostile);
  static const char* const names[] = {"per_row", "per_row_3d", "unipolar_rows", "chunked", "per_tensor", "per_head"};
  c.text = "seed=" + std::to_string(seed) + " path=" + names[static_cast<int>(c.path)] + " mode=" + sim::to_string(o.mode) +
           " p=" + std::to_string(o.sc_prec) + " L=" + std::to_string(*o.stoc_len) + " G=" + std::to_string(*o.rng_levels) +
           " B=" + std::to_string(B) + " N=" + std::to_string(N) + " M=" + std::to_string(M) + " D=" + std::to_string(D) +
           " chunk_d=" + std::to_string(o.chunk_d) + " groups=" + std::to_string(o.group_a) + "/" + std::to_string(o.group_b) +
           " mult=" + sim::to_string(o.multiplier) + " scramble=" + sim::to_string(o.scramble.family) +
           " rescale=" + std::to_string(o.scramble.rescale) + " rng=" + builder +
           " mp=" + std::to_string(o.row_stoc_len_a.size()) + "/" + std::to_string(o.row_stoc_len_b.size());
  return c;
}

}  // namespace scmp::testing
