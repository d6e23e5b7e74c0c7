// Stochastic cross-correlation (SCC) of two bitstreams, Alaghi & Hayes, "Exploiting correlation in stochastic
// circuit design", ICCD 2013. With a = #(1,1), b = #(1,0), c = #(0,1), d = #(0,0) over n cycles:
//   SCC = (ad − bc) / (n·min(a+b, a+c) − (a+b)(a+c))   if ad > bc
//         (ad − bc) / ((a+b)(a+c) − n·max(a − d, 0))    otherwise
// +1: maximal overlap, −1: minimal overlap, 0: independent-looking. An AND gate multiplies only at SCC ≈ 0
// (at +1 it computes min, at −1 max(x+y−1, 0)), and so does XNOR for bipolar values.
#pragma once
#include <cstdint>

#include "sim/sng/lane_streams.hpp"

namespace scmp::sim {

struct PairCounts {
  std::int64_t a = 0, b = 0, c = 0, d = 0;
};

// SCC from the four counts; 0 when a stream is constant (the measure is undefined there).
double scc(const PairCounts& counts);

// SCC of the comparator SNG streams bit_x[t] = rx[t] < bx and bit_y[t] = ry[t] < by over n cycles.
double stream_scc(const std::uint16_t* rx, std::uint16_t bx, const std::uint16_t* ry, std::uint16_t by, int n);

// The SCC the configured streams give a multiplier: for lanes 0..lanes−1 of a and b (same lane = one MAC)
// and boundaries at 1/4, 1/2, 3/4 of the RNG levels on both sides, the mean SCC and mean |SCC|.
struct SccSummary {
  double mean = 0, mean_abs = 0;
  int pairs = 0;
};
SccSummary lane_pair_scc(const LaneStreams& a, const LaneStreams& b, int max_lanes = 16);

}  // namespace scmp::sim
