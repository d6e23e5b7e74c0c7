// Row grouping shared by the grouped quantizers.
#include "sim/quant/quant_common.hpp"

#include "sim/error.hpp"

namespace scmp::sim {

int checked_group_count(int rows, int group) {
  if (group <= 0) throw InvalidArgument("group", std::to_string(group), "expected at least 1 row per scale group");
  if (group >= rows) return 1;
  return rows / group + (rows % group != 0 ? 1 : 0);
}

}  // namespace scmp::sim
