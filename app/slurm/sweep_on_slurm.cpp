// Submission of a sweep to Slurm: plan → work directory → array of incomplete shards → dependent merge job.
#include "app/slurm/sweep_on_slurm.hpp"

#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <set>

#include "app/command.hpp"
#include "app/slurm/slurm_client.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/run.hpp"
#include "experiments/shard_status.hpp"
#include "experiments/shard_workdir.hpp"
#include "experiments/sweep_plan.hpp"
#include "experiments/sweep_runner.hpp"
#include "sim/error.hpp"

namespace scmp::app {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace scmp::experiments;

po::options_description slurm_option_group(SlurmSweepRequest& r) {
  po::options_description o("Slurm (docs/CLUSTER.md): one array task per shard, then a merge job");
  o.add_options()("slurm", po::bool_switch(&r.enabled), "submit the sweep to Slurm as a job array instead of running it here")
      ("tasks", po::value(&r.options.tasks)->default_value(0), "array tasks (shards); 0 = one per design point, at most 100")
      ("partition", po::value(&r.options.partition), "Slurm partition (default: the cluster's)")
      ("account", po::value(&r.options.account), "Slurm account to charge")
      ("time", po::value(&r.options.time), "time limit of one task, e.g. 2:00:00 or 1-00:00:00")
      ("cpus-per-task", po::value(&r.options.cpus_per_task)->default_value(1), "CPUs of one task (its --jobs unless -j is given)")
      ("gpus-per-task", po::value(&r.options.gpus_per_task)->default_value(0), "GPUs of one task (--backend cuda: 1)")
      ("sbatch-arg", po::value(&r.options.sbatch_args), "further sbatch option for both jobs, repeatable: --sbatch-arg=--qos=high")
      ("dry-run", po::bool_switch(&r.dry_run), "print the scripts and sbatch commands; write and submit nothing");
  return o;
}

namespace {

// What the submission checks about the work directory before anything is written.
void refuse_while_active(const Manifest& m, const std::string& command_hint) {
  if (m.submissions.empty()) return;
  const auto& last = m.submissions.back();
  const auto active = active_jobs({last.array_job, last.merge_job});
  if (active.empty()) return;
  std::string list;
  for (const auto& a : active) list += (list.empty() ? "" : ", ") + a;
  throw sim::InvalidArgument("work directory", fs::path(m.output + ".slurm").string(),
                             "jobs of the last submission are still queued or running (" + list +
                                 "); wait for them (squeue -j " + last.array_job + "," + last.merge_job + ") or scancel them, then " +
                                 command_hint);
}

// A shard file nobody writes that cannot be read (a node lost mid-flush, a full disk): moved aside with its
// journal, so its task starts the shard afresh instead of failing on it at every resubmission.
void set_aside(const fs::path& file, const fs::path& journal, const std::string& stamp) {
  std::error_code ec;
  fs::rename(file, file.string() + ".unreadable-" + stamp, ec);
  if (fs::exists(journal)) fs::rename(journal, journal.string() + ".unreadable-" + stamp, ec);
  std::cerr << "scmp sweep: " << file.string() << " cannot be read; moved aside to " << file.string() << ".unreadable-" << stamp
            << " (its runs are redone)\n";
}

void print_scripts(const SlurmJob& job, const WorkDir& wd, const std::string& ranges) {
  std::cout << "# " << wd.array_script().string() << "\n" << array_script(job) << "\n";
  std::cout << "# " << wd.merge_script().string() << "\n" << merge_script(job) << "\n";
  std::cout << "# submission\n"
            << "array=$(sbatch --parsable --array=" << ranges << " " << shell_quote(wd.array_script().string()) << ")\n"
            << "sbatch --parsable --dependency=afterany:$array " << shell_quote(wd.merge_script().string()) << "\n";
}

// Submissions into one directory take turns (two shells submitting the same sweep at once would otherwise
// both see no active job). Best effort: where the file system has no flock, nothing is serialized.
class SubmitLock {
 public:
  explicit SubmitLock(const fs::path& dir) {
    m_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m_fd < 0) return;
    for (int i = 0; i < 600; ++i) {
      if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0) return;
      if (errno != EWOULDBLOCK) return;
      ::usleep(100000);
    }
    ::close(m_fd);
    throw sim::InvalidArgument("output directory", dir.string(), "another scmp sweep --slurm has been submitting here for a minute");
  }
  ~SubmitLock() {
    if (m_fd >= 0) ::close(m_fd);
  }
  SubmitLock(const SubmitLock&) = delete;
  SubmitLock& operator=(const SubmitLock&) = delete;

 private:
  int m_fd = -1;
};

}  // namespace

void require_plan(const LoadedConfig& loaded, const std::string& expected) {
  const std::string now = plan_hash(plan_sweep(loaded));
  if (now != expected) {
    throw sim::InvalidArgument("--plan-hash", expected, "the configuration " + loaded.path + " now plans other runs (plan " + now +
                                                           "): it changed after submission; rerun scmp sweep --slurm (with --force to start over)");
  }
}

int sweep_on_slurm(const SlurmSweepRequest& r) {
  validate_slurm_options(r.options);
  sim::require_range("--jobs", r.jobs, 0, 1024);
  const LoadedConfig loaded = load_config_file(r.config);
  const SweepPlan plan = plan_sweep(loaded);
  {
    // File operands are checked here, before anything is submitted (as a local sweep does before writing).
    std::set<std::string> seen;
    for (const auto& p : plan.points) {
      YAML::Emitter key;
      key << to_yaml(p.config)["workload"];
      if (seen.insert(std::string(key.c_str()) + "@" + p.config.base_dir).second) preflight_operands(p.config, loaded.sources);
    }
  }
  const std::string output = fs::absolute(r.output.empty() ? plan.base.experiment.output : r.output).lexically_normal().string();
  const WorkDir wd = WorkDir::for_output(output);
  std::optional<SubmitLock> lock;
  if (!r.dry_run && fs::is_directory(fs::path(output).parent_path())) lock.emplace(fs::path(output).parent_path());
  const std::string this_plan = plan_hash(plan);
  const std::string again = "run this command again";

  // The shard count: the one of an existing work directory, else --tasks (default one per point, <= 100).
  int shards = r.options.tasks > 0 ? std::min<int>(r.options.tasks, static_cast<int>(plan.points.size()))
                                   : std::min<int>(kDefaultArrayTasks, static_cast<int>(plan.points.size()));
  bool resuming = false;
  if (fs::exists(wd.dir) && !fs::exists(wd.manifest_file())) {
    throw sim::InvalidArgument("work directory", wd.dir.string(), "exists but holds no manifest.yaml written by scmp; move it away");
  }
  if (fs::exists(wd.manifest_file())) {
    const Manifest m = read_manifest(wd.manifest_file());
    refuse_while_active(m, again);
    if (r.force) {
      if (!r.dry_run) {
        fs::remove_all(wd.dir);
        fs::remove(output);
      }
    } else {
      if (m.plan_hash != this_plan) {
        throw sim::InvalidArgument("work directory", wd.dir.string(),
                                   "holds another sweep (plan " + m.plan_hash + " from " + m.config + "; this configuration is plan " +
                                       this_plan + "); use another -o, or --force to discard it");
      }
      if (r.options.tasks > 0 && shards != m.shards) {  // (--tasks as capped to the design points)
        throw sim::InvalidArgument("--tasks", std::to_string(r.options.tasks),
                                   "the work directory " + wd.dir.string() + " is split into " + std::to_string(m.shards) +
                                       " shards; leave --tasks out (or pass " + std::to_string(m.shards) + "), or --force to start over");
      }
      shards = m.shards;
      resuming = true;
    }
  } else if (fs::exists(output) && !r.force) {
    throw sim::InvalidArgument("output", output, "exists and has no work directory " + wd.dir.string() +
                                                     "; pass --force to replace it or choose another -o");
  } else if (r.force && !r.dry_run) {
    fs::remove(output);
  }

  const PlanTable table = make_plan_table(plan, shards);
  std::vector<int> todo;
  std::vector<ShardStatus> status;
  if (resuming) {
    status = read_shard_status(wd, table);  // throws for a foreign shard file
    for (const auto& s : status) {
      if (!s.complete()) todo.push_back(s.shard);
    }
  } else {
    for (int i = 0; i < shards; ++i) todo.push_back(i);
  }
  if (todo.empty()) {
    std::cout << "scmp sweep: all " << table.runs.size() << " runs of " << wd.dir.string() << " are done; ";
    if (r.dry_run) {
      std::cout << "would merge them into " << output << "\n";
      return exit_ok;
    }
    const std::size_t rows = merge_shards(wd, table, output);
    std::cout << "merged " << rows << " runs into " << output << "\n";
    return exit_ok;
  }

  SlurmJob job;
  job.scmp = fs::read_symlink("/proc/self/exe").string();
  job.config = fs::absolute(r.config).lexically_normal().string();
  job.output = output;
  job.work_dir = wd.dir.string();
  job.backend = r.backend;
  job.jobs = r.jobs > 0 ? r.jobs : r.options.cpus_per_task;
  job.name = plan.base.experiment.name;
  job.shards = shards;
  job.plan_hash = this_plan;
  job.options = r.options;
  const std::string ranges = array_ranges(todo);
  std::size_t runs_todo = 0;
  for (int i : todo) runs_todo += resuming ? status[static_cast<std::size_t>(i)].planned - status[static_cast<std::size_t>(i)].done : 0;
  if (!resuming) runs_todo = table.runs.size();
  if (r.dry_run) {
    std::cout << "scmp sweep --dry-run: would submit " << todo.size() << " of " << shards << " shards (" << runs_todo
              << " runs still to do) and a merge job into " << output << "\n";
    print_scripts(job, wd, ranges);
    return exit_ok;
  }

  fs::create_directories(wd.logs());
  const std::string stamp = experiments::utc_now();
  for (int i : todo) {
    if (shard_lock_held(wd, i, shards)) {
      throw sim::InvalidArgument("shard", wd.shard_file(i, shards).string(),
                                 "is being written by another process (its lock is held); wait for it, then " + again);
    }
    if (resuming && status[static_cast<std::size_t>(i)].source == ShardSource::damaged) {
      set_aside(wd.shard_file(i, shards), wd.progress_file(i, shards), stamp);
    }
  }
  Manifest m;
  if (resuming) m = read_manifest(wd.manifest_file());
  m.config = job.config;
  m.output = output;
  m.backend = r.backend;
  m.experiment = job.name;
  m.plan_hash = this_plan;
  m.shards = shards;
  m.runs = table.runs.size();
  write_plan_table(wd.plan_file(), table);
  write_file_atomically(wd.array_script(), array_script(job));
  write_file_atomically(wd.merge_script(), merge_script(job));
  write_manifest(wd.manifest_file(), m);

  std::string array_id, merge_id;
  try {
    array_id = sbatch({"--array=" + ranges}, wd.array_script().string());
    merge_id = sbatch({"--dependency=afterany:" + array_id}, wd.merge_script().string());
  } catch (const std::runtime_error& e) {
    // Without its merge job the array would finish unmerged; take it back so a rerun starts clean.
    if (!array_id.empty()) run_program({"scancel", array_id}, 60);
    std::cerr << "scmp sweep: error: " << e.what() << (array_id.empty() ? "" : " (array job " + array_id + " cancelled)") << "\n";
    return exit_failed;
  }
  m.submissions.push_back(Submission{stamp, ranges, array_id, merge_id});
  write_manifest(wd.manifest_file(), m);

  std::cout << "scmp sweep: submitted " << todo.size() << " array task" << (todo.size() == 1 ? " (shard " : "s (shards ") << ranges << " of "
            << shards << ", " << runs_todo << " runs to do) as job " << array_id << ", and the merge as job " << merge_id
            << " (after " << array_id << ")\n"
            << "  follow:   squeue -j " << array_id << "," << merge_id << "   scontrol show job " << array_id << "   scmp status "
            << output << "\n"
            << "  files:    " << wd.dir.string() << "/ (shard files, logs/, array.sbatch, merge.sbatch)\n"
            << "  result:   " << output << ", written by job " << merge_id
            << "; if runs are missing afterwards, run this command again: it submits only those\n";
  return exit_ok;
}

}  // namespace scmp::app
