// Crash consistency: kill -9 at random (seeded, logged) moments of sweeps, resumes and merges, and a full
// disk (a small tmpfs, where this machine lets the test mount one); afterwards every finished run is
// present exactly once and every results file opens.
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <set>
#include <thread>

#include "experiments/results_file.hpp"
#include "support/catch.hpp"
#include "support/sweep_test_support.hpp"

using namespace scmp::experiments;
using scmp::testing::run_scmp;
using scmp::testing::ScratchDir;

namespace {

std::string config(int rows) {
  return "version: 1\nexperiment: {name: k, seed: 9}\nhardware: {sc_prec: 8}\nmetrics: {cost: false}\n"
         "workload:\n  operators:\n    q:\n      a: {source: laplace, shape: [" + std::to_string(rows) + ", 256]}\n"
         "      b: {source: gaussian, shape: [32, 256]}\n"
         "sweep:\n  grid: {hardware.stoc_len: [256, 128, 64, 32], experiment.seed: [1, 2, 3, 4]}\n";
}

// Starts scmp with `args`, SIGKILLs it after `ms` milliseconds (if still running). True when it was killed.
bool run_and_kill(const std::vector<std::string>& args, int ms) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    std::vector<char*> argv{const_cast<char*>("scmp")};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(SCMP_BINARY, argv.data());
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  const bool killed = kill(pid, SIGKILL) == 0;
  int status = 0;
  waitpid(pid, &status, 0);
  return killed && WIFSIGNALED(status);
}

// Every row once, all ok, when the file is complete; readable in any case.
std::size_t check_file(const std::string& path) {
  const auto t = read_index(path);
  std::set<std::string> hashes, ids;
  for (const auto& r : t.rows) {
    CHECK(hashes.insert(r.config_hash).second);
    CHECK(ids.insert(r.run_id).second);
  }
  return t.rows.size();
}

}  // namespace

TEST_CASE("kill -9 at random moments of sweeps, resumes and merges loses and duplicates nothing", "[experiments][reliability][crash]") {
  ScratchDir dir("crash");
  const auto cfg = dir.write("k.yaml", config(64));
  const unsigned seed = GENERATE(101u, 202u, 303u);
  std::mt19937 gen(seed);
  auto delay = [&] { return std::uniform_int_distribution<int>(20, 900)(gen); };
  const auto out = dir.file("out_" + std::to_string(seed) + ".h5");
  std::string log = "seed " + std::to_string(seed) + ":";
  // A first sweep and up to four resumes, each killed at a random moment.
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::vector<std::string> args = {"sweep", cfg, "-o", out, "-q", "--jobs", "2"};
    if (attempt > 0) args.push_back("--resume");
    const int ms = delay();
    const bool killed = run_and_kill(args, ms);
    log += " kill@" + std::to_string(ms) + "ms" + (killed ? "" : "(finished)");
    if (std::filesystem::exists(out)) check_file(out);  // every intermediate state opens
  }
  INFO(log);
  const auto r = run_scmp({"sweep", cfg, "-o", out, "-q", "--resume"}, dir.file("log"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(check_file(out) == 16);
  // Two shards merged, the merge killed at a random moment: the output is absent or complete.
  const auto s0 = dir.file("s0_" + std::to_string(seed) + ".h5"), s1 = dir.file("s1_" + std::to_string(seed) + ".h5");
  REQUIRE(run_scmp({"sweep", cfg, "-o", s0, "-q", "--shard", "0/2"}, dir.file("log")).exit_code == 0);
  REQUIRE(run_scmp({"sweep", cfg, "-o", s1, "-q", "--shard", "1/2"}, dir.file("log")).exit_code == 0);
  const auto merged = dir.file("m_" + std::to_string(seed) + ".h5");
  for (int attempt = 0; attempt < 3; ++attempt) {
    const int ms = std::uniform_int_distribution<int>(1, 120)(gen);
    run_and_kill({"merge", s0, s1, "-o", merged}, ms);
    INFO("merge killed at " << ms << " ms");
    if (std::filesystem::exists(merged)) CHECK(check_file(merged) == 16);
    std::filesystem::remove(merged);
  }
}

TEST_CASE("a full disk during a sweep: a clear error, the file keeps every run appended before", "[experiments][reliability][crash]") {
  ScratchDir dir("full");
  const auto mnt = dir.file("small");
  std::filesystem::create_directories(mnt);
  if (mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=96k") != 0) {
    SCMP_SKIP("cannot mount a tmpfs here (needs root): " << std::strerror(errno));
  }
  struct Unmount {
    std::string p;
    ~Unmount() { umount2(p.c_str(), MNT_DETACH); }
  } guard{mnt};
  // Per-run y datasets (store_outputs) fill 96 KiB after a few runs.
  std::string text = config(64);
  text.replace(text.find("metrics: {cost: false}"), 22, "metrics: {cost: false, store_outputs: true}");
  const auto cfg2 = dir.write("f2.yaml", text);
  const auto out = mnt + "/out.h5";
  const auto r = run_scmp({"sweep", cfg2, "-o", out, "-q"}, dir.file("log"));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("disk full") != std::string::npos);
  REQUIRE(std::filesystem::exists(out));
  CHECK(check_file(out) < 16);
  // Space freed: --resume completes with every run once.
  REQUIRE(mount("tmpfs", mnt.c_str(), "tmpfs", MS_REMOUNT, "size=8m") == 0);
  const auto resumed = run_scmp({"sweep", cfg2, "-o", out, "-q", "--resume"}, dir.file("log"));
  INFO(resumed.output);
  CHECK(resumed.exit_code == 0);
  CHECK(check_file(out) == 16);
}
