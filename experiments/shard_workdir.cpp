// Work directory of a sharded sweep: paths, the plan table and the manifest.
#include "experiments/shard_workdir.hpp"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "experiments/experiment_config.hpp"
#include "sim/error.hpp"

namespace scmp::experiments {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPlanHeader = "# scmp shard plan v1";

std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return s;
}

std::vector<std::string> split_tabs(const std::string& line, std::size_t max_fields) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (out.size() + 1 < max_fields) {
    const auto tab = line.find('\t', start);
    if (tab == std::string::npos) break;
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  out.push_back(line.substr(start));
  return out;
}

long to_long(const std::string& text, const fs::path& file, const std::string& what) {
  try {
    std::size_t used = 0;
    const long v = std::stol(text, &used);
    if (used == text.size() && v >= 0) return v;
  } catch (const std::exception&) {
  }
  throw sim::InvalidArgument(file.string(), text, "not a plan table written by scmp (" + what + ")");
}

}  // namespace

WorkDir WorkDir::for_output(const std::string& output) { return WorkDir{fs::path(output + ".slurm")}; }

std::string shard_stem(int shard, int shards) {
  char buf[64];
  std::snprintf(buf, sizeof buf, kShardStemFormat, shard, shards);
  return buf;
}

fs::path WorkDir::shard_file(int shard, int shards) const { return dir / (shard_stem(shard, shards) + ".h5"); }
fs::path WorkDir::progress_file(int shard, int shards) const { return dir / (shard_stem(shard, shards) + ".progress"); }
fs::path WorkDir::lock_file(int shard, int shards) const { return dir / (shard_stem(shard, shards) + ".lock"); }
fs::path WorkDir::logs() const { return dir / "logs"; }
fs::path WorkDir::plan_file() const { return dir / "plan.tsv"; }
fs::path WorkDir::manifest_file() const { return dir / "manifest.yaml"; }
fs::path WorkDir::array_script() const { return dir / "array.sbatch"; }
fs::path WorkDir::merge_script() const { return dir / "merge.sbatch"; }

std::string plan_hash(const SweepPlan& full_plan) {
  std::string all;
  for (const auto& p : full_plan.points) all += p.config_hash + "\n";
  return hash_hex(all);
}

PlanTable make_plan_table(const SweepPlan& full_plan, int shards) {
  sim::require_range("shards", shards, 1, 1 << 20);
  PlanTable t;
  t.plan_hash = plan_hash(full_plan);
  t.experiment = full_plan.base.experiment.name;
  t.shards = shards;
  for (const auto& p : full_plan.points) {
    t.runs.push_back(PlannedRun{p.index, static_cast<int>(p.index % static_cast<std::size_t>(shards)), p.config_hash, p.run_id});
  }
  return t;
}

void write_plan_table(const fs::path& path, const PlanTable& t) {
  std::ostringstream os;
  os << kPlanHeader << "\nplan_hash\t" << t.plan_hash << "\nexperiment\t" << one_line(t.experiment) << "\nshards\t" << t.shards
     << "\nruns\t" << t.runs.size() << "\nindex\tshard\tconfig_hash\trun_id\n";
  for (const auto& r : t.runs) os << r.index << "\t" << r.shard << "\t" << r.config_hash << "\t" << one_line(r.run_id) << "\n";
  write_file_atomically(path, os.str());
}

PlanTable read_plan_table(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw sim::InvalidArgument("plan table", path.string(), "cannot be read");
  std::ostringstream text;
  text << file.rdbuf();
  const std::string all = text.str();
  // Every line ends with a newline: a file cut anywhere (even inside the last run id) is refused.
  if (all.empty() || all.back() != '\n') throw sim::InvalidArgument("plan table", path.string(), "truncated (no final newline)");
  std::istringstream in(all);
  std::string line;
  if (!std::getline(in, line) || line != kPlanHeader) throw sim::InvalidArgument(path.string(), line, std::string("expected the header ") + kPlanHeader);
  PlanTable t;
  std::size_t runs = 0;
  for (const char* key : {"plan_hash", "experiment", "shards", "runs", "index"}) {
    if (!std::getline(in, line)) throw sim::InvalidArgument(path.string(), "end of file", std::string("expected the line ") + key);
    const auto f = split_tabs(line, 2);
    if (f.size() != 2 || f[0] != key) throw sim::InvalidArgument(path.string(), line, std::string("expected the line ") + key);
    if (f[0] == "plan_hash") t.plan_hash = f[1];
    if (f[0] == "experiment") t.experiment = f[1];
    if (f[0] == "shards") t.shards = static_cast<int>(to_long(f[1], path, "shards"));
    if (f[0] == "runs") runs = static_cast<std::size_t>(to_long(f[1], path, "runs"));
  }
  if (t.shards < 1) throw sim::InvalidArgument(path.string(), "shards 0", "not a plan table written by scmp");
  while (std::getline(in, line)) {
    const auto f = split_tabs(line, 4);
    if (f.size() != 4) throw sim::InvalidArgument(path.string(), line, "expected index, shard, config_hash, run_id");
    PlannedRun r;
    r.index = static_cast<std::size_t>(to_long(f[0], path, "index"));
    r.shard = static_cast<int>(to_long(f[1], path, "shard"));
    r.config_hash = f[2];
    r.run_id = f[3];
    if (r.shard >= t.shards) throw sim::InvalidArgument(path.string(), line, "shard out of range");
    t.runs.push_back(std::move(r));
  }
  if (t.runs.size() != runs) {
    throw sim::InvalidArgument(path.string(), std::to_string(t.runs.size()) + " runs", "expected " + std::to_string(runs) + " (truncated?)");
  }
  return t;
}

void write_manifest(const fs::path& path, const Manifest& m) {
  YAML::Emitter e;
  e << YAML::Comment("scmp sweep --slurm work directory (docs/CLUSTER.md); written by scmp, do not edit");
  e << YAML::BeginMap;
  e << YAML::Key << "scmp_work_dir" << YAML::Value << 1;
  e << YAML::Key << "config" << YAML::Value << m.config;
  e << YAML::Key << "output" << YAML::Value << m.output;
  e << YAML::Key << "experiment" << YAML::Value << m.experiment;
  e << YAML::Key << "backend" << YAML::Value << m.backend;
  e << YAML::Key << "plan_hash" << YAML::Value << m.plan_hash;
  e << YAML::Key << "shards" << YAML::Value << m.shards;
  e << YAML::Key << "runs" << YAML::Value << m.runs;
  e << YAML::Key << "submissions" << YAML::Value << YAML::BeginSeq;
  for (const auto& s : m.submissions) {
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "utc" << YAML::Value << s.utc << YAML::Key << "tasks" << YAML::Value
      << s.tasks << YAML::Key << "array_job" << YAML::Value << s.array_job << YAML::Key << "merge_job" << YAML::Value
      << s.merge_job << YAML::EndMap;
  }
  e << YAML::EndSeq << YAML::EndMap;
  write_file_atomically(path, std::string(e.c_str()) + "\n");
}

Manifest read_manifest(const fs::path& path) {
  Manifest m;
  try {
    const YAML::Node n = YAML::LoadFile(path.string());
    if (!n.IsMap() || !n["scmp_work_dir"]) throw sim::InvalidArgument("manifest", path.string(), "not a manifest written by scmp");
    m.config = n["config"].as<std::string>();
    m.output = n["output"].as<std::string>();
    m.experiment = n["experiment"].as<std::string>("");
    m.backend = n["backend"].as<std::string>("cpu");
    m.plan_hash = n["plan_hash"].as<std::string>();
    m.shards = n["shards"].as<int>();
    m.runs = n["runs"].as<std::size_t>();
    for (const auto& s : n["submissions"]) {
      m.submissions.push_back(Submission{s["utc"].as<std::string>(""), s["tasks"].as<std::string>(""),
                                         s["array_job"].as<std::string>(""), s["merge_job"].as<std::string>("")});
    }
  } catch (const YAML::Exception& e) {
    throw sim::InvalidArgument("manifest", path.string(), std::string("not a manifest written by scmp (") + e.what() + ")");
  }
  if (m.shards < 1) throw sim::InvalidArgument("manifest", path.string(), "shards must be >= 1");
  return m;
}

void write_file_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw sim::InvalidArgument("file", path.string(), "cannot be written");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw sim::InvalidArgument("file", path.string(), "cannot be written (" + ec.message() + ")");
  }
}

}  // namespace scmp::experiments
