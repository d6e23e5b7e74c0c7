// `scmp sweep CONFIG -o OUT --slurm`: submits the sweep as a Slurm job array plus a merge job, or, run again,
// only the shards that are still incomplete (docs/CLUSTER.md).
#pragma once
#include <boost/program_options.hpp>
#include <string>

#include "experiments/config_loader.hpp"
#include "experiments/slurm_job.hpp"

namespace scmp::app {

struct SlurmSweepRequest {
  bool enabled = false;      // --slurm
  std::string config, output, backend = "cpu";
  int jobs = 0;              // --jobs inside a task; 0 = --cpus-per-task
  bool force = false;        // start over: remove the work directory and OUT first
  bool dry_run = false;      // print the scripts and the sbatch commands; write and submit nothing
  experiments::SlurmOptions options;
};

// The --slurm options of `scmp sweep`, bound to `request`.
boost::program_options::options_description slurm_option_group(SlurmSweepRequest& request);

// An array task's guard: InvalidArgument on --plan-hash unless `loaded` plans exactly the runs of `plan_hash`
// (the configuration was edited after submission).
void require_plan(const experiments::LoadedConfig& loaded, const std::string& plan_hash);

// Exit code: 0 submitted (or nothing left to run: merged here), 1 sbatch failed, 2 bad input (thrown).
int sweep_on_slurm(const SlurmSweepRequest& request);

}  // namespace scmp::app
