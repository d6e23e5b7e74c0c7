// The sweep results file, layout `scmp-sweep-v1` (docs/RESULTS.md): provenance in root attributes, a flat
// appendable /index table (one row per finished run) and /runs/<run_id>/ops/<op>/ groups with the bulk data.
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "experiments/run.hpp"
#include "experiments/sweep_plan.hpp"

namespace scmp::experiments {

inline constexpr const char* kSchema = "scmp-sweep-v1";

struct Provenance {
  std::string tool_version, git_commit, host, created_utc, experiment, config_yaml, resolved_yaml;
  std::int64_t seed = 0;
  std::string backend;   // extra root attribute: the backend that computed the runs (never changes numbers)
  // The cost table (results_array.hpp writes them): name, file text, hash, technology after scaling.
  std::string cost_table_name, cost_table_yaml, cost_table_hash, cost_table_technology;
};

std::vector<std::string> metric_fields();  // mse rmse max_abs rel_fro cosine bias
std::vector<std::string> cost_fields();    // cycles avg_stoc_len_row avg_stoc_len_mac energy_pj area_um2 + array fields

// One row of /index, as read back.
struct IndexRow {
  std::string run_id, config_hash, status;
  std::vector<double> axis_numbers;        // per axis (NaN for string axes)
  std::vector<std::string> axis_strings;   // per axis ("" for numeric axes)
  std::vector<double> metrics;             // metric_fields() order
  std::vector<double> cost;                // cost_fields() order
  double wall_s = 0;
};

struct IndexTable {
  std::vector<SweepAxis> axes;             // path + numeric (short names not stored)
  std::vector<IndexRow> rows;
};

// Contract: create() fails (InvalidArgument on "output", no file left behind) when the path cannot be
// written; open_for_resume() checks the file in a child process (a corrupt file is reported, not crashed
// on) and requires the same schema and the same axes. append() writes the run group and
// one /index row, then flushes the file (H5Fflush), so a killed sweep loses at most the runs not yet
// appended. Not thread-safe: one writer thread.
class ResultsWriter {
 public:
  // Never replaces an existing file unless `replace` and it is a regular HDF5 file (atomic_output.hpp).
  static std::unique_ptr<ResultsWriter> create(const std::string& path, const Provenance& prov, const std::vector<SweepAxis>& axes,
                                               bool replace = false);
  static std::unique_ptr<ResultsWriter> open_for_resume(const std::string& path, const std::vector<SweepAxis>& axes);
  ~ResultsWriter();

  std::set<std::string> finished_hashes() const;   // config hashes with status "ok"
  void append(const DesignPoint& point, const RunResult& result);
  void close();

 private:
  struct Impl;
  void append_unchecked(const DesignPoint& point, const RunResult& result);
  explicit ResultsWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// Checked reads (hdf5_reader.hpp): a file that is not scmp-sweep-v1 throws InvalidArgument naming the object.
IndexTable read_index(const std::string& path);
std::string read_root_attribute(const std::string& path, const std::string& name);

// Joins shard files of one sweep (same schema, axes and resolved configuration) into `output`; rows with a
// config hash already present (status ok) are dropped. Returns the number of rows written. Each input is
// checked in a child process and the merge itself runs in one, writing a temporary file that is published
// only when complete: a corrupt input is reported and no partial output is ever left. `output` must not
// exist unless `replace` (then it must be a regular HDF5 file).
std::size_t merge_results(const std::vector<std::string>& inputs, const std::string& output, bool replace = false);

}  // namespace scmp::experiments
