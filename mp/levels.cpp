// Validation of stream-length ladders, fractions and thresholds.
#include "mp/levels.hpp"

#include <cfenv>
#include <cmath>
#include <numeric>

#include "sim/error.hpp"

namespace scmp::mp {

using sim::InvalidArgument;
using sim::to_text;

template <class T>
static std::string list_text_t(const std::vector<T>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + to_text(v[i]);
  return s + "]";
}
std::string list_text(const std::vector<int>& v) { return list_text_t(v); }
std::string list_text(const std::vector<double>& v) { return list_text_t(v); }

long long round_half_even(double x) {
  // nearbyint under the default rounding mode is round-half-even; be explicit about the mode.
  const int saved = std::fegetround();
  std::fesetround(FE_TONEAREST);
  const double r = std::nearbyint(x);
  std::fesetround(saved);
  return static_cast<long long>(r);
}

void validate_levels(const std::string& field, const std::vector<int>& levels, int sc_prec, int min_count) {
  if (sc_prec < 1 || sc_prec > 16) throw InvalidArgument("sc_prec", to_text(sc_prec), "expected 1..16");
  const int max_len = 1 << sc_prec;
  if (static_cast<int>(levels.size()) < min_count) {
    throw InvalidArgument(field, list_text(levels), "expected at least " + to_text(min_count) + " stream lengths");
  }
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i] < 1 || levels[i] > max_len) {
      throw InvalidArgument(field + "[" + to_text(i) + "]", to_text(levels[i]),
                            "expected a stream length in 1.." + to_text(max_len) + " (2^sc_prec, sc_prec = " +
                                to_text(sc_prec) + ")");
    }
    if (i > 0 && levels[i] >= levels[i - 1]) {
      throw InvalidArgument(field, list_text(levels),
                            "expected strictly descending stream lengths (level 0 = longest); " +
                                to_text(levels[i]) + " follows " + to_text(levels[i - 1]));
    }
  }
}

void validate_fractions(const std::string& field, const std::vector<double>& fractions, std::size_t n_levels) {
  if (fractions.size() != n_levels) {
    throw InvalidArgument(field, list_text(fractions), "expected " + to_text(n_levels) + " fractions (one per level)");
  }
  for (std::size_t i = 0; i < fractions.size(); ++i) {
    if (!std::isfinite(fractions[i])) {
      throw InvalidArgument(field + "[" + to_text(i) + "]", to_text(fractions[i]), "expected a finite fraction");
    }
  }
  const double sum = std::accumulate(fractions.begin(), fractions.end(), 0.0);
  if (std::fabs(sum - 1.0) >= 1e-6) {
    throw InvalidArgument(field, list_text(fractions), "expected fractions summing to 1 (±1e-6); they sum to " + to_text(sum));
  }
}

namespace {

// n_levels − 1 values in [0, 1] (non-increasing when asked), named `what` ("threshold", "boundary") in errors.
void validate_cuts(const std::string& field, const std::vector<double>& v, std::size_t n_levels, const char* what,
                   const char* plural, bool non_increasing) {
  if (v.size() + 1 != n_levels) {
    throw InvalidArgument(field, list_text(v),
                          "expected " + to_text(n_levels - 1) + " " + plural + " (levels − 1, for " + to_text(n_levels) + " levels)");
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!(v[i] >= 0.0 && v[i] <= 1.0)) {
      throw InvalidArgument(field + "[" + to_text(i) + "]", to_text(v[i]), std::string("expected a ") + what + " in [0, 1]");
    }
    if (non_increasing && i > 0 && v[i] > v[i - 1] + 1e-6) {
      throw InvalidArgument(field, list_text(v), std::string("expected non-increasing ") + plural + " (level 0 = highest metric)");
    }
  }
}

}  // namespace

void validate_thresholds(const std::string& field, const std::vector<double>& t, std::size_t n_levels) {
  validate_cuts(field, t, n_levels, "threshold", "thresholds", /*non_increasing=*/true);
}

void validate_boundaries(const std::string& field, const std::vector<double>& b, std::size_t n_levels) {
  validate_cuts(field, b, n_levels, "boundary", "boundaries", /*non_increasing=*/false);
}

}  // namespace scmp::mp
