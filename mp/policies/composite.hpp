// Shared pieces of the policies that delegate to child policies (per_operator, per_block, schedule).
#pragma once
#include <algorithm>
#include <functional>
#include <memory>
#include <set>
#include <vector>

#include "mp/policy.hpp"

namespace scmp::mp::detail {

// Union of the children's levels, descending.
inline std::vector<int> union_levels(const std::vector<const IPolicy*>& children) {
  std::set<int, std::greater<>> s;
  for (const auto* c : children) for (int l : c->levels()) s.insert(l);
  return {s.begin(), s.end()};
}

}  // namespace scmp::mp::detail
