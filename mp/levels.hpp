// Validation shared by every policy: stream-length ladders, level fractions, thresholds (REFERENCE.md §7,
// §12 bug 30: the reference never checks that levels descend; we reject every malformed ladder).
#pragma once
#include <string>
#include <vector>

namespace scmp::mp {

// Levels: ≥ min_count entries, each in 1..2^sc_prec, strictly descending. (The reference's stream length 0,
// "prune these rows", is not a length sc_matmul can run; callers drop rows themselves.)
void validate_levels(const std::string& field, const std::vector<int>& levels, int sc_prec, int min_count = 1);

// Fractions: one per level, each finite, |Σ − 1| < 1e-6 — the reference's only check, so fractions outside
// [0,1] that sum to 1 are accepted (a level's row count is then clamped to the rows left, §7.3).
void validate_fractions(const std::string& field, const std::vector<double>& fractions, std::size_t n_levels);

// Thresholds on the normalised metric (adaptive tables): n_levels − 1 values in [0,1], non-increasing (an
// increase of more than 1e-6 is rejected, as in the reference's table loader).
void validate_thresholds(const std::string& field, const std::vector<double>& thresholds, std::size_t n_levels);

// Free boundaries (§7.6): n_levels − 1 values in [0,1] in any order — the classifier sorts them, as the
// reference does. (The reference checks only the count; values outside [0,1] or NaN are rejected here.)
void validate_boundaries(const std::string& field, const std::vector<double>& boundaries, std::size_t n_levels);

// Round half to even (Python's round(), IEEE rint) of a finite double.
long long round_half_even(double x);

// "[256, 128, 64]" for error messages.
std::string list_text(const std::vector<int>& v);
std::string list_text(const std::vector<double>& v);

}  // namespace scmp::mp
