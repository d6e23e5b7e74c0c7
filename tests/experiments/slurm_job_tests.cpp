// The sbatch scripts of `scmp sweep --slurm` and the work directory's files: option checks (with a fuzz of
// hostile values), the array script executed by bash (quoting, the shard name the shell builds = the C++
// one, the one-writer lock), array ranges, plan table / manifest round trips and bad files, the progress
// journal (torn last line).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "experiments/config_loader.hpp"
#include "experiments/progress_journal.hpp"
#include "experiments/shard_workdir.hpp"
#include "experiments/slurm_job.hpp"
#include "experiments/sweep_plan.hpp"
#include "support/catch.hpp"
#include "support/sweep_test_support.hpp"

using namespace scmp::experiments;
using scmp::testing::ScratchDir;

namespace {

std::size_t count_lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

SlurmJob sample_job(const std::string& dir) {
  SlurmJob j;
  j.scmp = dir + "/bin dir/scmp";
  j.config = dir + "/it's a config.yaml";
  j.output = dir + "/out.h5";
  j.work_dir = dir + "/out.h5.slurm";
  j.backend = "cpu";
  j.jobs = 3;
  j.name = "my sweep/1";
  j.shards = 5;
  j.plan_hash = "0123456789abcdef";
  return j;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

int run_shell(const std::string& cmd) {
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const char* kConfig =
    "version: 1\nexperiment: {name: wd, seed: 3}\nmetrics: {cost: false}\n"
    "workload: {operators: {q: {a: {source: gaussian, shape: [4, 16]}, b: {source: gaussian, shape: [3, 16]}}}}\n"
    "sweep: {grid: {hardware.stoc_len: [64, 32, 16]}, seeds: [0, 1]}\n";

}  // namespace

TEST_CASE("slurm options: good values pass, each bad one names its option", "[experiments][slurm]") {
  SlurmOptions ok;
  ok.tasks = 16;
  ok.partition = "gpu-a100,cpu";
  ok.account = "proj_42.x";
  ok.time = "1-02:00:00";
  ok.cpus_per_task = 8;
  ok.gpus_per_task = 1;
  ok.sbatch_args = {"--qos=high", "--mem=16G", "-Ca100", "--exclusive"};
  REQUIRE_NOTHROW(validate_slurm_options(ok));
  for (const char* t : {"30", "30:00", "2:00:00", "1-0", "1-2:30", "7-00:00:00", "UNLIMITED", "infinite"}) {
    SlurmOptions o;
    o.time = t;
    CHECK_NOTHROW(validate_slurm_options(o));
  }
  auto rejects = [](auto edit, const std::string& field) {
    SlurmOptions o;
    edit(o);
    try {
      validate_slurm_options(o);
      FAIL("accepted a bad " << field);
    } catch (const scmp::sim::InvalidArgument& e) {
      CHECK(e.field() == field);
    }
  };
  rejects([](SlurmOptions& o) { o.tasks = -1; }, "--tasks");
  rejects([](SlurmOptions& o) { o.tasks = kMaxArrayTasks + 1; }, "--tasks");
  rejects([](SlurmOptions& o) { o.cpus_per_task = 0; }, "--cpus-per-task");
  rejects([](SlurmOptions& o) { o.gpus_per_task = -1; }, "--gpus-per-task");
  rejects([](SlurmOptions& o) { o.partition = "a b"; }, "--partition");
  rejects([](SlurmOptions& o) { o.partition = "p\n#SBATCH --wrap=x"; }, "--partition");
  rejects([](SlurmOptions& o) { o.account = "acct;rm"; }, "--account");
  for (const char* t : {"1h", "2:00:00:00", "-1", "1-", ":30", "soon"}) {
    rejects([t](SlurmOptions& o) { o.time = t; }, "--time");
  }
  for (const char* a : {"qos=high", "-", "--comment=two words", "--array=0-3", "-a0-3", "--dependency=afterok:1", "-d",
                        "--output=x", "-ox", "--error=y", "--parsable", "--wrap=hostname", "--x\n#SBATCH --y"}) {
    rejects([a](SlurmOptions& o) { o.sbatch_args = {a}; }, "--sbatch-arg");
  }
}

TEST_CASE("slurm options fuzz: a value is refused or stays one #SBATCH line", "[experiments][slurm][fuzz]") {
  const unsigned seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  const std::string alphabet = "abcXYZ019_.,-:= \n\t#'\"$;`\\/";
  const SlurmJob base = sample_job("/w");
  const std::size_t base_lines = count_lines(array_script(base)) + count_lines(merge_script(base));
  for (int i = 0; i < 2000; ++i) {
    std::string v;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) v += alphabet[rng() % alphabet.size()];
    SlurmJob job = base;
    const int which = static_cast<int>(rng() % 4);
    if (which == 0) job.options.partition = v;
    if (which == 1) job.options.account = v;
    if (which == 2) job.options.time = v;
    if (which == 3) job.options.sbatch_args = {v};
    try {
      validate_slurm_options(job.options);
    } catch (const scmp::sim::InvalidArgument&) {
      continue;
    }
    // Accepted: at most one more line per script, never a line break inside a value.
    const std::size_t lines = count_lines(array_script(job)) + count_lines(merge_script(job));
    INFO("value '" << v << "' (field " << which << ")");
    CHECK(lines - base_lines == (v.empty() ? 0u : 2u));
    CHECK(v.find('\n') == std::string::npos);
  }
}

TEST_CASE("array ranges compress sorted task lists", "[experiments][slurm]") {
  CHECK(array_ranges({}).empty());
  CHECK(array_ranges({4}) == "4");
  CHECK(array_ranges({0, 1, 2, 3, 5, 7, 8}) == "0-3,5,7-8");
  CHECK(array_ranges({8, 7, 0, 3, 2, 1, 5, 5, 3}) == "0-3,5,7-8");
}

TEST_CASE("the array script, run by bash, runs its shard into its own file and refuses a second writer",
          "[experiments][slurm]") {
  ScratchDir dir("slurm_script");
  SlurmJob job = sample_job(dir.path().string());
  job.options.partition = "debug";
  job.options.gpus_per_task = 1;
  job.options.sbatch_args = {"--qos=high"};
  // A stand-in for scmp that prints its arguments one per line (the real one runs in the Slurm test).
  std::filesystem::create_directories(dir.path() / "bin dir");
  std::filesystem::create_directories(job.work_dir);
  dir.write("bin dir/scmp", "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
  std::filesystem::permissions(job.scmp, std::filesystem::perms::owner_all);
  const std::string script = dir.write("array.sbatch", array_script(job));
  const std::string text = read_text(script);
  CHECK(text.rfind("#!/bin/bash\n", 0) == 0);
  CHECK(text.find("#SBATCH --job-name=scmp-my_sweep_1\n") != std::string::npos);
  CHECK(text.find("#SBATCH --gpus-per-task=1\n") != std::string::npos);
  CHECK(text.find("#SBATCH --partition=debug\n") != std::string::npos);
  CHECK(text.find("#SBATCH --qos=high\n") != std::string::npos);
  CHECK(text.find("#SBATCH --array") == std::string::npos);

  const WorkDir wd{job.work_dir};
  REQUIRE(run_shell("SLURM_ARRAY_TASK_ID=2 bash " + scmp::testing::shell_quote(script) + " > " +
                    scmp::testing::shell_quote(dir.file("args.txt"))) == 0);
  const std::string expected = "sweep\n" + job.config + "\n-o\n" + wd.shard_file(2, 5).string() + "\n--shard\n2/5\n--resume\n--backend\ncpu\n"
                               "--jobs\n3\n--progress-file\n" + wd.progress_file(2, 5).string() + "\n--plan-hash\n0123456789abcdef\n";
  CHECK(read_text(dir.file("args.txt")) == expected);

  // While another process holds shard 2's lock, its task exits 75 without running anything.
  const int fd = ::open(wd.lock_file(2, 5).c_str(), O_RDWR | O_CREAT, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX) == 0);
  CHECK(run_shell("SLURM_ARRAY_TASK_ID=2 bash " + scmp::testing::shell_quote(script) + " > /dev/null 2>&1") == 75);
  CHECK(run_shell("SLURM_ARRAY_TASK_ID=3 bash " + scmp::testing::shell_quote(script) + " > /dev/null 2>&1") == 0);
  ::close(fd);
  // Without an array index it refuses instead of guessing a shard.
  CHECK(run_shell("env -u SLURM_ARRAY_TASK_ID bash " + scmp::testing::shell_quote(script) + " > /dev/null 2>&1") != 0);

  const std::string merge = merge_script(job);
  CHECK(merge.find("exec " + shell_quote(job.scmp) + " status " + shell_quote(job.output) + " --merge\n") != std::string::npos);
  CHECK(merge.find("--gpus-per-task") == std::string::npos);  // the merge needs no GPU
  CHECK(merge.find("#SBATCH --qos=high\n") != std::string::npos);
}

TEST_CASE("plan table and manifest round-trip; damaged ones are refused by name", "[experiments][slurm]") {
  ScratchDir dir("slurm_plan");
  const SweepPlan plan = plan_sweep(load_config_text(kConfig, "wd.yaml"));
  REQUIRE(plan.points.size() == 6);
  const PlanTable t = make_plan_table(plan, 4);
  CHECK(t.plan_hash == plan_hash(plan));
  CHECK(t.runs[5].shard == 1);
  write_plan_table(dir.file("plan.tsv"), t);
  const PlanTable back = read_plan_table(dir.file("plan.tsv"));
  CHECK(back.plan_hash == t.plan_hash);
  CHECK(back.shards == 4);
  REQUIRE(back.runs.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(back.runs[i].config_hash == t.runs[i].config_hash);
    CHECK(back.runs[i].run_id == t.runs[i].run_id);
    CHECK(back.runs[i].shard == t.runs[i].shard);
  }
  // Another seed list is another plan.
  std::string other = kConfig;
  other.replace(other.find("seeds: [0, 1]"), 13, "seeds: [0, 2]");
  CHECK(plan_hash(plan_sweep(load_config_text(other, "o.yaml"))) != t.plan_hash);

  const std::string full = read_text(dir.file("plan.tsv"));
  for (std::size_t cut : {std::size_t{0}, std::size_t{10}, full.size() / 2, full.size() - 1}) {
    dir.write("cut.tsv", full.substr(0, cut));
    CHECK_THROWS_AS(read_plan_table(dir.file("cut.tsv")), scmp::sim::InvalidArgument);
  }
  CHECK_THROWS_AS(read_plan_table(dir.file("absent.tsv")), scmp::sim::InvalidArgument);
  const unsigned seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  for (int i = 0; i < 200; ++i) {  // random byte flips: refused or read, never a crash
    std::string s = full;
    s[rng() % s.size()] = static_cast<char>(rng() % 256);
    dir.write("flip.tsv", s);
    try {
      (void)read_plan_table(dir.file("flip.tsv"));
    } catch (const scmp::sim::InvalidArgument&) {
    }
  }

  Manifest m;
  m.config = "/c/it's.yaml";
  m.output = "/o/out.h5";
  m.backend = "cuda";
  m.experiment = "wd";
  m.plan_hash = t.plan_hash;
  m.shards = 4;
  m.runs = 6;
  m.submissions = {{"2026-01-01T00:00:00Z", "0-3", "17", "18"}, {"2026-01-02T00:00:00Z", "1,3", "20", "21"}};
  write_manifest(dir.file("manifest.yaml"), m);
  const Manifest mb = read_manifest(dir.file("manifest.yaml"));
  CHECK(mb.config == m.config);
  CHECK(mb.backend == "cuda");
  CHECK(mb.shards == 4);
  REQUIRE(mb.submissions.size() == 2);
  CHECK(mb.submissions[1].tasks == "1,3");
  CHECK(mb.submissions[1].merge_job == "21");
  dir.write("bad.yaml", "shards: [\n");
  CHECK_THROWS_AS(read_manifest(dir.file("bad.yaml")), scmp::sim::InvalidArgument);
  dir.write("other.yaml", "a: 1\n");
  CHECK_THROWS_AS(read_manifest(dir.file("other.yaml")), scmp::sim::InvalidArgument);
}

TEST_CASE("progress journal: lines appended, a torn last line skipped, a later ok wins", "[experiments][slurm]") {
  ScratchDir dir("journal");
  const std::string path = dir.file("s.progress");
  {
    ProgressJournal j(path);
    j.record(false, "0123456789abcdef", "a=1");
    j.record(true, "1111111111111111", "a=2\nsecond line");
  }
  {
    ProgressJournal j(path);  // a resumed task appends
    j.record(true, "0123456789abcdef", "a=1");
  }
  std::ofstream(path, std::ios::app) << "ok 2222222222222222 torn";  // no newline: killed mid-line
  const auto m = read_progress_journal(path);
  REQUIRE(m.size() == 2);
  CHECK(m.at("0123456789abcdef") == "ok");
  CHECK(m.at("1111111111111111") == "ok");
  CHECK(read_progress_journal(dir.file("absent")).empty());
  CHECK_THROWS_AS(ProgressJournal(dir.file("no/such/dir/x")), scmp::sim::InvalidArgument);
}
