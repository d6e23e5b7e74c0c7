// Cost tables and the energy/area evaluation of the lane datapath from the cycle engine's activity.
#include "experiments/cost_model.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments/config_loader.hpp"
#include "experiments/config_reader.hpp"
#include "experiments/experiment_config.hpp"

namespace scmp::experiments {

std::vector<std::string> cost_action_names() {
  return {"rng_bit", "comparator_bit", "and_gate", "xnor_gate", "counter_bit", "accumulator_bit", "register_bit", "binary_mac_8b"};
}

double CostTable::sram_access_pj(double bank_kib, int bits, bool write) const {
  const double per_bit = write ? sram_write_pj_per_bit : sram_read_pj_per_bit;
  return per_bit * bits * std::pow(bank_kib / sram_ref_kib, sram_size_exponent) * energy_scale;
}

CostTable load_cost_table(const std::string& path, double node_nm, double vdd) {
  const LoadedConfig loaded = load_config_file(path);
  CostTable t;
  t.path = path;
  {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    t.text = ss.str();
    t.hash = hash_hex(t.text);
  }
  ConfigReader r(loaded.root, "", loaded.sources);
  if (!r.has("version") || r.node("version").Scalar() != "2") {
    r.fail("version", node_text(r.node("version")),
           "expected 2 (cost tables give per-bit energies, sram, dram, leakage and technology; see configs/cost/generic_45nm.yaml)");
  }
  t.name = r.get_string("name", std::filesystem::path(path).stem().string());
  (void)r.get_string("description", "");
  if (!r.has("technology")) r.fail("technology", "<missing>", "expected {node_nm, vdd, description}");
  {
    ConfigReader tech(r.node("technology"), "technology", loaded.sources);
    t.node_nm = tech.get_double("node_nm", 0, 1, 1000);
    t.vdd = tech.get_double("vdd", 0, 0.1, 5);
    if (t.node_nm <= 0) tech.fail("node_nm", "<missing>", "expected the table's technology node in nm");
    if (t.vdd <= 0) tech.fail("vdd", "<missing>", "expected the table's supply voltage in V");
    t.technology = tech.get_string("description", "");
    tech.reject_unknown();
  }
  if (r.has("units")) {
    ConfigReader u(r.node("units"), "units", loaded.sources);
    (void)u.get_choice("energy", "pJ", {"pJ"});
    (void)u.get_choice("area", "um^2", {"um^2"});
    u.reject_unknown();
  }
  if (!r.has("actions")) r.fail("actions", "<missing>", "expected a mapping of action → {energy_pj, area_um2, source}");
  ConfigReader a(r.node("actions"), "actions", loaded.sources);
  for (const auto& name : cost_action_names()) {
    if (!a.has(name)) a.fail(name, "<missing>", "expected {energy_pj, area_um2, source} for every action");
    ConfigReader e(a.node(name), a.path(name), loaded.sources);
    CostEntry c;
    c.energy_pj = e.get_double("energy_pj", 0.0, 0.0, 1e9);
    c.area_um2 = e.get_double("area_um2", 0.0, 0.0, 1e12);
    c.source = e.get_string("source", "");
    e.reject_unknown();
    t.actions[name] = c;
  }
  a.reject_unknown();
  auto section = [&](const char* key, const std::vector<const char*>& required, auto&& read) {
    if (!r.has(key)) r.fail(key, "<missing>", "expected the " + std::string(key) + " section");
    ConfigReader s(r.node(key), key, loaded.sources);
    for (const char* k : required) {
      if (!s.has(k)) s.fail(k, "<missing>", "expected a number");
    }
    read(s);
    (void)s.get_string("source", "");
    s.reject_unknown();
  };
  section("sram", {"ref_kib", "read_pj_per_bit", "write_pj_per_bit", "area_um2_per_bit"}, [&](const ConfigReader& s) {
    t.sram_ref_kib = s.get_double("ref_kib", 64, 1e-3, 1e9);
    t.sram_read_pj_per_bit = s.get_double("read_pj_per_bit", 0, 0, 1e6);
    t.sram_write_pj_per_bit = s.get_double("write_pj_per_bit", 0, 0, 1e6);
    t.sram_size_exponent = s.get_double("size_exponent", 0.5, 0, 2);
    t.sram_area_um2_per_bit = s.get_double("area_um2_per_bit", 0, 0, 1e6);
  });
  section("dram", {"pj_per_byte"}, [&](const ConfigReader& s) { t.dram_pj_per_byte = s.get_double("pj_per_byte", 0, 0, 1e9); });
  section("leakage", {"nw_per_um2"}, [&](const ConfigReader& s) { t.leakage_nw_per_um2 = s.get_double("nw_per_um2", 0, 0, 1e9); });
  if (r.has("energy_per_mac")) {
    ConfigReader m(r.node("energy_per_mac"), "energy_per_mac", loaded.sources);
    t.mac_base_pj = m.get_double("base_pj", 0.0, 0.0, 1e9);
    t.mac_per_cycle_pj = m.get_double("per_cycle_pj", 0.0, 0.0, 1e9);
    (void)m.get_string("source", "");
    m.reject_unknown();
  }
  r.reject_unknown();
  // First-order (Dennard-style) node scaling: dynamic energy C·V² with C ∝ feature size, area ∝ feature size².
  t.target_node_nm = node_nm > 0 ? node_nm : t.node_nm;
  t.target_vdd = vdd > 0 ? vdd : t.vdd;
  t.energy_scale = (t.target_node_nm / t.node_nm) * (t.target_vdd / t.vdd) * (t.target_vdd / t.vdd);
  t.area_scale = (t.target_node_nm / t.node_nm) * (t.target_node_nm / t.node_nm);
  return t;
}

ArrayUnits array_units(int lanes, int rng_pool, int sc_prec, int max_stoc_len, sim::Multiplier multiplier) {
  ArrayUnits u;
  u.lanes = lanes;
  u.rngs = rng_pool;
  u.sc_prec = sc_prec;
  u.comparators = 2LL * lanes;
  u.gates = lanes;
  u.gate = multiplier == sim::Multiplier::xnor ? "xnor_gate" : "and_gate";
  u.enable_counters = (multiplier == sim::Multiplier::enable || multiplier == sim::Multiplier::thermometer) ? lanes : 0;
  u.updown_counters = lanes;
  u.accumulators = 1;
  u.counter_bits = static_cast<int>(std::ceil(std::log2(std::max(2, max_stoc_len)))) + 1;
  u.register_bits = static_cast<std::int64_t>(rng_pool) * sc_prec + static_cast<std::int64_t>(lanes) * (2 * sc_prec + 2) +
                    static_cast<std::int64_t>(lanes) * u.counter_bits * (u.enable_counters > 0 ? 2 : 1) + 32;
  return u;
}

CostResult evaluate_cost(const CostTable& t, const sim::ActivityCounts& a, const ArrayUnits& u) {
  const double p = u.sc_prec, cb = u.counter_bits, ab = u.accumulator_bits;
  CostResult r;
  r.energy_pj = static_cast<double>(a.rng_steps) * p * t.energy("rng_bit") +
                static_cast<double>(a.comparator_evals) * p * t.energy("comparator_bit") +
                static_cast<double>(a.gate_evals) * t.energy(u.gate) +
                static_cast<double>(a.enable_counter_steps + a.counter_increments) * cb * t.energy("counter_bit") +
                static_cast<double>(a.accumulator_adds) * ab * t.energy("accumulator_bit") +
                static_cast<double>(u.register_bits) * static_cast<double>(a.cycles) * t.energy("register_bit");
  r.area_um2 = static_cast<double>(u.rngs) * p * t.area("rng_bit") + static_cast<double>(u.comparators) * p * t.area("comparator_bit") +
               static_cast<double>(u.gates) * t.area(u.gate) +
               static_cast<double>(u.enable_counters + u.updown_counters) * cb * t.area("counter_bit") +
               static_cast<double>(u.accumulators) * ab * t.area("accumulator_bit") + static_cast<double>(u.register_bits) * t.area("register_bit");
  return r;
}

}  // namespace scmp::experiments
