// Row grouping shared by the grouped quantizers.
#include "sim/quant/quant_common.hpp"

#include "sim/arith/triton_div.hpp"
#include "sim/error.hpp"

namespace scmp::sim {

BoundaryFormula::BoundaryFormula(BoundaryArith arith, int rng_levels, int q_max)
    : m_two_step(arith == BoundaryArith::recip), m_levels(static_cast<float>(rng_levels)), m_factor(0.0f) {
  switch (arith) {
    case BoundaryArith::recip: m_factor = recip_f(q_max); break;
    case BoundaryArith::double_ratio:
      m_factor = static_cast<float>(static_cast<double>(rng_levels) / static_cast<double>(q_max));
      break;
    case BoundaryArith::triton: m_factor = div_full(m_levels, static_cast<float>(q_max)); break;
  }
}

int checked_group_count(int rows, int group) {
  if (group <= 0) throw InvalidArgument("group", std::to_string(group), "expected at least 1 row per scale group");
  if (group >= rows) return 1;
  return rows / group + (rows % group != 0 ? 1 : 0);
}

}  // namespace scmp::sim
