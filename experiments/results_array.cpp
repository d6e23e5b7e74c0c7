// Writing the array model's numbers and the cost table's provenance into the results file.
#include "experiments/results_array.hpp"

#include <cstdio>

#include "experiments/array_config.hpp"
#include "experiments/experiment_config.hpp"
#include "experiments/results_file.hpp"

namespace scmp::experiments {

namespace {

void string_attr(H5::H5Object& obj, const std::string& name, const std::string& value) {
  H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
  t.setCset(H5T_CSET_UTF8);
  if (obj.attrExists(name)) obj.removeAttr(name);
  obj.createAttribute(name, t, H5::DataSpace(H5S_SCALAR)).write(t, value);
}

template <class T>
void number_attr(H5::H5Object& obj, const std::string& name, T value, const H5::PredType& type) {
  if (obj.attrExists(name)) obj.removeAttr(name);
  obj.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, &value);
}

void double_dataset(H5::Group& g, const std::string& name, const std::vector<double>& v) {
  const hsize_t dims[1] = {v.size()};
  H5::DataSet d = g.createDataSet(name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, dims));
  if (!v.empty()) d.write(v.data(), H5::PredType::NATIVE_DOUBLE);
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "\n") + x;
  return s;
}

}  // namespace

std::vector<std::string> array_cost_fields() {
  return {"array_cycles", "stall_cycles", "latency_s", "utilization", "array_energy_pj", "array_area_um2", "scc_abs"};
}

std::vector<double> cost_values(const CostFields& c) {
  return {c.cycles,       c.avg_stoc_len_row, c.avg_stoc_len_mac, c.energy_pj,      c.area_um2,      c.array_cycles,
          c.stall_cycles, c.latency_s,        c.utilization,      c.array_energy_pj, c.array_area_um2, c.scc_abs};
}

std::map<std::string, std::string> array_units() {
  std::map<std::string, std::string> u{{"array_cycles", "cycles"}, {"stall_cycles", "cycles"}, {"latency_s", "s"},
                                       {"utilization", "1"},       {"array_energy_pj", "pJ"},   {"array_area_um2", "um^2"},
                                       {"scc_abs", "1"}};
  for (const auto& f : array_fields()) {
    if (*f.unit) u[std::string("array.") + f.name] = f.unit;
  }
  for (const auto& f : hardware_fields()) {
    if (*f.unit) u[std::string("hardware.") + f.name] = f.unit;
  }
  return u;
}

void describe_cost_table(Provenance& prov, const CostTable& t, std::size_t tables_in_sweep) {
  prov.cost_table_name = t.name;
  prov.cost_table_yaml = t.text;
  prov.cost_table_hash = t.hash;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s; table at %g nm / %g V, scaled to %g nm / %g V (energy x%.4g, area x%.4g)%s",
                t.technology.c_str(), t.node_nm, t.vdd, t.target_node_nm, t.target_vdd, t.energy_scale, t.area_scale,
                tables_in_sweep > 1 ? "; the sweep uses more than one table or node (see each run's config)" : "");
  prov.cost_table_technology = buf;
}

void write_cost_provenance(H5::H5File& f, const Provenance& p) {
  string_attr(f, "cost_table", p.cost_table_name);
  string_attr(f, "cost_table_yaml", p.cost_table_yaml);
  string_attr(f, "cost_table_hash", p.cost_table_hash);
  string_attr(f, "cost_table_technology", p.cost_table_technology);
  string_attr(f, "energy_components", join(energy_components()));
}

void write_array_op(H5::Group& g, const OperatorResult& op) {
  const ArrayResult& a = op.array;
  const auto i64 = H5::PredType::NATIVE_INT64;
  const auto f64 = H5::PredType::NATIVE_DOUBLE;
  for (const auto& [name, v] : {std::pair<const char*, std::int64_t>{"array_folds", a.folds}, {"array_compute_cycles", a.compute_cycles},
                                {"array_stall_cycles", a.stall_cycles}, {"array_total_cycles", a.total_cycles}}) {
    number_attr<std::int64_t>(g, name, v, i64);
  }
  number_attr<double>(g, "array_utilization", a.utilization, f64);
  number_attr<double>(g, "array_mapping_efficiency", a.mapping_efficiency, f64);
  for (const auto& [name, v] : {std::pair<const char*, std::int64_t>{"ifmap_sram_reads", a.ifmap_sram_reads},
                                {"filter_sram_reads", a.filter_sram_reads}, {"ofmap_sram_writes", a.ofmap_sram_writes},
                                {"ifmap_dram_reads", a.ifmap_dram_reads}, {"filter_dram_reads", a.filter_dram_reads},
                                {"ofmap_dram_writes", a.ofmap_dram_writes}}) {
    number_attr<std::int64_t>(g, name, v, i64);
  }
  for (const auto& [name, v] : {std::pair<const char*, double>{"dram_bytes", a.dram_bytes}, {"latency_s", a.latency_s},
                                {"macs_per_s", a.macs_per_s}, {"scc_mean", op.scc_mean}, {"scc_abs", op.cost.scc_abs}}) {
    number_attr<double>(g, name, v, f64);
  }
  if (!op.array_cost.energy_pj.empty()) {
    double_dataset(g, "energy_breakdown_pj", op.array_cost.energy_pj);
    double_dataset(g, "area_breakdown_um2", op.array_cost.area_um2);
    number_attr<double>(g, "array_energy_pj", op.array_cost.total_energy_pj, f64);
    number_attr<double>(g, "array_area_um2", op.array_cost.total_area_um2, f64);
  }
}

void write_run_warnings(H5::Group& g, const RunResult& r) {
  if (!r.warnings.empty()) string_attr(g, "warnings", join(r.warnings));
}

}  // namespace scmp::experiments
