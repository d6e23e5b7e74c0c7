// Test fixture: a CoreProblem that owns its operands and prepared streams, with random inputs from a seed.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "sim/engine/core_problem.hpp"
#include "sim/sng/lane_streams.hpp"
#include "sim/sng/rng_config.hpp"

namespace scmp::testing {

struct OwnedProblem {
  sim::CoreProblem problem;
  std::vector<std::uint16_t> ba, bb;
  std::vector<std::int8_t> sa, sb;
  sim::RngConfig config;
  sim::ScrambleOptions scramble;
  std::shared_ptr<std::map<std::pair<int, int>, sim::LaneStreams>> cache =
      std::make_shared<std::map<std::pair<int, int>, sim::LaneStreams>>();

  // Points problem's pointers at the owned vectors and installs a caching stream provider.
  void bind() {
    problem.boundary_a = ba.data();
    problem.boundary_b = bb.data();
    problem.sign_a = sa.empty() ? nullptr : sa.data();
    problem.sign_b = sb.empty() ? nullptr : sb.data();
    auto c = cache;
    auto cfg = config;
    auto scr = scramble;
    auto geo = problem.geometry;
    const int lanes = problem.lanes;
    problem.streams = [c, cfg, scr, geo, lanes](sim::Side side, int L) -> const sim::LaneStreams& {
      const auto key = std::make_pair(side == sim::Side::a ? 0 : 1, L);
      auto it = c->find(key);
      if (it == c->end()) {
        sim::StreamGeometry g = geo;
        g.stoc_len = L;
        it = c->emplace(key, sim::prepare_lane_streams(cfg, side, lanes, g, scr)).first;
      }
      return it->second;
    };
  }
};

struct RandomSpec {
  int batch = 1, rows_a = 5, rows_b = 7, depth = 9, lanes = 0, chunk = 0;
  int sc_prec = 5, stoc_len = 32, rng_levels = 32;
  bool signs = true;
  bool per_row_len = false;
  sim::Multiplier multiplier = sim::Multiplier::enable;
  sim::MaskFamily family = sim::MaskFamily::bitrev;
};

inline OwnedProblem random_problem(const RandomSpec& s, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  OwnedProblem o;
  auto& p = o.problem;
  p.batch = s.batch;
  p.rows_a = s.rows_a;
  p.rows_b = s.rows_b;
  p.depth = s.depth;
  p.lanes = s.lanes > 0 ? s.lanes : s.depth;
  p.chunk = s.chunk;
  p.multiplier = s.multiplier;
  p.geometry = {s.sc_prec, s.stoc_len, s.rng_levels};
  const bool signs = s.signs && s.multiplier != sim::Multiplier::xnor;
  std::uniform_int_distribution<int> bnd(0, s.rng_levels);
  std::uniform_int_distribution<int> sgn(-1, 1);
  const auto fill = [&](std::vector<std::uint16_t>& b, std::vector<std::int8_t>& sg, int rows) {
    const std::size_t n = static_cast<std::size_t>(s.batch) * rows * s.depth;
    b.resize(n);
    for (auto& v : b) v = static_cast<std::uint16_t>(bnd(rng));
    if (signs) {
      sg.resize(n);
      for (auto& v : sg) v = static_cast<std::int8_t>(sgn(rng));
    }
  };
  fill(o.ba, o.sa, s.rows_a);
  fill(o.bb, o.sb, s.rows_b);
  if (s.per_row_len) {
    std::uniform_int_distribution<int> len(1, s.stoc_len);
    for (int i = 0; i < s.rows_a; ++i) p.stoc_len_a.push_back(len(rng));
    for (int i = 0; i < s.rows_b; ++i) p.stoc_len_b.push_back(len(rng));
  }
  o.config = sim::sobol_simple_config(p.lanes, s.sc_prec);
  o.scramble.family = s.family;
  o.bind();
  return o;
}

}  // namespace scmp::testing
