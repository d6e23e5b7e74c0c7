// The geometry of every stochastic stream (REFERENCE.md §4.2): RNG width, stream length and
// comparator grid. Shared by stream preparation, the cycle engine, the backends and mixed precision.
#pragma once

namespace scmp::sim {

struct StreamGeometry {
  int sc_prec = 8;      // p: RNG width; period 2^p
  int stoc_len = 256;   // L: cycles, 1..2^p
  int rng_levels = 256; // G: comparator grid, 1..2^p (boundaries lie in 0..G)
  bool operator==(const StreamGeometry&) const = default;
};

// Throws InvalidArgument naming sc_prec / stoc_len / rng_levels when out of range.
void validate_geometry(const StreamGeometry& g);

}  // namespace scmp::sim
