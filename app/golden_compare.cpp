// Golden comparison: integer counts recovered from the reference output, and bit-identical words.
#include "app/golden_compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <set>
#include <sstream>
#include <utility>

#include "sim/error.hpp"

namespace scmp::app {

using sim::InvalidArgument;

namespace {

// The stream length pair (n, m) ran (mixed precision: the shorter of the two rows').
int pair_len(const sim::MatmulOptions& o, const sim::MatmulResult& r, std::int64_t n, std::int64_t m) {
  const int la = o.row_stoc_len_a.empty() ? r.geometry.stoc_len : o.row_stoc_len_a[static_cast<std::size_t>(n)];
  const int lb = o.row_stoc_len_b.empty() ? r.geometry.stoc_len : o.row_stoc_len_b[static_cast<std::size_t>(m)];
  return std::min(la, lb);
}

float scale_at(const std::vector<float>& s, std::size_t i, const char* side) {
  if (i >= s.size()) throw InvalidArgument(std::string("result.q") + side + ".scale", std::to_string(s.size()) + " values", "too few scales for the output shape");
  return s[i];
}

}  // namespace

GoldenComparison compare_golden(const sim::MatmulOptions& o, const sim::MatmulResult& r, const sim::Tensor& y_ref,
                                std::size_t keep_first) {
  if (!r.qa || !r.qb) throw InvalidArgument("options.keep_levels", "false", "compare_golden needs the scales (keep_levels = true)");
  if (r.y.shape != y_ref.shape) throw InvalidArgument("y.shape", "reference " + sim::to_text(y_ref.data.size()) + " values", "differs from scmp's output shape");
  const auto& y = r.y;
  const bool three_d = y.rank() == 3;
  const std::int64_t B = three_d ? y.dim(0) : 1, N = y.dim(-2), M = y.dim(-1);
  const int p = r.geometry.sc_prec;
  const bool bipolar = o.mode == sim::Mode::bipolar;
  const double q_max = bipolar ? static_cast<double>((1 << (p - 1)) - 1) : static_cast<double>((1 << p) - 1);
  const int chunks = r.chunks;

  GoldenComparison c;
  c.words = y.data.size();
  c.chunked = chunks > 1;
  double max_ref = 0, max_diff = 0;
  std::set<std::pair<std::int64_t, std::int64_t>> rows, cols;
  for (std::int64_t h = 0; h < B; ++h) {
    for (std::int64_t n = 0; n < N; ++n) {
      for (std::int64_t m = 0; m < M; ++m) {
        const std::size_t i = static_cast<std::size_t>((h * N + n) * M + m);
        const float yv = y.data[i], rv = y_ref.data[i];
        c.identical_words += std::memcmp(&yv, &rv, sizeof(float)) == 0;
        const double diff = static_cast<double>(rv) - static_cast<double>(yv);
        max_ref = std::max(max_ref, std::fabs(static_cast<double>(rv)));
        max_diff = std::max(max_diff, std::fabs(diff));

        // scmp's count and the value of one count at this element.
        const double sigma = q_max * q_max / static_cast<double>(pair_len(o, r, n, m));
        std::int64_t count = 0;
        double step = 0;
        if (chunks > 1) {
          step = std::numeric_limits<double>::infinity();
          for (int k = 0; k < chunks; ++k) {
            count += r.accumulators[static_cast<std::size_t>((k * N + n) * M + m)];
            const double s = sigma * scale_at(r.qa->scale, static_cast<std::size_t>(k * N + n), "a") *
                             scale_at(r.qb->scale, static_cast<std::size_t>(k * M + m), "b");
            if (s > 0) step = std::min(step, s);
          }
          if (std::isinf(step)) step = 0;
        } else {
          std::size_t ia = 0, ib = 0;   // per_tensor: the one scale
          if (o.granularity == sim::Granularity::per_head) {
            ia = ib = static_cast<std::size_t>(h);
          } else if (o.granularity == sim::Granularity::per_row) {
            ia = static_cast<std::size_t>(h * N + n);
            ib = static_cast<std::size_t>(h * M + m);
          }
          count = r.accumulators[i];
          step = sigma * scale_at(r.qa->scale, ia, "a") * scale_at(r.qb->scale, ib, "b");
        }

        if (diff == 0) continue;
        const double steps = step > 0 ? diff / step : std::copysign(std::numeric_limits<double>::infinity(), diff);
        bool mismatch = false;
        if (chunks > 1) {
          // A count difference moves y by at least the smallest chunk's step; fp32 rounding of the chunk sum
          // (and 1-ulp scale differences) by a few ulp of y. Below both, no count can be told apart.
          const float big = std::max(std::fabs(yv), std::fabs(rv));
          const double noise = 16.0 * static_cast<double>(std::nextafter(big, INFINITY) - big);
          mismatch = std::fabs(steps) > 0.5 && std::fabs(diff) > noise;
        } else {
          const double whole = std::nearbyint(steps);
          if (!(std::fabs(steps - whole) <= 0.25)) {
            ++c.unexplained;
            mismatch = true;
          } else {
            mismatch = whole != 0;
          }
        }
        if (!mismatch) continue;
        ++c.count_mismatches;
        rows.insert({h, n});
        cols.insert({h, m});
        if (c.first.size() < keep_first) c.first.push_back(CountMismatch{i, h, n, m, count, steps});
      }
    }
  }
  c.max_rel_diff = max_ref > 0 ? max_diff / max_ref : max_diff;
  c.mismatch_rows = rows.size();
  c.mismatch_cols = cols.size();
  return c;
}

std::string describe_counts(const GoldenComparison& c) {
  std::ostringstream s;
  if (c.counts_exact()) {
    s << "counts exact (" << c.words << " elements" << (c.chunked ? ", chunk_d: within half the smallest chunk step" : "") << ")";
    return s.str();
  }
  s << "counts differ in " << c.count_mismatches << " of " << c.words << " elements (" << c.mismatch_rows << " rows, "
    << c.mismatch_cols << " columns";
  if (c.unexplained > 0) s << "; " << c.unexplained << " not a whole number of counts";
  s << ")";
  for (const auto& m : c.first) {
    s << "\n    batch " << m.batch << " row " << m.row << " col " << m.col << ": scmp S = " << m.scmp_count << ", reference S − scmp S = ";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", m.ref_steps);
    s << buf << (c.chunked ? " (in smallest-chunk steps)" : "");
  }
  return s.str();
}

}  // namespace scmp::app
