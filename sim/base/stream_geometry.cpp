// Range checks of the stream geometry.
#include "sim/base/stream_geometry.hpp"

#include "sim/base/error.hpp"

namespace scmp::sim {

void validate_geometry(const StreamGeometry& g) {
  require_range("sc_prec", g.sc_prec, 2, 16);
  const int period = 1 << g.sc_prec;
  require_range("stoc_len", g.stoc_len, 1, period, "the RNG period 2^sc_prec");
  require_range("rng_levels", g.rng_levels, 1, period, "at most 2^sc_prec comparator levels");
}

}  // namespace scmp::sim
