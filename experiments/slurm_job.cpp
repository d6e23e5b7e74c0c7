// sbatch scripts of a sweep run as a job array, and the checks that keep them well-formed.
#include "experiments/slurm_job.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>

#include "experiments/shard_workdir.hpp"
#include "sim/error.hpp"

namespace scmp::experiments {

namespace {

bool is_name(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == ',' || c == '-';
  });
}

// Slurm durations: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S, or UNLIMITED / INFINITE.
bool is_duration(const std::string& s) {
  static const std::regex re(R"(^(\d+|\d+:\d+|\d+:\d+:\d+|\d+-\d+|\d+-\d+:\d+|\d+-\d+:\d+:\d+|UNLIMITED|INFINITE|unlimited|infinite)$)");
  return std::regex_match(s, re);
}

// Options scmp sets itself in the scripts or on the sbatch command line.
bool sets_what_scmp_sets(const std::string& arg) {
  const std::string name = arg.substr(0, arg.find('='));
  for (const char* own : {"--array", "--dependency", "--output", "--error", "--parsable", "--wrap"}) {
    if (name == own) return true;
  }
  // Short forms, with the value attached or following: -a, -d, -o, -e.
  return arg.size() >= 2 && arg[0] == '-' && arg[1] != '-' && std::string("adoe").find(arg[1]) != std::string::npos;
}

// Job names stay one #SBATCH word: anything outside [A-Za-z0-9_.-] becomes '_'.
std::string job_name(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '.' && c != '-') c = '_';
  }
  return out;
}

void common_lines(std::ostringstream& os, const SlurmOptions& o) {
  if (!o.partition.empty()) os << "#SBATCH --partition=" << o.partition << "\n";
  if (!o.account.empty()) os << "#SBATCH --account=" << o.account << "\n";
  if (!o.time.empty()) os << "#SBATCH --time=" << o.time << "\n";
}

void extra_lines(std::ostringstream& os, const SlurmOptions& o) {
  for (const auto& a : o.sbatch_args) os << "#SBATCH " << a << "\n";
}

}  // namespace

void validate_slurm_options(const SlurmOptions& o) {
  sim::require_range("--tasks", o.tasks, 0, kMaxArrayTasks, "array tasks; 0 = one per design point, at most " +
                                                                 std::to_string(kDefaultArrayTasks));
  sim::require_range("--cpus-per-task", o.cpus_per_task, 1, 4096);
  sim::require_range("--gpus-per-task", o.gpus_per_task, 0, 64);
  if (!o.partition.empty() && !is_name(o.partition)) {
    throw sim::InvalidArgument("--partition", o.partition, "expected a Slurm partition name (letters, digits, _ . , -)");
  }
  if (!o.account.empty() && !is_name(o.account)) {
    throw sim::InvalidArgument("--account", o.account, "expected a Slurm account name (letters, digits, _ . , -)");
  }
  if (!o.time.empty() && !is_duration(o.time)) {
    throw sim::InvalidArgument("--time", o.time, "expected a Slurm time limit: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S or UNLIMITED");
  }
  for (const auto& a : o.sbatch_args) {
    if (a.size() < 2 || a[0] != '-') throw sim::InvalidArgument("--sbatch-arg", a, "expected an sbatch option such as --qos=high");
    if (std::any_of(a.begin(), a.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '\0'; })) {
      throw sim::InvalidArgument("--sbatch-arg", a, "expected one option without whitespace (write --opt=value)");
    }
    if (sets_what_scmp_sets(a)) {
      throw sim::InvalidArgument("--sbatch-arg", a, "scmp sets --array, --dependency, --output, --error, --parsable and --wrap itself");
    }
  }
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string array_ranges(const std::vector<int>& tasks) {
  std::vector<int> t = tasks;
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  std::string out;
  for (std::size_t i = 0; i < t.size();) {
    std::size_t j = i;
    while (j + 1 < t.size() && t[j + 1] == t[j] + 1) ++j;
    if (!out.empty()) out += ",";
    out += std::to_string(t[i]);
    if (j > i) out += "-" + std::to_string(t[j]);
    i = j + 1;
  }
  return out;
}

std::string array_script(const SlurmJob& job) {
  const WorkDir wd{job.work_dir};
  const std::string n = std::to_string(job.shards);
  std::ostringstream os;
  os << "#!/bin/bash\n"
     << "# Written by `scmp sweep --slurm` (docs/CLUSTER.md): array task i runs shard i/" << n << " of\n"
     << "#   " << job.config << "\n"
     << "# into its own file " << (wd.dir / shard_stem(0, job.shards)).string() << ".h5 (i = 0) ..., resuming it.\n"
     << "#SBATCH --job-name=scmp-" << job_name(job.name) << "\n"
     << "#SBATCH --output=" << (wd.logs() / "task-%A_%a.out").string() << "\n"
     << "#SBATCH --ntasks=1\n"
     << "#SBATCH --cpus-per-task=" << job.options.cpus_per_task << "\n";
  if (job.options.gpus_per_task > 0) os << "#SBATCH --gpus-per-task=" << job.options.gpus_per_task << "\n";
  common_lines(os, job.options);
  extra_lines(os, job.options);
  os << "set -u\n"
     << "i=${SLURM_ARRAY_TASK_ID:?submit this script with sbatch --array}\n"
     << "shard=$(printf " << shell_quote(wd.dir.string() + "/" + kShardStemFormat) << " \"$i\" " << n << ")\n"
     << "# One writer per shard file: a second task of the same shard exits (75) instead of sharing it.\n"
     << "exec flock --nonblock --conflict-exit-code 75 \"$shard.lock\" \\\n"
     << "  " << shell_quote(job.scmp) << " sweep " << shell_quote(job.config) << " -o \"$shard.h5\" --shard \"$i/" << n
     << "\" --resume \\\n"
     << "  --backend " << shell_quote(job.backend) << " --jobs " << job.jobs << " --progress-file \"$shard.progress\""
     << (job.plan_hash.empty() ? "" : " --plan-hash " + shell_quote(job.plan_hash)) << "\n";
  return os.str();
}

std::string merge_script(const SlurmJob& job) {
  const WorkDir wd{job.work_dir};
  std::ostringstream os;
  os << "#!/bin/bash\n"
     << "# Written by `scmp sweep --slurm` (docs/CLUSTER.md): after the array, reports every shard and joins\n"
     << "# the finished runs into " << job.output << " (exit 1 while runs are missing or failed).\n"
     << "#SBATCH --job-name=scmp-merge-" << job_name(job.name) << "\n"
     << "#SBATCH --output=" << (wd.logs() / "merge-%j.out").string() << "\n"
     << "#SBATCH --ntasks=1\n"
     << "#SBATCH --cpus-per-task=1\n";
  common_lines(os, job.options);
  extra_lines(os, job.options);
  os << "exec " << shell_quote(job.scmp) << " status " << shell_quote(job.output) << " --merge\n";
  return os.str();
}

}  // namespace scmp::experiments
