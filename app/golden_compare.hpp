// Comparison of one sc_matmul result with the reference library's output of the same call (`scmp golden`),
// at two levels:
//  (a) the integers: the reference's count S at every output element, recovered from its fp32 output through
//      the path's dequantization (REFERENCE.md §6.2: y is f(S) times a step σ·s_a·s_b, plus the unipolar
//      zero-point terms, which scmp shares). Relative to scmp's own element, S_ref = S + round(Δy / step), where
//      step = q_max²/L · s_a · s_b; an fp32 rounding difference is a tiny fraction of a step, a count
//      difference is a whole number of steps. On the chunk_d path y sums one scaled partial per chunk, so a
//      single S is not recoverable: the element disagrees when |Δy| exceeds half the smallest chunk's step
//      and 16 ulp of y (the fp32 rounding of the chunk sum).
//  (b) the words: how many fp32 outputs are bit-identical.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/matmul/sc_matmul.hpp"

namespace scmp::app {

struct CountMismatch {
  std::size_t index = 0;        // flat output index
  std::int64_t batch = 0, row = 0, col = 0;
  std::int64_t scmp_count = 0;  // scmp's S (chunk_d: the sum over chunks)
  double ref_steps = 0;         // Δy / step: the reference's S − scmp's S (chunk_d: in smallest-chunk steps)
};

struct GoldenComparison {
  std::size_t words = 0;
  std::size_t identical_words = 0;
  double max_rel_diff = 0;               // max|y − y_ref| / max|y_ref|
  std::size_t count_mismatches = 0;      // elements whose recovered count differs from scmp's
  std::size_t unexplained = 0;           // elements whose Δy is not within 1/4 step of a whole number of steps
  std::size_t mismatch_rows = 0, mismatch_cols = 0;   // distinct (batch, row) and (batch, col) involved
  bool chunked = false;
  std::vector<CountMismatch> first;      // the first few count mismatches, in index order

  bool counts_exact() const { return count_mismatches == 0 && unexplained == 0; }
  bool identical() const { return identical_words == words; }
  double identical_fraction() const { return words == 0 ? 1.0 : static_cast<double>(identical_words) / static_cast<double>(words); }
};

// `result` must come from sc_matmul(a, b, options) with options.keep_levels = true (the scales are needed);
// `y_ref` has the result's shape. Throws sim::InvalidArgument otherwise.
GoldenComparison compare_golden(const sim::MatmulOptions& options, const sim::MatmulResult& result,
                                const sim::Tensor& y_ref, std::size_t keep_first = 5);

// One line (plus indented detail lines for count mismatches): "counts exact | counts differ in k of n …".
std::string describe_counts(const GoldenComparison& c);

}  // namespace scmp::app
