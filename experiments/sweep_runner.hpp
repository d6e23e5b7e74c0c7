// Running a sweep: plan → validation of everything (before any file exists) → runs spread over local
// worker threads → results appended to the HDF5 file in plan order by one writer thread.
#pragma once
#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include "experiments/config_loader.hpp"
#include "experiments/run.hpp"
#include "experiments/sweep_plan.hpp"

namespace scmp::experiments {

struct SweepProgress {
  std::size_t done = 0;       // runs finished in this invocation
  std::size_t total = 0;      // runs to do in this invocation (after resume and shard)
  std::size_t failed = 0;
  double elapsed_s = 0;
  double eta_s = 0;
  const DesignPoint* point = nullptr;
  const RunResult* result = nullptr;
};

struct SweepOptions {
  std::string output;                  // "" = experiment.output
  std::string backend = "cpu";
  int jobs = 1;                        // worker threads (results do not depend on it)
  bool resume = false;                 // skip runs whose config hash is in the file with status ok
  bool force = false;                  // replace an existing output file (only a regular HDF5 file)
  int shard = 0, shards = 1;           // run points with index % shards == shard
  const std::atomic<bool>* stop = nullptr;  // set (e.g. by a signal): finish writing, start nothing new
  // Called once validation is over, just before the output file is created or opened (the CLI switches
  // SIGINT/SIGTERM from "end now" to "finish the run being written, then stop" there).
  std::function<void()> before_write;
  std::function<void(const SweepProgress&)> progress;
};

struct SweepSummary {
  std::string output;
  std::size_t planned = 0;    // points in this shard
  std::size_t skipped = 0;    // already finished (resume)
  std::size_t ok = 0;
  std::size_t failed = 0;
  bool interrupted = false;
};

// Contract: every error in the configuration, the operand files, the cost table or the output path is
// thrown (ConfigError / InvalidArgument) before the output file is created or changed. Runs that fail are
// recorded with status "failed" and counted, not thrown.
SweepSummary run_sweep(const LoadedConfig& loaded, const SweepOptions& options);

// Root-attribute provenance helpers.
std::string tool_version();
std::string git_commit();
std::string utc_now();  // "2026-12-01T04:30:00Z"

}  // namespace scmp::experiments
