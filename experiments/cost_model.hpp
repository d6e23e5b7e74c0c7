// Energy and area of a design point, Accelergy style: a YAML table (configs/cost/*.yaml, schema version 2) of
// energy per action and area per unit — per bit where the width varies with the design (RNG and comparator
// width = sc_prec, counter width from the stream length, accumulator width from the reduction depth) — plus
// SRAM energy per bit by buffer size, DRAM energy per byte and leakage per area, at a stated technology node.
// A first-order node-scaling rule moves the table to another node (metrics.cost.node_nm / vdd).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/base/multiplier_kind.hpp"
#include "sim/engine/cycle_engine.hpp"

namespace scmp::experiments {

// One row of the table: energy of one action (pJ) and area of one unit (um^2).
struct CostEntry {
  double energy_pj = 0.0;
  double area_um2 = 0.0;
  std::string source;   // where the number comes from
};

// Contract: a table names every action of cost_action_names() (unknown or missing names are errors at load):
//   rng_bit (one bit of RNG state stepped / its area), comparator_bit (one bit of an SNG magnitude comparison),
//   and_gate, xnor_gate (one evaluation), counter_bit (one bit of an up/down or enable counter step),
//   accumulator_bit (one bit of an accumulator add), register_bit (clock energy per bit per cycle, area per
//   bit), binary_mac_8b (one 8×8-bit multiply-accumulate; scaled by (word_bits/8)² for other widths).
// sram: {ref_kib, read_pj_per_bit, write_pj_per_bit, size_exponent, area_um2_per_bit}: an access of a bank of
// S KiB costs read_pj_per_bit · bits · (S / ref_kib)^size_exponent (CACTI-like). dram: {pj_per_byte}.
// leakage: {nw_per_um2}. technology: {node_nm, vdd}. energy_per_mac: the simple E(L) model (base + per_cycle·L).
struct CostTable {
  std::string name;
  std::string path;
  std::string text;                 // the file as read (stored in every results file)
  std::string hash;                 // hash_hex(text)
  double node_nm = 45, vdd = 0.9;   // the table's technology
  std::string technology;           // its description
  std::map<std::string, CostEntry> actions;
  double sram_ref_kib = 64, sram_read_pj_per_bit = 0, sram_write_pj_per_bit = 0, sram_size_exponent = 0.5, sram_area_um2_per_bit = 0;
  double dram_pj_per_byte = 0;
  double leakage_nw_per_um2 = 0;
  double mac_base_pj = 0.0;
  double mac_per_cycle_pj = 0.0;
  // Node scaling applied at load (1 = the table's own node): energy ∝ (node/node₀)·(vdd/vdd₀)², area ∝ (node/node₀)².
  double target_node_nm = 45, target_vdd = 0.9, energy_scale = 1, area_scale = 1;

  double energy(const std::string& action) const { return actions.at(action).energy_pj * energy_scale; }
  double area(const std::string& action) const { return actions.at(action).area_um2 * area_scale; }
  double energy_per_mac(int stoc_len) const { return (mac_base_pj + mac_per_cycle_pj * stoc_len) * energy_scale; }
  // Energy of one SRAM access of `bits` bits to a bank of bank_kib KiB.
  double sram_access_pj(double bank_kib, int bits, bool write) const;
};

std::vector<std::string> cost_action_names();
// Loads and validates a table (ConfigError with file:line:col); node_nm / vdd ≤ 0 keep the table's own.
CostTable load_cost_table(const std::string& path, double node_nm = 0, double vdd = 0);

// The units of one lane array: `lanes` lanes, each two comparators (one per operand), a multiplier gate, an
// enable (down) counter for the enable/thermometer designs, an up/down counter; one RNG per pool entry; one
// accumulator adder. Register bits: RNG states, two boundaries and a sign per lane, the lane counters
// (log2 L + 1 bits), the accumulator (32 bits).
struct ArrayUnits {
  std::int64_t lanes = 0, rngs = 0, comparators = 0, gates = 0, enable_counters = 0, updown_counters = 0,
               accumulators = 0, register_bits = 0;
  int sc_prec = 8, counter_bits = 9, accumulator_bits = 32;
  std::string gate = "and_gate";
};
ArrayUnits array_units(int lanes, int rng_pool, int sc_prec, int max_stoc_len, sim::Multiplier multiplier);

struct CostResult {
  double energy_pj = 0.0;
  double area_um2 = 0.0;
};

// Energy: Σ activity count × action energy at the unit's width (+ register bits × cycles × register_bit
// energy), area: Σ units × unit area. `activity` must already be scaled to the whole problem.
CostResult evaluate_cost(const CostTable& table, const sim::ActivityCounts& activity, const ArrayUnits& units);

}  // namespace scmp::experiments
