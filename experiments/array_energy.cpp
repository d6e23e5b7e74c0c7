// Pricing the array model's counts per component (see array_energy.hpp).
#include "experiments/array_energy.hpp"

#include <cmath>

namespace scmp::experiments {

std::vector<std::string> energy_components() {
  return {"rng", "sng", "multiplier", "counter", "accumulator", "sram", "dram", "leakage"};
}

ArrayCost array_cost(const CostTable& t, const ArraySection& A, const LayerShape& L, const ArrayResult& r, int sc_prec,
                     sim::Multiplier multiplier) {
  const double R = A.rows, C = A.cols, pes = R * C, p = sc_prec;
  const double macs = static_cast<double>(L.M) * static_cast<double>(L.N) * static_cast<double>(L.K);
  const bool sc = A.mac == "sc";
  ArrayCost c;
  c.energy_pj.assign(energy_components().size(), 0.0);
  c.area_um2.assign(energy_components().size(), 0.0);
  enum { rng, sng, mul, counter, acc, sram, dram, leak };
  const int counter_bits = static_cast<int>(std::ceil(std::log2(std::max<double>(2.0, static_cast<double>(r.max_stoc_len))))) + 1;
  const int acc_bits = (sc ? counter_bits : 2 * A.word_bits) + static_cast<int>(std::ceil(std::log2(std::max<double>(2.0, static_cast<double>(L.K)))));
  const double cycles = static_cast<double>(r.compute_cycles);
  if (sc) {
    const double rng_pairs = A.rng_share == "pe" ? pes : A.rng_share == "row" ? R : A.rng_share == "column" ? C : 1.0;
    c.energy_pj[rng] = 2 * rng_pairs * cycles * p * t.energy("rng_bit");
    c.area_um2[rng] = 2 * rng_pairs * p * t.area("rng_bit");
    const bool edge = A.sng_share == "edge";
    const double comparators = edge ? R + C : 2 * pes;
    const double comparisons = edge ? (R + C) * cycles : 2 * r.pe_busy_cycles;
    c.energy_pj[sng] = comparisons * p * t.energy("comparator_bit");
    c.area_um2[sng] = comparators * p * t.area("comparator_bit");
    const std::string gate = multiplier == sim::Multiplier::xnor ? "xnor_gate" : "and_gate";
    c.energy_pj[mul] = r.pe_busy_cycles * t.energy(gate);
    c.area_um2[mul] = pes * t.area(gate);
    const double counters = (multiplier == sim::Multiplier::enable || multiplier == sim::Multiplier::thermometer) ? 2 : 1;
    c.energy_pj[counter] = counters * r.pe_busy_cycles * counter_bits * t.energy("counter_bit");
    c.area_um2[counter] = counters * pes * counter_bits * t.area("counter_bit");
  } else {
    const double w = A.word_bits / 8.0;
    c.energy_pj[mul] = macs * w * w * t.energy("binary_mac_8b");
    c.area_um2[mul] = pes * w * w * t.area("binary_mac_8b");
  }
  c.energy_pj[acc] = macs * acc_bits * t.energy("accumulator_bit");
  c.area_um2[acc] = pes * acc_bits * t.area("accumulator_bit");
  // Buffers: an access reads one bank of size/banks.
  const double banks = A.sram_banks;
  c.energy_pj[sram] = static_cast<double>(r.ifmap_sram_reads) * t.sram_access_pj(A.ifmap_sram_kib / banks, A.word_bits, false) +
                      static_cast<double>(r.filter_sram_reads) * t.sram_access_pj(A.filter_sram_kib / banks, A.word_bits, false) +
                      static_cast<double>(r.ofmap_sram_writes) * t.sram_access_pj(A.ofmap_sram_kib / banks, A.ofmap_word_bits, true) +
                      static_cast<double>(r.ifmap_dram_reads + r.filter_dram_reads) * t.sram_access_pj(A.ifmap_sram_kib / banks, A.word_bits, true);
  c.area_um2[sram] = (A.ifmap_sram_kib + A.filter_sram_kib + A.ofmap_sram_kib) * 1024.0 * 8.0 * t.sram_area_um2_per_bit * t.area_scale;
  c.energy_pj[dram] = r.dram_bytes * t.dram_pj_per_byte * t.energy_scale;
  for (double a : c.area_um2) c.total_area_um2 += a;
  // Leakage: nW/um² × um² × s = 1e-9 J = 1e3 pJ per (nW·s).
  c.energy_pj[leak] = t.leakage_nw_per_um2 * c.total_area_um2 * r.latency_s * 1e3;
  for (double e : c.energy_pj) c.total_energy_pj += e;
  return c;
}

}  // namespace scmp::experiments
