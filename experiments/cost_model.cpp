// Cost tables and the energy/area evaluation of a design point.
#include "experiments/cost_model.hpp"

#include <cmath>
#include <filesystem>

#include "experiments/config_loader.hpp"
#include "experiments/config_reader.hpp"

namespace scmp::experiments {

std::vector<std::string> cost_action_names() {
  return {"rng_step", "comparator", "and_gate", "xnor_gate", "enable_counter", "updown_counter", "accumulator_add", "register_bit"};
}

CostTable load_cost_table(const std::string& path) {
  const LoadedConfig loaded = load_config_file(path);
  CostTable t;
  t.path = path;
  ConfigReader r(loaded.root, "", loaded.sources);
  if (r.has("version") && r.node("version").Scalar() != "1") r.fail("version", node_text(r.node("version")), "expected 1");
  t.name = r.get_string("name", std::filesystem::path(path).stem().string());
  (void)r.get_string("description", "");
  (void)r.get_string("technology", "");
  if (r.has("units")) {
    ConfigReader u(r.node("units"), "units", loaded.sources);
    t.energy_unit = u.get_choice("energy", "pJ", {"pJ"});
    t.area_unit = u.get_choice("area", "um^2", {"um^2"});
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
  if (r.has("energy_per_mac")) {
    ConfigReader m(r.node("energy_per_mac"), "energy_per_mac", loaded.sources);
    t.mac_base_pj = m.get_double("base_pj", 0.0, 0.0, 1e9);
    t.mac_per_cycle_pj = m.get_double("per_cycle_pj", 0.0, 0.0, 1e9);
    (void)m.get_string("source", "");
    m.reject_unknown();
  }
  r.reject_unknown();
  return t;
}

ArrayUnits array_units(int lanes, int rng_pool, int sc_prec, int max_stoc_len, const std::string& multiplier) {
  ArrayUnits u;
  u.lanes = lanes;
  u.rngs = rng_pool;
  u.comparators = 2LL * lanes;
  u.gates = lanes;
  u.gate = multiplier == "xnor" ? "xnor_gate" : "and_gate";
  u.enable_counters = (multiplier == "enable" || multiplier == "thermometer") ? lanes : 0;
  u.updown_counters = lanes;
  u.accumulators = 1;
  const int counter_bits = static_cast<int>(std::ceil(std::log2(std::max(2, max_stoc_len)))) + 1;
  u.register_bits = static_cast<std::int64_t>(rng_pool) * sc_prec + static_cast<std::int64_t>(lanes) * (2 * sc_prec + 2) +
                    static_cast<std::int64_t>(lanes) * counter_bits * (u.enable_counters > 0 ? 2 : 1) + 32;
  return u;
}

CostResult evaluate_cost(const CostTable& t, const sim::ActivityCounts& a, const ArrayUnits& u) {
  auto e = [&](const std::string& n) { return t.actions.at(n).energy_pj; };
  auto ar = [&](const std::string& n) { return t.actions.at(n).area_um2; };
  CostResult r;
  r.energy_pj = static_cast<double>(a.rng_steps) * e("rng_step") + static_cast<double>(a.comparator_evals) * e("comparator") +
                static_cast<double>(a.gate_evals) * e(u.gate) + static_cast<double>(a.enable_counter_steps) * e("enable_counter") +
                static_cast<double>(a.counter_increments) * e("updown_counter") +
                static_cast<double>(a.accumulator_adds) * e("accumulator_add") +
                static_cast<double>(u.register_bits) * static_cast<double>(a.cycles) * e("register_bit");
  r.area_um2 = static_cast<double>(u.rngs) * ar("rng_step") + static_cast<double>(u.comparators) * ar("comparator") +
               static_cast<double>(u.gates) * ar(u.gate) + static_cast<double>(u.enable_counters) * ar("enable_counter") +
               static_cast<double>(u.updown_counters) * ar("updown_counter") +
               static_cast<double>(u.accumulators) * ar("accumulator_add") + static_cast<double>(u.register_bits) * ar("register_bit");
  return r;
}

}  // namespace scmp::experiments
