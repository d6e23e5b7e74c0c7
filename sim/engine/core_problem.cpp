// Core-problem validation and the reference evaluation of the SC core's integers.
#include "sim/engine/core_problem.hpp"

#include <algorithm>

#include "sim/base/error.hpp"
#include "sim/multiplier/design.hpp"

namespace scmp::sim {

int CoreProblem::pair_stoc_len(int n, int m) const {
  int l = geometry.stoc_len;
  if (!stoc_len_a.empty()) l = stoc_len_a[static_cast<std::size_t>(n)];
  if (!stoc_len_b.empty()) l = std::min(l, stoc_len_b[static_cast<std::size_t>(m)]);
  return l;
}

void validate_core_problem(const CoreProblem& p) {
  validate_geometry(p.geometry);
  require_range("batch", p.batch, 1, 1 << 30);
  require_range("rows_a", p.rows_a, 1, 1 << 30);
  require_range("rows_b", p.rows_b, 1, 1 << 30);
  require_range("depth", p.depth, 1, 1 << 30);
  require_range("lanes", p.lanes, 1, p.depth);
  require_range("chunk", p.chunk, 0, 1 << 30);
  if (p.boundary_a == nullptr || p.boundary_b == nullptr) {
    throw InvalidArgument("boundary", "null", "expected both operands' boundaries");
  }
  if ((p.sign_a == nullptr) != (p.sign_b == nullptr)) {
    throw InvalidArgument("sign", "one side only", "expected signs on both operands or on neither");
  }
  if (multiplier_design(p.multiplier).bipolar_stream && p.sign_a != nullptr) {
    throw InvalidArgument("multiplier", to_string(p.multiplier),
                          to_string(p.multiplier) + " streams carry the sign in their encoding: pass no signs");
  }
  if (!p.streams) throw InvalidArgument("streams", "null", "expected a stream provider");
  const int period = 1 << p.geometry.sc_prec;
  for (const auto* lens : {&p.stoc_len_a, &p.stoc_len_b}) {
    const bool is_a = lens == &p.stoc_len_a;
    const std::size_t want = static_cast<std::size_t>(is_a ? p.rows_a : p.rows_b);
    if (!lens->empty() && lens->size() != want) {
      throw InvalidArgument(is_a ? "stoc_len_a" : "stoc_len_b", std::to_string(lens->size()) + " entries",
                            "expected one per row (" + std::to_string(want) + ")");
    }
    for (std::size_t i = 0; i < lens->size(); ++i) {
      require_range(std::string(is_a ? "stoc_len_a[" : "stoc_len_b[") + std::to_string(i) + "]", (*lens)[i], 1,
                    period, "the RNG period 2^sc_prec");
    }
  }
  const int G = p.geometry.rng_levels;
  const auto check = [&](const std::uint16_t* bnd, int rows, const char* name) {
    const std::size_t count = static_cast<std::size_t>(p.batch) * rows * p.depth;
    for (std::size_t i = 0; i < count; ++i) {
      if (bnd[i] > G) {
        throw InvalidArgument(std::string(name) + "[" + std::to_string(i) + "]", std::to_string(bnd[i]),
                              "expected a boundary in 0..rng_levels = " + std::to_string(G));
      }
    }
  };
  check(p.boundary_a, p.rows_a, "boundary_a");
  check(p.boundary_b, p.rows_b, "boundary_b");
}

std::int64_t lane_count(Multiplier m, const std::uint16_t* ra, const std::uint16_t* rb, int stoc_len, int ba, int bb) {
  return multiplier_design(m).lane_count(ra, rb, stoc_len, ba, bb);
}

std::vector<std::int64_t> accumulate_reference(const CoreProblem& p) {
  validate_core_problem(p);
  std::vector<std::int64_t> S(p.accumulator_count(), 0);
  const int chunks = p.chunks();
  const auto count = multiplier_design(p.multiplier).lane_count;
  for (int h = 0; h < p.batch; ++h) {
    for (int n = 0; n < p.rows_a; ++n) {
      for (int m = 0; m < p.rows_b; ++m) {
        const int L = p.pair_stoc_len(n, m);
        const LaneStreams& sa = p.streams(Side::a, L);
        const LaneStreams& sb = p.streams(Side::b, L);
        for (int d = 0; d < p.depth; ++d) {
          const std::size_t ia = (static_cast<std::size_t>(h) * p.rows_a + n) * p.depth + d;
          const std::size_t ib = (static_cast<std::size_t>(h) * p.rows_b + m) * p.depth + d;
          const int lane = d % p.lanes;
          std::int64_t c = count(sa.lane(lane), sb.lane(lane), L, p.boundary_a[ia], p.boundary_b[ib]);
          if (p.sign_a != nullptr) c *= p.sign_a[ia] * p.sign_b[ib];
          const int k = p.chunk > 0 ? d / p.chunk : 0;
          S[((static_cast<std::size_t>(h) * chunks + k) * p.rows_a + n) * p.rows_b + m] += c;
        }
      }
    }
  }
  return S;
}

}  // namespace scmp::sim
