// Shard progress (results files, else progress journals) and the merge of a work directory.
#include "experiments/shard_status.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include <filesystem>
#include <map>
#include <set>

#include "experiments/progress_journal.hpp"
#include "experiments/results_file.hpp"
#include "sim/error.hpp"

namespace scmp::experiments {

namespace fs = std::filesystem;

namespace {

using HashSet = std::set<std::string>;

std::vector<HashSet> planned_by_shard(const PlanTable& plan) {
  std::vector<HashSet> out(static_cast<std::size_t>(plan.shards));
  for (const auto& r : plan.runs) out[static_cast<std::size_t>(r.shard)].insert(r.config_hash);
  return out;
}

// config hash → status from a readable shard file; nullopt-like `false` when it cannot be read.
bool read_file_status(const fs::path& file, std::map<std::string, std::string>& status, IndexTable& table, std::string& note) {
  try {
    table = read_index(file.string());
  } catch (const std::exception& e) {
    note = e.what();
    return false;
  }
  for (const auto& r : table.rows) {
    auto& s = status[r.config_hash];
    if (s != "ok") s = r.status;
  }
  return true;
}

void refuse_foreign(const fs::path& file, const IndexTable& table, const HashSet& planned, const PlanTable& plan, int shard) {
  for (const auto& r : table.rows) {
    if (planned.count(r.config_hash) == 0) {
      throw sim::InvalidArgument("shard file", file.string(),
                                 "holds run " + r.run_id + " (config hash " + r.config_hash + "), which is not in shard " +
                                     std::to_string(shard) + "/" + std::to_string(plan.shards) + " of plan " + plan.plan_hash +
                                     ": results of a different configuration are never merged (move the file away or use a new output)");
    }
  }
}

}  // namespace

bool shard_lock_held(const WorkDir& work, int shard, int shards) {
  const int fd = ::open(work.lock_file(shard, shards).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // never created: nobody has locked it
  const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);  // releases the probe's lock
  return held;
}

std::vector<ShardStatus> read_shard_status(const WorkDir& work, const PlanTable& plan, const std::set<int>& active) {
  const auto planned = planned_by_shard(plan);
  std::vector<ShardStatus> out;
  for (int i = 0; i < plan.shards; ++i) {
    ShardStatus s;
    s.shard = i;
    s.planned = planned[static_cast<std::size_t>(i)].size();
    const fs::path file = work.shard_file(i, plan.shards);
    std::map<std::string, std::string> status;
    std::error_code ec;
    if (fs::exists(file, ec)) {
      IndexTable table;
      if (active.count(i) != 0) {
        s.source = ShardSource::journal;
        s.note = "its task is queued or running";
      } else if (read_file_status(file, status, table, s.note)) {
        s.source = ShardSource::file;
        refuse_foreign(file, table, planned[static_cast<std::size_t>(i)], plan, i);
      } else if (shard_lock_held(work, i, plan.shards)) {
        s.source = ShardSource::journal;
        s.note = "being written (its lock is held)";
      } else {
        s.source = ShardSource::damaged;  // s.note: why it cannot be read
      }
      if (s.source == ShardSource::journal) status = read_progress_journal(work.progress_file(i, plan.shards).string());
    }
    for (const auto& h : planned[static_cast<std::size_t>(i)]) {
      const auto it = status.find(h);
      if (it == status.end()) ++s.missing;
      else if (it->second == "ok") ++s.done;
      else ++s.failed;
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::size_t merge_shards(const WorkDir& work, const PlanTable& plan, const std::string& output, const std::set<int>& skip) {
  const auto planned = planned_by_shard(plan);
  std::vector<std::string> inputs;
  for (int i = 0; i < plan.shards; ++i) {
    const fs::path file = work.shard_file(i, plan.shards);
    std::error_code ec;
    if (skip.count(i) != 0 || !fs::exists(file, ec)) continue;
    std::map<std::string, std::string> status;
    IndexTable table;
    std::string note;
    if (!read_file_status(file, status, table, note)) continue;  // reported by read_shard_status; rerun fills it
    refuse_foreign(file, table, planned[static_cast<std::size_t>(i)], plan, i);
    if (!table.rows.empty()) inputs.push_back(file.string());
  }
  if (inputs.empty()) return 0;
  const fs::path out(output);
  const fs::path tmp = out.parent_path() / (out.filename().string() + ".merging." + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove(tmp, ec);
  std::size_t rows = 0;
  try {
    rows = merge_results(inputs, tmp.string());
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  fs::rename(tmp, out, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw sim::InvalidArgument("output", output, "cannot replace it with the merged file (" + ec.message() + ")");
  }
  return rows;
}

}  // namespace scmp::experiments
