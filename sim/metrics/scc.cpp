// SCC of comparator-SNG stream pairs.
#include "sim/metrics/scc.hpp"

#include <algorithm>
#include <cmath>

namespace scmp::sim {

double scc(const PairCounts& k) {
  const double a = static_cast<double>(k.a), b = static_cast<double>(k.b), c = static_cast<double>(k.c), d = static_cast<double>(k.d);
  const double n = a + b + c + d;
  const double cov = a * d - b * c;
  const double px = a + b, py = a + c;
  const double den = cov > 0 ? n * std::min(px, py) - px * py : px * py - n * std::max(a - d, 0.0);
  if (den == 0.0 || cov == 0.0) return 0.0;
  return cov / den;
}

double stream_scc(const std::uint16_t* rx, std::uint16_t bx, const std::uint16_t* ry, std::uint16_t by, int n) {
  PairCounts k;
  for (int t = 0; t < n; ++t) {
    const bool x = rx[t] < bx, y = ry[t] < by;
    if (x && y) ++k.a;
    else if (x) ++k.b;
    else if (y) ++k.c;
    else ++k.d;
  }
  return scc(k);
}

SccSummary lane_pair_scc(const LaneStreams& a, const LaneStreams& b, int max_lanes) {
  SccSummary s;
  const int lanes = std::min({a.lanes, b.lanes, max_lanes});
  const int n = std::min(a.stoc_len, b.stoc_len);
  for (int l = 0; l < lanes; ++l) {
    for (int i = 1; i <= 3; ++i) {
      for (int j = 1; j <= 3; ++j) {
        const auto bx = static_cast<std::uint16_t>(a.rng_levels * i / 4), by = static_cast<std::uint16_t>(b.rng_levels * j / 4);
        const double v = stream_scc(a.lane(l), bx, b.lane(l), by, n);
        s.mean += v;
        s.mean_abs += std::abs(v);
        ++s.pairs;
      }
    }
  }
  if (s.pairs > 0) {
    s.mean /= s.pairs;
    s.mean_abs /= s.pairs;
  }
  return s;
}

}  // namespace scmp::sim
