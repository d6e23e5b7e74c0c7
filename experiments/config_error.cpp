// Source locations and spelling suggestions for configuration errors.
#include "experiments/config_error.hpp"

#include <algorithm>
#include <vector>

namespace scmp::experiments {

std::string Location::text() const {
  if (line <= 0) return file.empty() ? "<config>" : file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

Location SourceMap::find(const std::string& path) const {
  std::string p = path;
  while (true) {
    const auto it = m_locations.find(p);
    if (it != m_locations.end()) return it->second;
    const auto dot = p.rfind('.');
    if (dot == std::string::npos) break;
    p = p.substr(0, dot);
  }
  const auto root = m_locations.find("");
  if (root != m_locations.end()) return root->second;
  return Location{m_default_file, 0, 0};
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;  // a typo, not another word
  for (const auto& c : candidates) {
    const auto d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& word, const std::initializer_list<std::string>& candidates) {
  return did_you_mean(word, std::vector<std::string>(candidates));
}

}  // namespace scmp::experiments
