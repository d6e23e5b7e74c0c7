// The work directory of a sweep split into shards (OUT.slurm/, docs/CLUSTER.md). Each shard has its own
// results file, written only by the task that holds the shard's lock, and a progress journal (one line per
// finished run) that stays readable while the results file is open for writing. The plan table says which
// runs belong to which shard; the manifest records the configuration and every submission.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/sweep_plan.hpp"

namespace scmp::experiments {

// Shard file stem, "shard-0002-of-0016"; the array script builds the same name with the shell's printf.
inline constexpr const char* kShardStemFormat = "shard-%04d-of-%04d";

struct WorkDir {
  std::filesystem::path dir;

  static WorkDir for_output(const std::string& output);  // OUT + ".slurm"
  std::filesystem::path shard_file(int shard, int shards) const;     // <stem>.h5
  std::filesystem::path progress_file(int shard, int shards) const;  // <stem>.progress
  std::filesystem::path lock_file(int shard, int shards) const;      // <stem>.lock
  std::filesystem::path logs() const;                                 // logs/
  std::filesystem::path plan_file() const;                            // plan.tsv
  std::filesystem::path manifest_file() const;                        // manifest.yaml
  std::filesystem::path array_script() const;                         // array.sbatch
  std::filesystem::path merge_script() const;                         // merge.sbatch
};

std::string shard_stem(int shard, int shards);

// One design point of the full plan and the shard (index % shards) that runs it.
struct PlannedRun {
  std::size_t index = 0;
  int shard = 0;
  std::string config_hash, run_id;
};

struct PlanTable {
  std::string plan_hash;   // plan_hash() of the full plan
  std::string experiment;
  int shards = 1;
  std::vector<PlannedRun> runs;   // plan order
};

// A digest of the whole plan (every point's config hash in order): equal iff the same runs would be made.
std::string plan_hash(const SweepPlan& full_plan);
PlanTable make_plan_table(const SweepPlan& full_plan, int shards);
void write_plan_table(const std::filesystem::path& path, const PlanTable& table);
// Throws InvalidArgument naming the file when it is not a plan table written by write_plan_table.
PlanTable read_plan_table(const std::filesystem::path& path);

struct Submission {
  std::string utc;         // when it was submitted
  std::string tasks;       // array indices ("0-3,5")
  std::string array_job;   // Slurm job ids
  std::string merge_job;
};

struct Manifest {
  std::string config, output, backend, experiment, plan_hash;
  int shards = 1;
  std::size_t runs = 0;
  std::vector<Submission> submissions;
};

void write_manifest(const std::filesystem::path& path, const Manifest& manifest);  // atomic (temp + rename)
Manifest read_manifest(const std::filesystem::path& path);                          // InvalidArgument on a bad file

// Writes `text` to `path` through a temporary file in the same directory and a rename, so a reader sees the
// old or the new content, never a part.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace scmp::experiments
