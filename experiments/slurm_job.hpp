// A sweep as a Slurm job array (docs/CLUSTER.md): array task i runs shard i/N of the plan (`scmp sweep
// --shard i/N --resume`) into its own results file in the work directory; a merge job that starts after the
// whole array (afterany) joins the shards into the output (`scmp status OUT --merge`). Both are plain sbatch
// scripts, written into the work directory so a user can read, keep or resubmit them.
#pragma once
#include <string>
#include <vector>

namespace scmp::experiments {

// Slurm's default MaxArraySize is 1001 (array indices 0..1000); sbatch reports a smaller site limit itself.
inline constexpr int kMaxArrayTasks = 1000;
// Default array size: one task per design point, at most this many (each task runs its shard's points in turn).
inline constexpr int kDefaultArrayTasks = 100;

struct SlurmOptions {
  int tasks = 0;                          // array tasks = shards; 0 = min(design points, kDefaultArrayTasks)
  std::string partition, account, time;   // "" = the cluster's default
  int cpus_per_task = 1;                  // CPUs of one task; also its runs in parallel (--jobs)
  int gpus_per_task = 0;                  // GPUs of one task (the cuda backend uses one)
  std::vector<std::string> sbatch_args;   // further sbatch options ("--qos=high"), put in both scripts
};

// Contract: throws sim::InvalidArgument naming the option and the value for anything sbatch would misread:
// a partition/account outside [A-Za-z0-9_.,-], a --time that is not a Slurm duration, counts out of range, an
// sbatch argument that does not start with '-', holds whitespace, or sets what scmp sets itself (--array,
// --dependency, --output, --error, --parsable, --wrap).
void validate_slurm_options(const SlurmOptions& options);

// What the scripts run, all paths absolute (compute nodes see the same file system at the same paths).
struct SlurmJob {
  std::string scmp;         // the scmp program
  std::string config;       // the sweep configuration
  std::string output;       // the merged results file
  std::string work_dir;     // OUT.slurm: shard files, progress journals, locks, logs, scripts
  std::string backend = "cpu";
  int jobs = 1;             // --jobs inside a task
  std::string name;         // experiment name (job names: scmp-<name>, scmp-merge-<name>)
  std::string plan_hash;    // tasks refuse to run a configuration edited since (sweep --plan-hash); "" = no check
  int shards = 1;
  SlurmOptions options;
};

// The array script: reads SLURM_ARRAY_TASK_ID, takes the shard's lock (flock -n: a second writer of the
// same shard exits with 75 instead of sharing the file) and execs the sweep of that shard.
std::string array_script(const SlurmJob& job);
// The merge script: `scmp status OUT --merge` (reports every shard, then writes OUT atomically).
std::string merge_script(const SlurmJob& job);

// Array index list for sbatch --array: ascending, runs compressed ("0-3,5,7-8").
std::string array_ranges(const std::vector<int>& tasks);

// Single-quoted for a POSIX shell.
std::string shell_quote(const std::string& text);

}  // namespace scmp::experiments
