// Energy and area of one operator on the array, per component: what the array model counted (PE occupancy,
// buffer and DRAM accesses, cycles) priced by a cost table at the widths the design implies.
//   rng:         RNG pairs (array.rng_share) × cycles × sc_prec bits stepped
//   sng:         comparators (2 per PE, or R + C at the edge) × comparisons × sc_prec bits
//   multiplier:  one gate evaluation per busy PE cycle (and / xnor); binary MACs: binary_mac_8b × (word_bits/8)²
//   counter:     one step of a ⌈log2 L⌉+1-bit counter per busy PE cycle (two counters for enable/thermometer)
//   accumulator: one add of counter + ⌈log2 K⌉ bits per MAC
//   sram:        each access at the bank's size (cost table sram), words of array.word_bits / ofmap_word_bits
//   dram:        bytes moved × pj_per_byte
//   leakage:     total area × leakage density × latency
#pragma once
#include <string>
#include <vector>

#include "experiments/array_model.hpp"
#include "experiments/cost_model.hpp"

namespace scmp::experiments {

// The components in storage order (HDF5 dataset energy_breakdown_pj follows it).
std::vector<std::string> energy_components();   // rng sng multiplier counter accumulator sram dram leakage

struct ArrayCost {
  std::vector<double> energy_pj;   // per component, energy_components() order
  std::vector<double> area_um2;    // per component (dram: 0; leakage: 0)
  double total_energy_pj = 0, total_area_um2 = 0;
};

ArrayCost array_cost(const CostTable& table, const ArraySection& array, const LayerShape& layer, const ArrayResult& result,
                     int sc_prec, sim::Multiplier multiplier);

}  // namespace scmp::experiments
