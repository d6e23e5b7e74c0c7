// The progress journal of a results file: one text line per finished run ("ok <config_hash> <run_id>" or
// "failed ..."), appended after the run is flushed to the HDF5 file. The HDF5 file cannot be opened by a
// reader while its writer holds it (HDF5 file locking), the journal always can: `scmp status` counts a
// running shard from it. Every line is one write(2) on an O_APPEND descriptor, so a killed writer leaves at
// most one torn last line, which readers skip.
#pragma once
#include <map>
#include <string>

namespace scmp::experiments {

class ProgressJournal {
 public:
  // Opens (creates) `path` for appending; InvalidArgument naming --progress-file when it cannot.
  explicit ProgressJournal(const std::string& path);
  ~ProgressJournal();
  ProgressJournal(const ProgressJournal&) = delete;
  ProgressJournal& operator=(const ProgressJournal&) = delete;

  void record(bool ok, const std::string& config_hash, const std::string& run_id);

 private:
  int m_fd = -1;
  std::string m_path;
};

// config hash → "ok" or "failed" (a later ok wins over a failure: a resumed run). A missing file is empty.
std::map<std::string, std::string> read_progress_journal(const std::string& path);

}  // namespace scmp::experiments
