// `scmp sweep CONFIG.yaml`: runs every design point of a YAML sweep and appends the results to one HDF5 file.
#include <unistd.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/command.hpp"
#include "app/options.hpp"
#include "app/slurm/sweep_on_slurm.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/progress_journal.hpp"
#include "experiments/sweep_runner.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;

namespace {

std::atomic<bool> g_stop{false};

// First SIGINT/SIGTERM: stop starting runs, keep what is written; a second one ends the process at once.
extern "C" void on_signal(int sig) {
  g_stop.store(true);
  std::signal(sig, SIG_DFL);
}

std::string clock_text(double s) {
  const long t = static_cast<long>(s + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
  return buf;
}

std::pair<int, int> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  const std::string expected = "expected I/N with 0 <= I < N (e.g. 0/4)";
  if (slash == std::string::npos) throw scmp::sim::InvalidArgument("--shard", text, expected);
  try {
    std::size_t p1 = 0, p2 = 0;
    const int i = std::stoi(text.substr(0, slash), &p1);
    const int n = std::stoi(text.substr(slash + 1), &p2);
    if (p1 != slash || p2 != text.size() - slash - 1 || n < 1 || i < 0 || i >= n) throw std::invalid_argument("range");
    return {i, n};
  } catch (const std::invalid_argument&) {
    throw scmp::sim::InvalidArgument("--shard", text, expected);
  } catch (const std::out_of_range&) {
    throw scmp::sim::InvalidArgument("--shard", text, expected);
  }
}

int run(const std::vector<std::string>& args) {
  po::options_description opts("scmp sweep CONFIG.yaml [options]\n\nRuns every design point of a sweep (docs/CONFIG.md) into one HDF5 file (docs/RESULTS.md)");
  std::string config, output, backend = "cpu", shard = "0/1";
  std::string progress_file, expect_plan;
  int jobs = 1;
  scmp::app::SlurmSweepRequest slurm;
  opts.add_options()("help,h", "show this help")
      ("output,o", po::value(&output), "results file (default: experiment.output)")
      ("backend", po::value(&backend)->default_value("cpu"), "cycle | cpu | cuda (results are identical)")
      ("jobs,j", po::value(&jobs)->default_value(1), "runs in parallel on local cores")
      ("resume", "continue an existing results file: skip finished runs (matched by config hash)")
      ("force", "replace an existing results file")
      ("shard", po::value(&shard)->default_value("0/1"), "I/N: run only design points with index % N == I")
      ("quiet,q", "no progress output")
      ("progress-file", po::value(&progress_file), "append one line per finished run (ok|failed HASH RUN_ID) to this file")
      ("plan-hash", po::value(&expect_plan), "refuse to run unless the configuration plans exactly these runs (--slurm tasks)");
  opts.add(scmp::app::slurm_option_group(slurm));
  po::options_description hidden;
  hidden.add_options()("config", po::value(&config));
  po::variables_map vm;
  if (const auto done = scmp::app::parse_options("sweep", args, opts, vm, &hidden, {"config", 1})) return *done;
  if (config.empty()) return scmp::app::usage_error("sweep", "missing CONFIG.yaml", opts);
  if (slurm.enabled) {
    if (!vm["shard"].defaulted()) throw scmp::sim::InvalidArgument("--shard", shard, "not with --slurm (every array task runs one shard)");
    slurm.config = config;
    slurm.output = output;
    slurm.backend = backend;
    slurm.jobs = vm["jobs"].defaulted() ? 0 : jobs;
    slurm.force = vm.count("force") > 0;
    return scmp::app::sweep_on_slurm(slurm);
  }
  const auto [si, sn] = parse_shard(shard);
  std::unique_ptr<scmp::experiments::ProgressJournal> journal;
  scmp::experiments::SweepOptions o;
  o.output = output;
  o.backend = backend;
  o.jobs = jobs;
  o.resume = vm.count("resume") > 0;
  o.force = vm.count("force") > 0;
  o.shard = si;
  o.shards = sn;
  o.stop = &g_stop;
  const bool quiet = vm.count("quiet") > 0;
  const bool tty = isatty(STDERR_FILENO) != 0;
  o.progress = [&](const scmp::experiments::SweepProgress& p) {
    if (journal) journal->record(p.result->ok, p.point->config_hash, p.point->run_id);
    if (quiet) return;
    if (tty) {
      const int width = 30;
      const int fill = p.total ? static_cast<int>(width * p.done / p.total) : width;
      std::cerr << "\r[" << std::string(static_cast<std::size_t>(fill), '#') << std::string(static_cast<std::size_t>(width - fill), ' ')
                << "] " << p.done << "/" << p.total << (p.failed ? " (" + std::to_string(p.failed) + " failed)" : "")
                << "  elapsed " << clock_text(p.elapsed_s) << "  ETA " << clock_text(p.eta_s) << "   " << std::flush;
      if (p.done == p.total) std::cerr << "\n";
    } else {
      std::cerr << "[" << p.done << "/" << p.total << "] " << p.point->run_id << " " << (p.result->ok ? "ok" : "FAILED") << " "
                << p.result->wall_s << " s" << (p.result->ok ? "" : ": " + p.result->error) << "\n";
    }
  };
  g_stop.store(false);
  // Until the output is created a signal ends the process at once (nothing to keep consistent); from then
  // on the first one lets the run being written finish.
  o.before_write = [] {
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
  };
  const auto loaded = scmp::experiments::load_config_file(config);
  if (!expect_plan.empty()) scmp::app::require_plan(loaded, expect_plan);
  if (!progress_file.empty()) journal = std::make_unique<scmp::experiments::ProgressJournal>(progress_file);
  const auto s = scmp::experiments::run_sweep(loaded, o);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::cout << "scmp sweep: " << s.output << ": " << s.ok << " ok, " << s.failed << " failed, " << s.skipped
            << " already done, of " << s.planned << " design points" << (s.interrupted ? " (interrupted; rerun with --resume)" : "")
            << "\n";
  return (s.failed > 0 || s.interrupted) ? scmp::app::exit_failed : scmp::app::exit_ok;
}

}  // namespace

SCMP_COMMAND(sweep, "run a YAML sweep into an HDF5 results file", run);
