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
  journal,  // its task is queued or running, or its file's lock is held: counted from the progress journal
  damaged,  // its file cannot be read and nobody writes it: its runs count as missing (a rerun redoes them)
};

struct ShardStatus {
  int shard = 0;
  std::size_t planned = 0, done = 0, failed = 0, missing = 0;   // done + failed + missing = planned
  ShardSource source = ShardSource::none;
  std::string note;   // why the results file could not be read
  bool complete() const { return done == planned; }
};

// Contract: a shard file that is missing, open for writing, truncated or corrupt never makes this throw.
// `active`: shards whose task Slurm reports queued or running; their files are not opened at all (a task
// starting could find its file locked by this reader; where HDF5 file locking is off, as on many parallel
// file systems, a reader could see a half-flushed file): they are counted from their progress journals, as
// is a shard whose file cannot be opened while its lock is held. A file that cannot be opened while nobody
// holds its lock is damaged: its runs are missing, whatever the journal says. Throws InvalidArgument naming
// the file when a readable shard file holds a run that is not in its shard of this plan (another sweep's
// file: mixed configurations).
std::vector<ShardStatus> read_shard_status(const WorkDir& work, const PlanTable& plan, const std::set<int>& active = {});

// Whether a process holds the shard's lock (a task writing it). Probes with a shared lock, released at once.
bool shard_lock_held(const WorkDir& work, int shard, int shards);

// Joins the readable shard files into `output` through `scmp merge` (merge_results, which also refuses
// files of a different resolved configuration): written to a temporary file next to it, then renamed, so
// an earlier merged file stays whole until the new one is complete. Throws InvalidArgument (as above) for a
// foreign shard file. Returns the runs written; 0 (and nothing written) when no shard has a finished run.
// `skip`: shards whose task is queued or running (left out, as their files may be in the middle of a write).
std::size_t merge_shards(const WorkDir& work, const PlanTable& plan, const std::string& output, const std::set<int>& skip = {});

}  // namespace scmp::experiments
