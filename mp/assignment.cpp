// Assignment queries: per-row lengths, per-level rows, realised fractions and budgets.
#include "mp/assignment.hpp"

#include "mp/levels.hpp"
#include "sim/error.hpp"

namespace scmp::mp {

using sim::InvalidArgument;
using sim::to_text;

std::vector<int> Assignment::row_stoc_len() const {
  std::vector<int> out(row_level.size());
  for (std::size_t r = 0; r < row_level.size(); ++r) out[r] = levels.at(static_cast<std::size_t>(row_level[r]));
  return out;
}

std::vector<std::vector<int>> Assignment::level_rows() const {
  std::vector<std::vector<int>> out(levels.size());
  for (std::size_t r = 0; r < row_level.size(); ++r) out.at(static_cast<std::size_t>(row_level[r])).push_back(static_cast<int>(r));
  return out;
}

std::vector<std::int64_t> Assignment::level_counts() const {
  std::vector<std::int64_t> out(levels.size(), 0);
  for (int l : row_level) ++out.at(static_cast<std::size_t>(l));
  return out;
}

std::vector<double> Assignment::realised_fractions() const {
  const auto counts = level_counts();
  std::vector<double> out(levels.size(), 0.0);
  if (row_level.empty()) return out;
  for (std::size_t i = 0; i < counts.size(); ++i) out[i] = static_cast<double>(counts[i]) / static_cast<double>(row_level.size());
  return out;
}

double Assignment::row_weighted_avg_stoc_len() const {
  if (row_level.empty()) return 0.0;
  double sum = 0.0;
  for (int l : row_level) sum += levels.at(static_cast<std::size_t>(l));
  return sum / static_cast<double>(row_level.size());
}

double Assignment::mac_weighted_avg_stoc_len(const std::vector<std::int64_t>& macs) const {
  if (macs.size() != row_level.size()) {
    throw InvalidArgument("macs_per_row", to_text(macs.size()) + " entries",
                          "expected one MAC count per row (" + to_text(row_level.size()) + ")");
  }
  double num = 0.0, den = 0.0;
  for (std::size_t r = 0; r < macs.size(); ++r) {
    if (macs[r] < 0) throw InvalidArgument("macs_per_row[" + to_text(r) + "]", to_text(macs[r]), "expected ≥ 0");
    num += static_cast<double>(macs[r]) * levels.at(static_cast<std::size_t>(row_level[r]));
    den += static_cast<double>(macs[r]);
  }
  return den > 0.0 ? num / den : 0.0;
}

Assignment uniform_assignment(int rows, int stoc_len, sim::Side side) {
  if (rows < 0) throw InvalidArgument("rows", to_text(rows), "expected ≥ 0");
  if (stoc_len < 1) throw InvalidArgument("stoc_len", to_text(stoc_len), "expected ≥ 1");
  return Assignment{side, {stoc_len}, std::vector<int>(static_cast<std::size_t>(rows), 0)};
}

}  // namespace scmp::mp
