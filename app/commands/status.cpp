// `scmp status OUT.h5`: runs done / failed / missing per shard of a sweep submitted with --slurm (readable
// while its tasks run), or the run counts of a plain results file; `--merge` then joins the shards into OUT.
#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/command.hpp"
#include "app/options.hpp"
#include "app/slurm/slurm_client.hpp"
#include "experiments/results_file.hpp"
#include "experiments/shard_status.hpp"
#include "experiments/shard_workdir.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace scmp::experiments;
using scmp::app::active_jobs;
using scmp::app::array_task_states;
using scmp::app::is_active_state;

namespace {

// A plain results file (a local `scmp sweep` or a merged one): how many runs it holds.
int plain_file_status(const std::string& path) {
  IndexTable t;
  try {
    t = read_index(path);
  } catch (const std::exception& e) {
    std::cout << "scmp status: " << path << ": cannot be read now (another process may be writing it): " << e.what() << "\n";
    return scmp::app::exit_failed;
  }
  std::size_t ok = 0, failed = 0;
  for (const auto& r : t.rows) (r.status == "ok" ? ok : failed) += 1;
  std::cout << "scmp status: " << path << ": " << t.rows.size() << " runs, " << ok << " ok, " << failed << " failed"
            << " (no work directory " << path << ".slurm: not a --slurm sweep)\n";
  return failed == 0 ? scmp::app::exit_ok : scmp::app::exit_failed;
}

std::string row(const std::string& a, std::size_t b, std::size_t c, std::size_t d, std::size_t e, const std::string& state) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%6s %7zu %7zu %7zu %8zu  ", a.c_str(), b, c, d, e);
  return buf + state;
}

std::string shard_state(const ShardStatus& s, const std::map<int, std::string>& tasks) {
  std::string state;
  const auto t = tasks.find(s.shard);
  if (s.complete()) state = "complete";
  else if (t != tasks.end()) state = t->second;
  else if (s.source == ShardSource::none) state = "not started";
  else state = "incomplete";
  if (s.source == ShardSource::journal) state += " (counted from its progress journal: " + s.note + ")";
  if (s.source == ShardSource::damaged) state = "damaged: cannot be read (" + s.note + "); a rerun sets it aside and redoes its runs";
  return state;
}

int run(const std::vector<std::string>& args) {
  po::options_description opts(
      "scmp status OUT.h5|OUT.h5.slurm [--merge]\n\nRuns done / failed / missing per shard of a sweep submitted with `scmp sweep --slurm`\n"
      "(docs/CLUSTER.md), safe while its tasks are writing. Exit code 0 when every run is done, 1 otherwise");
  std::string target;
  bool merge = false, all = false;
  opts.add_options()("help,h", "show this help")("merge", po::bool_switch(&merge),
                                                 "then join the finished runs into OUT (atomically; the merge job runs this)")
      ("all", po::bool_switch(&all), "list every shard (default: incomplete ones when there are more than 32)");
  po::options_description hidden;
  hidden.add_options()("target", po::value(&target));
  po::variables_map vm;
  if (const auto done = scmp::app::parse_options("status", args, opts, vm, &hidden, {"target", 1})) return *done;
  if (target.empty()) return scmp::app::usage_error("status", "missing OUT.h5 (or its work directory OUT.h5.slurm)", opts);
  std::string t = target;
  while (t.size() > 1 && t.back() == '/') t.pop_back();
  const bool is_work_dir = fs::is_directory(t) && fs::exists(fs::path(t) / "manifest.yaml");
  const WorkDir wd = is_work_dir ? WorkDir{fs::path(t)} : WorkDir::for_output(t);
  if (!fs::exists(wd.manifest_file())) {
    if (fs::is_regular_file(t) && !merge) return plain_file_status(t);
    throw scmp::sim::InvalidArgument("status", target, "neither a results file nor a --slurm work directory (no " +
                                                           wd.manifest_file().string() + ")");
  }
  const Manifest m = read_manifest(wd.manifest_file());
  const PlanTable plan = read_plan_table(wd.plan_file());
  const Submission last = m.submissions.empty() ? Submission{} : m.submissions.back();
  const auto tasks = array_task_states(last.array_job);
  std::set<int> active;  // shards whose task is queued or running: their files are not opened
  for (const auto& [task, state] : tasks) {
    if (is_active_state(state)) active.insert(task);
  }
  const auto shards = read_shard_status(wd, plan, active);

  std::cout << "scmp status: " << wd.dir.string() << ": sweep '" << m.experiment << "' (plan " << plan.plan_hash << "), "
            << plan.runs.size() << " runs in " << plan.shards << " shards\n"
            << " shard    runs    done  failed  missing  state\n";
  std::size_t planned = 0, done = 0, failed = 0, missing = 0, hidden_rows = 0;
  for (const auto& s : shards) {
    planned += s.planned;
    done += s.done;
    failed += s.failed;
    missing += s.missing;
    if (!all && plan.shards > 32 && s.complete()) {
      ++hidden_rows;
      continue;
    }
    std::cout << row(std::to_string(s.shard), s.planned, s.done, s.failed, s.missing, shard_state(s, tasks)) << "\n";
  }
  if (hidden_rows > 0) std::cout << "  (" << hidden_rows << " complete shards not listed; --all lists them)\n";
  std::cout << row("total", planned, done, failed, missing, "") << "\n";
  if (!last.array_job.empty()) {
    const auto live = active_jobs({last.array_job, last.merge_job});
    std::cout << "last submission " << last.utc << ": array job " << last.array_job << " (shards " << last.tasks << "), merge job "
              << last.merge_job << "; " << (live.empty() ? "no job of it is queued or running" : std::to_string(live.size()) + " still queued or running")
              << "\n";
  }
  const bool complete = done == planned;
  if (merge) {
    const std::size_t rows = merge_shards(wd, plan, m.output, active);
    if (rows == 0) std::cout << "merge: no finished run yet; " << m.output << " not written\n";
    else std::cout << "merge: " << rows << " runs written to " << m.output << "\n";
  } else if (fs::exists(m.output)) {
    std::cout << "merged file: " << m.output << "\n";
  }
  if (!complete) {
    std::cout << (missing + failed) << " runs not done; when no job of this sweep is queued or running, rerun\n  scmp sweep "
              << m.config << " -o " << m.output << " --slurm\nto submit only them (each task resumes its shard file)\n";
  }
  return complete ? scmp::app::exit_ok : scmp::app::exit_failed;
}

}  // namespace

SCMP_COMMAND(status, "runs done / failed / missing of a sweep submitted with --slurm", run);
