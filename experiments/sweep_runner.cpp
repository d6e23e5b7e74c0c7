// The sweep loop: validate, open the results file, run design points on worker threads, append in order.
#include "experiments/sweep_runner.hpp"

#include <sched.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "experiments/atomic_output.hpp"
#include "experiments/cost_model.hpp"
#include "experiments/limits.hpp"
#include "experiments/results_array.hpp"
#include "experiments/results_file.hpp"
#include "sim/matmul/backend.hpp"

#ifndef SCMP_VERSION
#define SCMP_VERSION "unknown"
#endif
#include "scmp_git_commit.hpp"  // generated at build time: SCMP_GIT_COMMIT
#ifndef SCMP_GIT_COMMIT
#define SCMP_GIT_COMMIT "unknown"
#endif

namespace scmp::experiments {

namespace fs = std::filesystem;

std::string tool_version() { return SCMP_VERSION; }
std::string git_commit() { return SCMP_GIT_COMMIT; }

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}


namespace {

std::string host_name() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

// CPUs this process may run on: a Slurm task's or taskset's allocation, not the whole machine (threads
// never change results, only how many compete for the allocated cores).
int usable_cpus() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// The cost table a point names: relative to the config file, then to the current directory.
std::string find_table(const std::string& table, const std::string& base_dir) {
  if (fs::path(table).is_absolute()) return table;
  // The config's folder, the current directory, the config's parent folder, then the tables shipped with
  // scmp (configs/cost/…), so a config outside the repository can still name a bundled table.
  for (const fs::path& p : {fs::path(base_dir) / table, fs::path(table), fs::path(base_dir) / ".." / table,
                            fs::path(SCMP_SOURCE_DIR) / table}) {
    if (fs::exists(p)) return p.lexically_normal().string();
  }
  return "";
}

// Sizes of every operator of every point against limits(), before anything is allocated: a synthetic
// operand of shape [2^24, 2^24] is refused here, not by bad_alloc after the output file exists.
void check_sizes(const DesignPoint& p, const SourceMap& sources) {
  for (const auto& op : p.config.operators) {
    const std::string base = "workload.operators." + op.name;
    auto shape_value = [](const std::vector<std::int64_t>& s) {
      std::string t = "[";
      for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
      return t + "]";
    };
    auto check = [&](const OperandSpec& o, const char* side) {
      if (o.shape.empty()) return;  // a file operand without a declared shape: its reader checks the limit
      const std::string key = base + "." + side + ".shape";
      try {
        check_limit("operand_elements", checked_product(o.shape), key, shape_value(o.shape), "the operand's element count");
      } catch (const sim::InvalidArgument& e) {
        throw ConfigError(sources.find(key), key, shape_value(o.shape), std::string(e.what()).substr(e.field().size() + e.value().size() + 5));
      }
    };
    check(op.a, "a");
    check(op.b, "b");
    if (op.a.shape.size() >= 2 && op.b.shape.size() >= 2) {
      const std::int64_t batch = op.a.shape.size() == 3 ? op.a.shape[0] : 1;
      const std::vector<std::int64_t> y{batch, op.a.shape[op.a.shape.size() - 2], op.b.shape[op.b.shape.size() - 2]};
      const std::string key = base + ".a.shape";
      try {
        check_limit("output_elements", checked_product(y), key, shape_value(op.a.shape), "the output's element count (batch x rows of a x rows of b)");
      } catch (const sim::InvalidArgument& e) {
        throw ConfigError(sources.find(key), base, "a " + shape_value(op.a.shape) + ", b " + shape_value(op.b.shape),
                          std::string(e.what()).substr(e.field().size() + e.value().size() + 5));
      }
    }
  }
}

// A table scaled to a node is a different table.
std::string table_key(const ExperimentConfig& c) {
  return c.metrics.cost.table + "@" + std::to_string(c.metrics.cost.node_nm) + "/" + std::to_string(c.metrics.cost.vdd);
}

}  // namespace

SweepSummary run_sweep(const LoadedConfig& loaded, const SweepOptions& options) {
  SweepPlan plan = plan_sweep(loaded);
  if (options.shards < 1) throw sim::InvalidArgument("--shard", std::to_string(options.shards), "expected I/N with N >= 1");
  keep_shard(plan, options.shard, options.shards);
  sim::require_range("--jobs", options.jobs, 1, 1024);

  // Everything that can be checked is checked before the output file exists.
  std::map<std::string, CostTable> tables;
  std::set<std::string> checked_workloads;  // file operands are read once per distinct workload
  for (const auto& p : plan.points) check_sizes(p, loaded.sources);
  for (const auto& p : plan.points) {
    YAML::Node workload = to_yaml(p.config)["workload"];
    YAML::Emitter key;
    key << workload;
    if (checked_workloads.insert(std::string(key.c_str()) + "@" + p.config.base_dir).second) preflight_operands(p.config, loaded.sources);
    if (p.config.metrics.cost.enabled && tables.count(table_key(p.config)) == 0) {
      const std::string path = find_table(p.config.metrics.cost.table, p.config.base_dir);
      if (path.empty()) {
        throw ConfigError(loaded.sources.find("metrics.cost.table"), "metrics.cost.table", p.config.metrics.cost.table,
                          "cost table not found (relative to the config file, the current directory or the scmp sources)");
      }
      tables.emplace(table_key(p.config), load_cost_table(path, p.config.metrics.cost.node_nm, p.config.metrics.cost.vdd));
    }
  }
  (void)sim::usable_backend(options.backend);

  SweepSummary summary;
  summary.output = options.output.empty() ? plan.base.experiment.output : options.output;
  summary.planned = plan.points.size();
  std::error_code exists_ec;
  const bool exists = fs::symlink_status(summary.output, exists_ec).type() != fs::file_type::not_found;
  if (exists && !options.resume && !options.force) {
    throw sim::InvalidArgument("output", summary.output, "exists; pass --resume to continue it or --force to replace it");
  }
  if (!(options.resume && exists)) check_output_path(summary.output, options.force);
  if (options.before_write) options.before_write();
  std::unique_ptr<ResultsWriter> writer;
  if (options.resume && exists) {
    writer = ResultsWriter::open_for_resume(summary.output, plan.axes);
  } else {
    Provenance prov;
    prov.tool_version = tool_version();
    prov.git_commit = git_commit();
    prov.host = host_name();
    prov.created_utc = utc_now();
    prov.experiment = plan.base.experiment.name;
    prov.seed = static_cast<std::int64_t>(plan.base.experiment.seed);
    prov.config_yaml = loaded.text;
    prov.resolved_yaml = plan.base_resolved_yaml;
    prov.backend = options.backend;
    if (!tables.empty()) describe_cost_table(prov, tables.begin()->second, tables.size());
    writer = ResultsWriter::create(summary.output, prov, plan.axes, options.force && exists);
  }

  std::vector<const DesignPoint*> todo;
  {
    const auto done = writer->finished_hashes();
    for (const auto& p : plan.points) {
      if (done.count(p.config_hash) != 0) ++summary.skipped;
      else todo.push_back(&p);
    }
  }

  // Workers take points in order; the writer appends results in the same order.
  const int jobs = std::max(1, std::min<int>(options.jobs, static_cast<int>(todo.size())));
  const int threads = std::max(1, usable_cpus() / jobs);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::optional<RunResult>> results(todo.size());
  std::size_t next = 0;
  auto stopped = [&] { return options.stop != nullptr && options.stop->load(); };
  auto worker = [&] {
    while (true) {
      std::size_t i = 0;
      {
        std::lock_guard<std::mutex> lock(mu);
        if (next >= todo.size() || stopped()) return;
        i = next++;
      }
      RunOptions ro;
      ro.backend = options.backend;
      ro.threads = threads;
      const auto& cfg = todo[i]->config;
      ro.cost_table = cfg.metrics.cost.enabled ? &tables.at(table_key(cfg)) : nullptr;
      RunResult r = execute_run(cfg, ro);
      {
        std::lock_guard<std::mutex> lock(mu);
        results[i] = std::move(r);
      }
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);

  const auto t0 = std::chrono::steady_clock::now();
  SweepProgress prog;
  prog.total = todo.size();
  std::exception_ptr write_error;
  std::set<std::string> warned;  // each distinct warning once in the sweep log
  for (std::size_t i = 0; i < todo.size(); ++i) {
    std::optional<RunResult> r;
    {
      std::unique_lock<std::mutex> lock(mu);
      while (!results[i] && !stopped()) cv.wait_for(lock, std::chrono::milliseconds(50));
      if (!results[i]) break;
      r = std::move(results[i]);
    }
    try {
      writer->append(*todo[i], *r);
    } catch (...) {
      write_error = std::current_exception();
      break;
    }
    (r->ok ? summary.ok : summary.failed) += 1;
    for (const auto& w : r->warnings) {
      if (warned.insert(w).second) std::cerr << "scmp sweep: warning: " << todo[i]->run_id << ": " << w << "\n";
    }
    prog.done = i + 1;
    prog.failed = summary.failed;
    prog.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    prog.eta_s = prog.elapsed_s / static_cast<double>(prog.done) * static_cast<double>(prog.total - prog.done);
    prog.point = todo[i];
    prog.result = &*r;
    if (options.progress) options.progress(prog);
  }
  if (write_error) {
    {
      std::lock_guard<std::mutex> lock(mu);
      next = todo.size();
    }
    for (auto& t : pool) t.join();
    std::rethrow_exception(write_error);
  }
  summary.interrupted = stopped() && summary.ok + summary.failed < todo.size();
  for (auto& t : pool) t.join();
  writer->close();
  return summary;
}

}  // namespace scmp::experiments
