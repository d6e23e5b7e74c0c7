// The stochastic core of an SC matmul: quantized operands in, integer accumulators out. Every backend
// (cycle engine, CPU tables, CUDA) computes exactly the integers defined here.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/base/multiplier_kind.hpp"
#include "sim/sng/lane_streams.hpp"

namespace scmp::sim {

// Operands are row-major [batch][rows][depth]. Dimension d of the inner product uses RNG lane d % lanes.
struct CoreProblem {
  int batch = 1;
  int rows_a = 0;   // N
  int rows_b = 0;   // M
  int depth = 0;    // D
  int lanes = 0;    // RNG lanes (= D, or chunk_d on the chunked path)
  int chunk = 0;    // 0: one accumulator per (n, m); c > 0: one per chunk of c consecutive dimensions

  const std::uint16_t* boundary_a = nullptr;  // [batch][N][D], each in 0..G
  const std::int8_t* sign_a = nullptr;        // [batch][N][D] in {-1, 0, +1}; null: unsigned (unipolar, xnor)
  const std::uint16_t* boundary_b = nullptr;  // [batch][M][D]
  const std::int8_t* sign_b = nullptr;

  Multiplier multiplier = Multiplier::enable;
  StreamGeometry geometry;   // p, G, and the (longest) stream length L
  // Mixed precision: stream length per row of a (N entries) and per row of b (M entries); empty = geometry.
  // A pair (n, m) runs L(n,m) = min(stoc_len_a[n], stoc_len_b[m]) cycles.
  std::vector<int> stoc_len_a;
  std::vector<int> stoc_len_b;
  // Prepared streams of one side for a stream length (the rule of §4.2 depends on L). Must return streams of
  // `lanes` lanes and exactly that stoc_len; the reference is stable for the duration of a call.
  std::function<const LaneStreams&(Side, int stoc_len)> streams;

  int chunks() const { return chunk > 0 ? (depth + chunk - 1) / chunk : 1; }
  int pair_stoc_len(int n, int m) const;
  // Size of the accumulator array: batch × chunks × N × M (row-major in that order).
  std::size_t accumulator_count() const {
    return static_cast<std::size_t>(batch) * static_cast<std::size_t>(chunks()) * static_cast<std::size_t>(rows_a) *
           static_cast<std::size_t>(rows_b);
  }
};

// Checks shapes, pointers, boundary ranges, per-row stream lengths; throws InvalidArgument.
void validate_core_problem(const CoreProblem& p);

// The defining formula above, evaluated directly (slow, obviously right). Tests compare every fast path to it.
std::vector<std::int64_t> accumulate_reference(const CoreProblem& p);

// The count of one lane for one pair (the formula of `Multiplier`), for boundaries ba, bb and length L.
std::int64_t lane_count(Multiplier m, const std::uint16_t* ra, const std::uint16_t* rb, int stoc_len, int ba, int bb);

}  // namespace scmp::sim
