// `scmp status` and the merge of a --slurm work directory, without Slurm: shard files made by `scmp sweep
// --shard I/N` as the array tasks make them. Missing, busy (open for writing), damaged and foreign shard files;
// the merged file equals the unsharded sweep; `scmp sweep --slurm` input errors and --dry-run.
#include <H5Cpp.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <cstring>
#include <map>

#include "experiments/config_loader.hpp"
#include "experiments/results_file.hpp"
#include "experiments/shard_status.hpp"
#include "experiments/shard_workdir.hpp"
#include "experiments/sweep_plan.hpp"
#include "support/catch.hpp"
#include "support/sweep_test_support.hpp"

using namespace scmp::experiments;
using scmp::testing::run_scmp;
using scmp::testing::ScratchDir;
namespace fs = std::filesystem;

namespace {

std::string config_text(int seed_base) {
  return "version: 1\nexperiment: {name: st, seed: 3}\nmetrics: {cost: false}\n"
         "workload: {operators: {q: {a: {source: llm_activations, shape: [12, 64]}, b: {source: gaussian, shape: [5, 64]}}}}\n"
         "hardware: {chunk_d: 32}\n"
         "sweep: {grid: {hardware.stoc_len: [64, 32, 16]}, seeds: [" +
         std::to_string(seed_base) + ", " + std::to_string(seed_base + 1) + ", " + std::to_string(seed_base + 2) + "]}\n";
}

// A work directory as `scmp sweep --slurm` leaves it before any task ran (3 shards of 9 runs).
struct Work {
  ScratchDir dir{"shard_status"};
  std::string config = dir.write("st.yaml", config_text(0));
  std::string output = dir.file("out.h5");
  WorkDir wd = WorkDir::for_output(output);
  PlanTable plan;

  Work() {
    fs::create_directories(wd.logs());
    plan = make_plan_table(plan_sweep(load_config_file(config)), 3);
    write_plan_table(wd.plan_file(), plan);
    Manifest m;
    m.config = config;
    m.output = output;
    m.experiment = "st";
    m.plan_hash = plan.plan_hash;
    m.shards = 3;
    m.runs = plan.runs.size();
    write_manifest(wd.manifest_file(), m);
  }
  // What array task i runs.
  void run_shard(int i, const std::string& cfg = "") {
    const auto r = run_scmp({"sweep", cfg.empty() ? config : cfg, "-o", wd.shard_file(i, 3).string(), "--shard", std::to_string(i) + "/3",
                             "--resume", "--progress-file", wd.progress_file(i, 3).string(), "-q"},
                            dir.file("task.log"));
    REQUIRE(r.exit_code == 0);
  }
};

std::map<std::string, IndexRow> by_hash(const std::string& path) {
  std::map<std::string, IndexRow> m;
  for (const auto& r : read_index(path).rows) m[r.config_hash] = r;
  return m;
}

// Bit-identical metrics and costs (wall time aside).
void check_same_runs(const std::string& merged, const std::string& local, std::size_t expected) {
  const auto a = by_hash(merged), b = by_hash(local);
  REQUIRE(a.size() == expected);
  for (const auto& [hash, row] : a) {
    REQUIRE(b.count(hash) == 1);
    const IndexRow& o = b.at(hash);
    CHECK(row.run_id == o.run_id);
    CHECK(row.status == o.status);
    for (std::size_t i = 0; i < row.metrics.size(); ++i) CHECK(std::memcmp(&row.metrics[i], &o.metrics[i], sizeof(double)) == 0);
    for (std::size_t i = 0; i < row.cost.size(); ++i) CHECK(std::memcmp(&row.cost[i], &o.cost[i], sizeof(double)) == 0);
  }
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

}  // namespace

TEST_CASE("scmp status counts shards; the merge of all shards equals the unsharded sweep", "[experiments][slurm][cli]") {
  Work w;
  REQUIRE(run_scmp({"sweep", w.config, "-o", w.dir.file("local.h5"), "-q"}, w.dir.file("local.log")).exit_code == 0);
  w.run_shard(0);
  w.run_shard(2);
  auto s = read_shard_status(w.wd, w.plan);
  REQUIRE(s.size() == 3);
  CHECK((s[0].complete() && s[0].planned == 3 && s[0].source == ShardSource::file));
  CHECK((s[1].missing == 3 && s[1].done == 0 && s[1].source == ShardSource::none));
  CHECK(s[2].complete());
  auto r = run_scmp({"status", w.output}, w.dir.file("status.log"));
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("not started") != std::string::npos);
  CHECK(r.output.find("total       9       6       0        3") != std::string::npos);

  CHECK(merge_shards(w.wd, w.plan, w.output, {2}) == 3);  // shard 2's task "running": left out
  CHECK(merge_shards(w.wd, w.plan, w.output) == 6);  // what is done so far
  check_same_runs(w.output, w.dir.file("local.h5"), 6);

  w.run_shard(1);
  r = run_scmp({"status", w.wd.dir.string() + "/", "--merge"}, w.dir.file("status.log"));  // the work directory works too
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("merge: 9 runs written") != std::string::npos);
  check_same_runs(w.output, w.dir.file("local.h5"), 9);
  // The same command again, --tasks included (capped to the points as the first time), is accepted.
  r = run_scmp({"sweep", w.config, "-o", w.output, "--slurm", "--tasks", "3", "--dry-run"}, w.dir.file("again.log"));
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("would merge") != std::string::npos);
  // Nothing left to run: `scmp sweep --slurm` only merges again, without Slurm.
  r = run_scmp({"sweep", w.config, "-o", w.output, "--slurm"}, w.dir.file("again.log"));
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("all 9 runs") != std::string::npos);
  check_same_runs(w.output, w.dir.file("local.h5"), 9);
}

TEST_CASE("a shard open for writing is counted from its journal; a damaged one never crashes status or merge",
          "[experiments][slurm][cli]") {
  Work w;
  w.run_shard(0);
  w.run_shard(1);
  {
    // Shard 0 held open for writing as its task holds it: the shard's lock, and HDF5's lock on the file.
    const int lock = ::open(w.wd.lock_file(0, 3).c_str(), O_RDWR | O_CREAT, 0644);
    REQUIRE(lock >= 0);
    REQUIRE(::flock(lock, LOCK_EX) == 0);
    H5::H5File writer(w.wd.shard_file(0, 3).string(), H5F_ACC_RDWR);
    CHECK(shard_lock_held(w.wd, 0, 3));
    const auto r = run_scmp({"status", w.output}, w.dir.file("busy.log"));
    ::close(lock);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("     0       3       3       0        0  complete (counted from its progress journal: being written") !=
          std::string::npos);
  }
  CHECK(!shard_lock_held(w.wd, 0, 3));
  // A shard whose task Slurm reports running is not opened at all (file locking may be off): journal.
  const auto running = read_shard_status(w.wd, w.plan, {0});
  CHECK((running[0].source == ShardSource::journal && running[0].done == 3));
  CHECK(running[1].source == ShardSource::file);
  // Shard 1 damaged (a writer killed mid-flush, a full disk): unreadable file, its journal says 2 runs.
  const std::string bytes = file_bytes(w.wd.shard_file(1, 3).string());
  std::ofstream(w.wd.shard_file(1, 3), std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 3);
  const std::string journal = file_bytes(w.wd.progress_file(1, 3).string());
  std::ofstream(w.wd.progress_file(1, 3), std::ios::trunc) << journal.substr(0, journal.find('\n', journal.find('\n') + 1) + 1);
  const auto s = read_shard_status(w.wd, w.plan);
  CHECK((s[1].source == ShardSource::damaged && s[1].done == 0 && s[1].missing == 3));  // its runs are lost
  CHECK(read_shard_status(w.wd, w.plan, {1})[1].done == 2);  // while its task runs, the journal counts
  CHECK(merge_shards(w.wd, w.plan, w.output) == 3);  // the readable shard only
  auto r = run_scmp({"status", w.output}, w.dir.file("damaged.log"));
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("     1       3       0       0        3  damaged: cannot be read") != std::string::npos);
  // A resubmission would run the damaged and the missing shard only.
  r = run_scmp({"sweep", w.config, "-o", w.output, "--slurm", "--dry-run"}, w.dir.file("dry.log"));
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("--array=1-2 ") != std::string::npos);
  // Garbage instead of a results file, and an empty one.
  std::ofstream(w.wd.shard_file(2, 3), std::ios::binary) << "not an HDF5 file";
  CHECK(read_shard_status(w.wd, w.plan)[2].source == ShardSource::damaged);
  std::ofstream(w.wd.shard_file(2, 3), std::ios::binary | std::ios::trunc);
  CHECK(read_shard_status(w.wd, w.plan)[2].missing == 3);
}

TEST_CASE("shards of another configuration are never merged", "[experiments][slurm][cli]") {
  Work w;
  w.run_shard(0);
  w.run_shard(1);
  REQUIRE(merge_shards(w.wd, w.plan, w.output) == 6);
  const std::string before = file_bytes(w.output);
  // Shard 2 made from a configuration with other seeds (a file copied from another sweep).
  const std::string other = w.dir.write("other.yaml", config_text(10));
  w.run_shard(2, other);
  try {
    (void)read_shard_status(w.wd, w.plan);
    FAIL("a foreign shard file was accepted");
  } catch (const scmp::sim::InvalidArgument& e) {
    CHECK(std::string(e.what()).find("different configuration") != std::string::npos);
    CHECK(std::string(e.what()).find(w.plan.plan_hash) != std::string::npos);
  }
  CHECK_THROWS_AS(merge_shards(w.wd, w.plan, w.output), scmp::sim::InvalidArgument);
  auto r = run_scmp({"status", w.output, "--merge"}, w.dir.file("mixed.log"));
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("different configuration") != std::string::npos);
  CHECK(file_bytes(w.output) == before);  // the earlier merged file is untouched
  // Submitting another configuration into this work directory is refused, as is another shard count.
  r = run_scmp({"sweep", other, "-o", w.output, "--slurm", "--dry-run"}, w.dir.file("other.log"));
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("holds another sweep") != std::string::npos);
  r = run_scmp({"sweep", w.config, "-o", w.output, "--slurm", "--tasks", "4", "--dry-run"}, w.dir.file("tasks.log"));
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("--tasks = 4") != std::string::npos);
}

TEST_CASE("scmp sweep --slurm: bad input exits 2 and writes nothing; --dry-run prints the scripts only", "[experiments][slurm][cli]") {
  ScratchDir dir("slurm_cli");
  const std::string cfg = dir.write("st.yaml", config_text(0));
  const std::string out = dir.file("out.h5");
  auto expect_bad = [&](std::vector<std::string> extra, const std::string& field, bool output_exists = false) {
    std::vector<std::string> args{"sweep", cfg, "-o", out, "--slurm"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_scmp(args, dir.file("bad.log"));
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(field) != std::string::npos);
    CHECK(fs::exists(out) == output_exists);
    CHECK(!fs::exists(out + ".slurm"));
  };
  expect_bad({"--shard", "0/2"}, "--shard");
  expect_bad({"--partition", "a b"}, "--partition");
  expect_bad({"--time", "1h"}, "--time");
  expect_bad({"--tasks", "-3"}, "--tasks");
  expect_bad({"--cpus-per-task", "0"}, "--cpus-per-task");
  expect_bad({"--sbatch-arg=--array=0-1"}, "--sbatch-arg");
  expect_bad({"--sbatch-arg=qos"}, "--sbatch-arg");

  auto r = run_scmp({"sweep", cfg, "-o", out, "--slurm", "--tasks", "4", "--dry-run", "--backend", "cuda", "--gpus-per-task", "1"},
                    dir.file("dry.log"));
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("would submit 4 of 4 shards (9 runs") != std::string::npos);
  CHECK(r.output.find("#SBATCH --gpus-per-task=1") != std::string::npos);
  CHECK(r.output.find("--backend 'cuda'") != std::string::npos);
  CHECK(r.output.find("status '" + out + "' --merge") != std::string::npos);
  CHECK(r.output.find("sbatch --parsable --array=0-3 ") != std::string::npos);
  CHECK(r.output.find("--dependency=afterany:$array") != std::string::npos);
  CHECK(!fs::exists(out + ".slurm"));
  // More tasks than design points: one per point.
  r = run_scmp({"sweep", cfg, "-o", out, "--slurm", "--tasks", "50", "--dry-run"}, dir.file("dry.log"));
  CHECK(r.output.find("would submit 9 of 9 shards") != std::string::npos);

  // An existing results file that is not this work directory's: refused unless --force.
  REQUIRE(run_scmp({"sweep", cfg, "-o", out, "-q"}, dir.file("local.log")).exit_code == 0);
  expect_bad({"--dry-run"}, "exists", true);
  fs::remove(out);

  // No sbatch on the PATH (Slurm not installed): exit 1 saying so, no output, nothing submitted.
  const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  ::setenv("PATH", dir.file("no-bin").c_str(), 1);
  r = run_scmp({"sweep", cfg, "-o", out, "--slurm"}, dir.file("nosbatch.log"));
  ::setenv("PATH", path.c_str(), 1);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("sbatch not found") != std::string::npos);
  CHECK(!fs::exists(out));
  CHECK(read_manifest(WorkDir::for_output(out).manifest_file()).submissions.empty());

  // An array task whose configuration was edited after submission refuses before writing anything.
  const std::string plan = plan_hash(plan_sweep(load_config_file(cfg)));
  r = run_scmp({"sweep", cfg, "-o", out, "--plan-hash", "00000000deadbeef", "--progress-file", out + ".progress"}, dir.file("edited.log"));
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("changed after submission") != std::string::npos);
  CHECK(!fs::exists(out));
  CHECK(!fs::exists(out + ".progress"));
  r = run_scmp({"sweep", cfg, "-o", out, "--plan-hash", plan, "-q"}, dir.file("same.log"));
  CHECK(r.exit_code == 0);
  fs::remove(out);

  // status: a plain results file, and a path that is neither.
  REQUIRE(run_scmp({"sweep", cfg, "-o", dir.file("plain.h5"), "-q"}, dir.file("local.log")).exit_code == 0);
  r = run_scmp({"status", dir.file("plain.h5")}, dir.file("plain.log"));
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("9 runs, 9 ok, 0 failed") != std::string::npos);
  CHECK(run_scmp({"status", dir.file("nothing.h5")}, dir.file("none.log")).exit_code == 2);
  CHECK(run_scmp({"status"}, dir.file("none.log")).exit_code == 2);
}
