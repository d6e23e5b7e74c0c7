// Energy and area of a design point, Accelergy style: a YAML table of energy per action and area per unit
// (configs/cost/*.yaml) combined with the cycle engine's activity counts and the unit counts of the array.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/engine/cycle_engine.hpp"

namespace scmp::experiments {

// One row of the table: energy of one action (pJ) and area of one unit (um^2).
struct CostEntry {
  double energy_pj = 0.0;
  double area_um2 = 0.0;
  std::string source;   // where the number comes from
};

// Contract: a table names every action below (unknown or missing names are errors at load):
//   rng_step, comparator, and_gate, xnor_gate, enable_counter, updown_counter, accumulator_add, register_bit
// register_bit: energy per bit per cycle (clocking), area per bit. energy_per_mac is the simple E(L) model
// E = base_pj + per_cycle_pj · L per MAC, kept for quick estimates without activity counts.
struct CostTable {
  std::string name;
  std::string energy_unit = "pJ";
  std::string area_unit = "um^2";
  std::map<std::string, CostEntry> actions;
  double mac_base_pj = 0.0;
  double mac_per_cycle_pj = 0.0;
  std::string path;

  double energy_per_mac(int stoc_len) const { return mac_base_pj + mac_per_cycle_pj * stoc_len; }
};

std::vector<std::string> cost_action_names();
CostTable load_cost_table(const std::string& path);  // throws ConfigError with file:line:col

// The units of one lane array: `lanes` lanes, each two comparators (one per operand), a multiplier gate, an
// enable (down) counter for the enable/thermometer designs, an up/down counter; one RNG per pool entry; one
// accumulator adder. Register bits: RNG states, two boundaries and a sign per lane, the lane counters
// (log2 L + 1 bits), the accumulator (32 bits).
struct ArrayUnits {
  std::int64_t lanes = 0, rngs = 0, comparators = 0, gates = 0, enable_counters = 0, updown_counters = 0,
               accumulators = 0, register_bits = 0;
  std::string gate = "and_gate";
};
ArrayUnits array_units(int lanes, int rng_pool, int sc_prec, int max_stoc_len, const std::string& multiplier);

struct CostResult {
  double energy_pj = 0.0;
  double area_um2 = 0.0;
};

// Energy: Σ activity count × action energy (+ register bits × cycles × register_bit energy), area: Σ units ×
// unit area. `activity` must already be scaled to the whole problem.
CostResult evaluate_cost(const CostTable& table, const sim::ActivityCounts& activity, const ArrayUnits& units);

}  // namespace scmp::experiments
