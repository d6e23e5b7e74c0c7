// Progress of a sweep split into shards, read from its work directory while tasks may still be writing, and
// the merge of its shard files into one results file.
#pragma once
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "experiments/shard_workdir.hpp"

namespace scmp::experiments {

enum class ShardSource {
  none,     // no results file yet (not started)
  file,     // its results file was read
  journal,  // its results file is being written or could not be opened (damaged): counted from the journal
};

struct ShardStatus {
  int shard = 0;
  std::size_t planned = 0, done = 0, failed = 0, missing = 0;   // done + failed + missing = planned
  ShardSource source = ShardSource::none;
  std::string note;   // why the results file could not be read
  bool complete() const { return done == planned; }
};

// Contract: a shard file that is missing, open for writing, truncated or corrupt never makes this throw —
// it is counted from its progress journal. Throws InvalidArgument naming the file when a readable shard
// file holds a run that is not in its shard of this plan (another sweep's file: mixed configurations).
// `writing`: shards known to have a live writer (Slurm says their task runs); their files are not opened at all
// (where HDF5 file locking is off, as on many parallel file systems, a reader could see a half-flushed file).
std::vector<ShardStatus> read_shard_status(const WorkDir& work, const PlanTable& plan, const std::set<int>& writing = {});

// Joins the readable shard files into `output` through `scmp merge` (merge_results, which also refuses
// files of a different resolved configuration): written to a temporary file next to it, then renamed, so
// an earlier merged file stays whole until the new one is complete. Throws InvalidArgument (as above) for a
// foreign shard file. Returns the runs written; 0 (and nothing written) when no shard has a finished run.
std::size_t merge_shards(const WorkDir& work, const PlanTable& plan, const std::string& output);

}  // namespace scmp::experiments
