// The array-model and cost-provenance parts of the results file (docs/RESULTS.md, "Array model"), kept apart
// from results_file.cpp: /index cost columns of the array, per-operator attributes and the energy breakdown,
// the cost table stored in the root attributes, and the run's warnings.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <H5Cpp.h>

#include "experiments/cost_model.hpp"
#include "experiments/run.hpp"

namespace scmp::experiments {

struct Provenance;

// /index columns appended after the original cost fields.
std::vector<std::string> array_cost_fields();   // array_cycles stall_cycles latency_s utilization array_energy_pj array_area_um2 scc_abs
// All cost values of a run in cost_fields() order.
std::vector<double> cost_values(const CostFields& cost);
// Units of the new /index fields and of every `array.<key>` / `hardware.<key>` axis (from the field tables).
std::map<std::string, std::string> array_units();

void describe_cost_table(Provenance& prov, const CostTable& table, std::size_t tables_in_sweep);
void write_cost_provenance(H5::H5File& file, const Provenance& prov);
void write_array_op(H5::Group& op_group, const OperatorResult& op);
void write_run_warnings(H5::Group& run_group, const RunResult& result);

}  // namespace scmp::experiments
