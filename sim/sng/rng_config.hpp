// Which RNG feeds each lane of the array, on each operand side (REFERENCE.md §3.3): a pool of RNGs and, per
// lane, the pool entry plus the wiring (bit permutation) and an optional value complement between them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/base/side.hpp"
#include "sim/rng/rng.hpp"

namespace scmp::sim {

struct LaneSource {
  int rng_id = 0;                 // index into RngConfig::pool
  std::vector<int> permutation;   // empty = identity wiring; else output bit i = RNG bit permutation[i]
  bool complement = false;        // antithetic: value ← (2^p − 1) − value (really applied, unlike the reference)
  bool operator==(const LaneSource&) const = default;
};

struct RngConfig {
  std::string name = "sobol_simple";   // the builder that made it (documentation and run ids)
  std::vector<RngSpec> pool;
  std::vector<LaneSource> a;           // one entry per lane (≥ the lanes used)
  std::vector<LaneSource> b;
  bool operator==(const RngConfig&) const = default;
};

// The reference default: pool = [Sobol q-seed, Sobol k-seed]; every a lane ← rng 0, every b lane ← rng 1.
RngConfig sobol_simple_config(int lanes, int sc_prec);

// Raw 2^p-long sequence of one lane (RNG output → bit permutation → complement), before prefix and masks.
std::vector<std::uint32_t> raw_lane_sequence(const RngConfig& config, Side side, int lane, int sc_prec);

// Throws InvalidArgument unless the config is usable for `lanes` lanes at sc_prec (rng ids, entry counts,
// permutation bits, pool widths).
void validate_rng_config(const RngConfig& config, int lanes, int sc_prec);

}  // namespace scmp::sim
