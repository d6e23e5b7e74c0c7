// `scmp sweep` / `scmp merge` / `scmp list` end to end: HDF5 layout read back (C++ and h5py), resume after a
// kill, shard + merge = unsharded, --jobs independence, bad input → exit 2 with no file, reference trends.
#include <H5Cpp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fcntl.h>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "experiments/results_file.hpp"
#include "support/catch.hpp"
#include "support/same_bits.hpp"
#include "support/sweep_test_support.hpp"

using namespace scmp::experiments;
using scmp::testing::run_scmp;
using scmp::testing::ScratchDir;

namespace {

std::string cost_table() { return std::string(SCMP_SOURCE_DIR) + "/configs/cost/generic_45nm.yaml"; }

// 16 design points; `rows` sets how long each run takes.
std::string sweep_config(int rows, int depth = 128) {
  return "version: 1\n"
         "experiment: {name: t, seed: 5}\n"
         "hardware: {sc_prec: 8, chunk_d: 64}\n"
         "workload:\n"
         "  operators:\n"
         "    proj:\n"
         "      a: {source: llm_activations, shape: [" + std::to_string(rows) + ", " + std::to_string(depth) + "]}\n"
         "      b: {source: gaussian, shape: [24, " + std::to_string(depth) + "], std: 0.05}\n"
         "    fc:\n"
         "      a: {source: laplace, shape: [" + std::to_string(rows) + ", " + std::to_string(depth) + "]}\n"
         "      b: {source: uniform, shape: [8, " + std::to_string(depth) + "]}\n"
         "metrics: {cost: {table: " + cost_table() + ", sample_rows: 4}}\n"
         "sweep:\n"
         "  grid: {hardware.stoc_len: [128, 64, 32, 16], hardware.scramble: [\"off\", bitrev]}\n"
         "  seeds: [0, 1]\n";
}

std::map<std::string, IndexRow> rows_by_hash(const IndexTable& t) {
  std::map<std::string, IndexRow> m;
  for (const auto& r : t.rows) m[r.config_hash] = r;
  return m;
}

bool same_row(const IndexRow& a, const IndexRow& b) {
  if (a.run_id != b.run_id || a.config_hash != b.config_hash || a.status != b.status) return false;
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    if (!(a.metrics[i] == b.metrics[i])) return false;  // exact: runs are deterministic
  }
  for (std::size_t i = 0; i < a.cost.size(); ++i) {
    if (!(a.cost[i] == b.cost[i]) && !(std::isnan(a.cost[i]) && std::isnan(b.cost[i]))) return false;
  }
  return true;
}

void write_npy(const std::string& path, const std::vector<std::int64_t>& shape, const std::vector<float>& v) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (auto s : shape) header += std::to_string(s) + ", ";
  header += "), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  out.write("\x93NUMPY\x01\x00", 8);
  const std::uint16_t len = static_cast<std::uint16_t>(header.size());
  out.put(static_cast<char>(len & 0xff));
  out.put(static_cast<char>(len >> 8));
  out << header;
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(float)));
}

std::string file_operand_config(const std::string& a_source, const std::string& b_shape = "[6, 8]") {
  return "version: 1\nexperiment: {name: f}\nmetrics: {cost: false}\nworkload:\n  operators:\n    q:\n      a: " + a_source +
         "\n      b: {source: gaussian, shape: " + b_shape + "}\n";
}

}  // namespace

TEST_CASE("scmp list --names prints every registry's names", "[experiments][cli]") {
  ScratchDir dir("list");
  auto names = [&](const std::string& what) { return run_scmp({"list", "--names", what}, dir.file("log")); };
  CHECK(names("scramble").output == "off\ncounter\nbitrev\nrandom\n");
  CHECK(names("multiplier").output == "enable\nthermometer\nand\nxnor\n");
  CHECK(names("source").output == "gaussian\nuniform\nlaplace\nllm_activations\nexhaustive_grid\nhdf5\nnpy\n");
  const auto backends = names("backend").output;
  CHECK(backends.find("cpu\n") != std::string::npos);
  CHECK(backends.find("cycle\n") != std::string::npos);
  const auto policies = names("policy").output;
  CHECK(policies.find("uniform\n") != std::string::npos);
  const auto configs = names("config").output;
  CHECK(configs.find("sobol_simple\n") != std::string::npos);
  CHECK(configs.find("iid_random\n") != std::string::npos);
  CHECK(names("rng").output.find("sobol\n") != std::string::npos);
  CHECK(names("nonsense").exit_code == 2);
}

TEST_CASE("the results file has the scmp-sweep-v1 layout (read back in C++)", "[experiments][cli][hdf5]") {
  ScratchDir dir("layout");
  const auto cfg = dir.write("s.yaml", sweep_config(8));
  const auto out = dir.file("out.h5");
  const auto r = run_scmp({"sweep", cfg, "-o", out}, dir.file("log"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const IndexTable t = read_index(out);
  REQUIRE(t.rows.size() == 16);
  REQUIRE(t.axes.size() == 3);
  CHECK(t.axes[0].path == "hardware.stoc_len");
  CHECK(t.axes[1].path == "hardware.scramble");
  CHECK(!t.axes[1].numeric);
  CHECK(t.axes[2].path == "experiment.seed");
  CHECK(t.rows[0].run_id == "stoc_len=128,scramble=off,seed=0");
  CHECK(t.rows[0].axis_numbers[0] == 128.0);
  CHECK(t.rows[0].axis_strings[1] == "off");
  for (const auto& row : t.rows) {
    CHECK(row.status == "ok");
    for (double m : row.metrics) CHECK(std::isfinite(m));
    for (double c : row.cost) CHECK(std::isfinite(c));
  }
  // Field order and types of /index, root attributes, units, and one operator group.
  H5::H5File f(out, H5F_ACC_RDONLY);
  const H5::CompType type = f.openDataSet("index").getCompType();
  const std::vector<std::string> expected = {"run_id", "config_hash", "status", "hardware.stoc_len", "hardware.scramble",
                                             "experiment.seed", "mse", "rmse", "max_abs", "rel_fro", "cosine", "bias",
                                             "cycles", "avg_stoc_len_row", "avg_stoc_len_mac", "energy_pj", "area_um2",
                                             "array_cycles", "stall_cycles", "latency_s", "utilization", "array_energy_pj",
                                             "array_area_um2", "scc_abs", "wall_s"};
  REQUIRE(type.getNmembers() == static_cast<int>(expected.size()));
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(type.getMemberName(static_cast<unsigned>(i)) == expected[i]);
  CHECK(type.getMemberDataType(0).getSize() == 256);
  CHECK(type.getMemberDataType(1).getSize() == 16);
  CHECK(type.getMemberDataType(4).getSize() == 64);
  for (const char* a : {"schema", "tool_version", "git_commit", "host", "created_utc", "experiment", "seed", "config_yaml", "resolved_yaml"}) {
    CHECK(f.attrExists(a));
  }
  CHECK(read_root_attribute(out, "schema") == "scmp-sweep-v1");
  H5::DataSet index = f.openDataSet("index");
  CHECK(index.attrExists("unit.energy_pj"));
  CHECK(index.attrExists("unit.hardware.stoc_len"));
  H5::Group op = f.openGroup("runs/" + t.rows[0].run_id + "/ops/proj");
  for (const char* a : {"mse", "rmse", "max_abs", "rel_fro", "cosine", "bias", "macs", "avg_stoc_len_row", "avg_stoc_len_mac"}) {
    CHECK(op.attrExists(a));
  }
  H5::DataSet rsl = op.openDataSet("row_stoc_len");
  hsize_t n = 0;
  rsl.getSpace().getSimpleExtentDims(&n);
  CHECK(n == 8);
  std::vector<std::int32_t> lens(n);
  rsl.read(lens.data(), H5::PredType::NATIVE_INT32);
  for (auto L : lens) CHECK(L == 128);
  H5::DataSet counts = op.openDataSet("error_hist_counts");
  hsize_t bins = 0;
  counts.getSpace().getSimpleExtentDims(&bins);
  std::vector<std::int64_t> c(bins);
  counts.read(c.data(), H5::PredType::NATIVE_INT64);
  std::int64_t total = 0;
  for (auto v : c) total += v;
  CHECK(total == 8 * 24);
  CHECK(!op.nameExists("y"));  // store_outputs is off
}

TEST_CASE("the results file reads with h5py", "[experiments][cli][hdf5][python]") {
  if (std::system("/usr/bin/python3 -c 'import h5py' > /dev/null 2>&1") != 0) SCMP_SKIP("python3-h5py missing");
  ScratchDir dir("h5py");
  const auto cfg = dir.write("s.yaml", sweep_config(4));
  const auto out = dir.file("out.h5");
  REQUIRE(run_scmp({"sweep", cfg, "-o", out, "--jobs", "2"}, dir.file("log")).exit_code == 0);
  const std::string script =
      "import h5py, numpy as np, sys\n"
      "f = h5py.File(sys.argv[1], 'r')\n"
      "assert f.attrs['schema'] == 'scmp-sweep-v1', f.attrs['schema']\n"
      "ix = f['index'][:]\n"
      "assert len(ix) == 16\n"
      "assert ix.dtype.names[:3] == ('run_id', 'config_hash', 'status')\n"
      "assert f['index'].attrs['axes'].split('\\n') == ['hardware.stoc_len', 'hardware.scramble', 'experiment.seed']\n"
      "assert f['index'].attrs['unit.energy_pj'] == 'pJ'\n"
      "assert all(s == b'ok' for s in ix['status'])\n"
      "rid = ix['run_id'][0].decode()\n"
      "g = f['runs'][rid]['ops']['fc']\n"
      "assert g['row_stoc_len'].dtype == np.int32 and g['error_hist_edges'].shape[0] == g['error_hist_counts'].shape[0] + 1\n"
      "assert int(g.attrs['macs']) == 4 * 8 * 128\n";
  dir.write("check.py", script);
  const int rc = std::system(("/usr/bin/python3 " + dir.file("check.py") + " " + out + " > " + dir.file("py.log") + " 2>&1").c_str());
  std::ifstream log(dir.file("py.log"));
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  INFO(text);
  CHECK(rc == 0);
}

TEST_CASE("results do not depend on --jobs; shard + merge equals the unsharded sweep", "[experiments][cli]") {
  ScratchDir dir("shard");
  const auto cfg = dir.write("s.yaml", sweep_config(6));
  REQUIRE(run_scmp({"sweep", cfg, "-o", dir.file("full.h5")}, dir.file("log")).exit_code == 0);
  REQUIRE(run_scmp({"sweep", cfg, "-o", dir.file("jobs.h5"), "--jobs", "3"}, dir.file("log")).exit_code == 0);
  const auto full = read_index(dir.file("full.h5"));
  const auto jobs = read_index(dir.file("jobs.h5"));
  REQUIRE(full.rows.size() == 16);
  REQUIRE(jobs.rows.size() == 16);
  for (std::size_t i = 0; i < 16; ++i) CHECK(same_row(full.rows[i], jobs.rows[i]));
  std::vector<std::string> shards;
  for (int s = 0; s < 3; ++s) {
    shards.push_back(dir.file("shard" + std::to_string(s) + ".h5"));
    REQUIRE(run_scmp({"sweep", cfg, "-o", shards.back(), "--shard", std::to_string(s) + "/3"}, dir.file("log")).exit_code == 0);
  }
  CHECK(read_index(shards[0]).rows.size() == 6);
  CHECK(read_index(shards[1]).rows.size() == 5);
  // shard 0 twice: its duplicates are dropped.
  std::vector<std::string> args = {"merge", shards[0], shards[1], shards[2], shards[0], "-o", dir.file("merged.h5")};
  const auto m = run_scmp(args, dir.file("log"));
  INFO(m.output);
  REQUIRE(m.exit_code == 0);
  const auto merged = rows_by_hash(read_index(dir.file("merged.h5")));
  const auto expect = rows_by_hash(full);
  REQUIRE(merged.size() == expect.size());
  REQUIRE(read_index(dir.file("merged.h5")).rows.size() == 16);
  for (const auto& [hash, row] : expect) {
    REQUIRE(merged.count(hash) == 1);
    CHECK(same_row(merged.at(hash), row));
  }
  // A file of another sweep is refused.
  const auto other = dir.write("o.yaml", sweep_config(5));
  REQUIRE(run_scmp({"sweep", other, "-o", dir.file("other.h5")}, dir.file("log")).exit_code == 0);
  const auto bad = run_scmp({"merge", shards[0], dir.file("other.h5"), "-o", dir.file("bad.h5")}, dir.file("log"));
  CHECK(bad.exit_code == 2);
  CHECK(!std::filesystem::exists(dir.file("bad.h5")));
}

TEST_CASE("a sweep killed at a random moment resumes without losing or duplicating runs", "[experiments][cli][resume]") {
  ScratchDir dir("resume");
  const auto cfg = dir.write("s.yaml", sweep_config(96, 256));
  const auto seed = GENERATE(11u, 12u, 13u);
  const int sig = GENERATE(SIGTERM, SIGKILL);
  std::mt19937 gen(seed);
  const int delay_ms = std::uniform_int_distribution<int>(100, 1200)(gen);
  INFO("seed " << seed << ", signal " << sig << ", kill after " << delay_ms << " ms");
  const auto out = dir.file("out_" + std::to_string(seed) + "_" + std::to_string(sig) + ".h5");
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execl(SCMP_BINARY, "scmp", "sweep", cfg.c_str(), "-o", out.c_str(), "--quiet", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
  std::size_t before = 0;
  if (std::filesystem::exists(out)) {
    const auto t = read_index(out);  // readable after the kill
    before = t.rows.size();
    CHECK(rows_by_hash(t).size() == before);
  }
  INFO("rows before resume: " << before);
  const auto r = run_scmp({"sweep", cfg, "-o", out, "--resume"}, dir.file("log"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto t = read_index(out);
  CHECK(t.rows.size() == 16);
  CHECK(rows_by_hash(t).size() == 16);
  for (const auto& row : t.rows) CHECK(row.status == "ok");
  // A second resume has nothing to do.
  const auto again = run_scmp({"sweep", cfg, "-o", out, "--resume"}, dir.file("log"));
  CHECK(again.exit_code == 0);
  CHECK(again.output.find("0 ok, 0 failed, 16 already done") != std::string::npos);
}

TEST_CASE("bad input exits 2 and leaves no output file", "[experiments][cli]") {
  ScratchDir dir("bad");
  write_npy(dir.file("a.npy"), {4, 8}, std::vector<float>(32, 0.5f));
  std::vector<float> with_nan(32, 0.5f);
  with_nan[7] = std::nanf("");
  write_npy(dir.file("nan.npy"), {4, 8}, with_nan);
  std::vector<float> with_inf(32, 0.5f);
  with_inf[3] = INFINITY;
  write_npy(dir.file("inf.npy"), {4, 8}, with_inf);
  {
    H5::H5File f(dir.file("ops.h5"), H5F_ACC_TRUNC);
    const hsize_t dims[2] = {4, 8};
    H5::DataSet ds = f.createDataSet("act", H5::PredType::NATIVE_FLOAT, H5::DataSpace(2, dims));
    std::vector<float> v(32, 0.25f);
    ds.write(v.data(), H5::PredType::NATIVE_FLOAT);
  }
  struct Case {
    std::string name, yaml, message;
  };
  const std::vector<Case> cases = {
      {"missing npy", file_operand_config("{source: npy, path: nothere.npy}"), "workload.operators.q.a.path = nothere.npy"},
      {"missing hdf5 file", file_operand_config("{source: hdf5, path: nothere.h5, dataset: act}"), "workload.operators.q.a.path = nothere.h5"},
      {"missing dataset", file_operand_config("{source: hdf5, path: ops.h5, dataset: actz}"), "workload.operators.q.a.dataset = actz"},
      {"shape mismatch", file_operand_config("{source: npy, path: a.npy}", "[6, 9]"), "expected operands with equal depth"},
      {"declared shape", file_operand_config("{source: npy, path: a.npy, shape: [5, 8]}"), "the file holds shape [4, 8]"},
      {"nan", file_operand_config("{source: npy, path: nan.npy}"), "expected finite values; element 7"},
      {"inf", file_operand_config("{source: npy, path: inf.npy}"), "expected finite values; element 3"},
      {"synthetic shape", "version: 1\nworkload:\n  operators:\n    q: {a: {source: gaussian, shape: [4, 8]}, b: {source: gaussian, shape: [4, 9]}}\n",
       "expected the depth of a (8)"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto cfg = dir.write("c.yaml", c.yaml);
    const auto out = dir.file("out.h5");
    const auto r = run_scmp({"sweep", cfg, "-o", out}, dir.file("log"));
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(c.message) != std::string::npos);
    CHECK(r.output.find("c.yaml:") != std::string::npos);
    CHECK(!std::filesystem::exists(out));
  }
  // The HDF5 operand works when it is right.
  const auto good = dir.write("g.yaml", file_operand_config("{source: hdf5, path: ops.h5, dataset: act}"));
  CHECK(run_scmp({"sweep", good, "-o", dir.file("good.h5")}, dir.file("log")).exit_code == 0);
  // Unwritable output path: a directory under a regular file.
  const auto unwritable = dir.file("g.yaml") + "/out.h5";
  const auto r = run_scmp({"sweep", good, "-o", unwritable}, dir.file("log"));
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("output = " + unwritable) != std::string::npos);
  // An existing file is not overwritten without --force / --resume.
  const auto again = run_scmp({"sweep", good, "-o", dir.file("good.h5")}, dir.file("log"));
  CHECK(again.exit_code == 2);
  CHECK(again.output.find("exists; pass --resume") != std::string::npos);
  CHECK(run_scmp({"sweep", "--shard", "3/2", good, "-o", dir.file("s.h5")}, dir.file("log")).exit_code == 2);
  CHECK(run_scmp({"sweep", good, "--backend", "nope", "-o", dir.file("n.h5")}, dir.file("log")).exit_code == 2);
  CHECK(!std::filesystem::exists(dir.file("n.h5")));
}

TEST_CASE("runs that fail are recorded with their error, exit 1, and are retried by --resume", "[experiments][cli]") {
  ScratchDir dir("fail");
  // Per-row MP stream lengths on 3-D operands: valid configuration, rejected by sc_matmul at run time.
  const auto cfg = dir.write("f.yaml",
                             "version: 1\nexperiment: {name: fl}\nmetrics: {cost: false}\n"
                             "mp: {impl: quantile, levels: [64, 32], fractions: [0.5, 0.5], metric: x_row_max}\n"
                             "workload:\n  operators:\n    q: {a: {source: gaussian, shape: [2, 4, 8]}, b: {source: gaussian, shape: [2, 4, 8]}}\n"
                             "sweep:\n  grid: {hardware.stoc_len: [64, 32]}\n");
  const auto out = dir.file("f.h5");
  const auto r = run_scmp({"sweep", cfg, "-o", out}, dir.file("log"));
  INFO(r.output);
  CHECK(r.exit_code == 1);
  auto t = read_index(out);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].status == "failed");
  CHECK(std::isnan(t.rows[0].metrics[0]));
  {
    H5::H5File f(out, H5F_ACC_RDONLY);
    CHECK(f.openGroup("runs/stoc_len=64").attrExists("error"));
  }
  const auto again = run_scmp({"sweep", cfg, "-o", out, "--resume"}, dir.file("log"));
  CHECK(again.exit_code == 1);
  CHECK(read_index(out).rows.size() == 4);  // retried: new failed rows, never an ok duplicate
}

TEST_CASE("the cycle backend gives the same accumulators, outputs and index rows as the cpu backend", "[experiments][cli]") {
  ScratchDir dir("backend");
  // The accumulators S and outputs y come from each backend itself (stored with store_outputs), so this compares
  // the two computations. The activity sample (sample_rows 8 ≥ 6 and 5 rows) is the whole problem, so on cycle
  // the energy columns price the counts of the backend's own run and on cpu a host recount of the problem cpu
  // ran (sim::HardwareReport): equal rows mean the two runs did the same thing, not that one formula ran twice.
  const auto cfg = dir.write("b.yaml",
                             "version: 1\nexperiment: {name: be}\nhardware: {chunk_d: 16}\n"
                             "workload:\n  operators:\n    q: {a: {source: llm_activations, shape: [6, 40]}, b: {source: gaussian, shape: [5, 40]}}\n"
                             "metrics: {store_outputs: true, cost: {table: " + cost_table() + ", sample_rows: 8}}\n"
                             "sweep:\n  grid: {hardware.stoc_len: [64, 16], hardware.multiplier: [enable, thermometer, and, xnor]}\n");
  REQUIRE(run_scmp({"sweep", cfg, "-o", dir.file("cpu.h5"), "--backend", "cpu"}, dir.file("log")).exit_code == 0);
  REQUIRE(run_scmp({"sweep", cfg, "-o", dir.file("cycle.h5"), "--backend", "cycle"}, dir.file("log")).exit_code == 0);
  const auto a = read_index(dir.file("cpu.h5"));
  const auto b = read_index(dir.file("cycle.h5"));
  REQUIRE(a.rows.size() == 8);
  REQUIRE(b.rows.size() == 8);
  for (std::size_t i = 0; i < 8; ++i) CHECK(same_row(a.rows[i], b.rows[i]));
  H5::H5File fa(dir.file("cpu.h5"), H5F_ACC_RDONLY), fb(dir.file("cycle.h5"), H5F_ACC_RDONLY);
  for (const auto& row : a.rows) {
    INFO(row.run_id);
    const std::string op = "runs/" + row.run_id + "/ops/q/";
    const auto read = [&]<class T>(H5::H5File& f, const char* name, const H5::PredType& type, std::vector<T> v) {
      H5::DataSet ds = f.openDataSet(op + name);
      v.resize(static_cast<std::size_t>(ds.getSpace().getSimpleExtentNpoints()));
      ds.read(v.data(), type);
      return v;
    };
    const auto read_s = [&](H5::H5File& f) { return read(f, "accumulators", H5::PredType::NATIVE_INT64, std::vector<std::int64_t>{}); };
    const auto read_y = [&](H5::H5File& f) { return read(f, "y", H5::PredType::NATIVE_FLOAT, std::vector<float>{}); };
    const auto sa = read_s(fa), sb = read_s(fb);
    REQUIRE(sa.size() == 6u * 5u * 3u);   // N × M × chunks (40 = 16 + 16 + 8)
    CHECK(sa == sb);
    CHECK(std::any_of(sa.begin(), sa.end(), [](std::int64_t v) { return v != 0; }));
    const auto ya = read_y(fa), yb = read_y(fb);
    REQUIRE(ya.size() == 30u);
    scmp::testing::require_same_bits(yb, ya);
    // The energy priced whole-problem counts on both sides (not a scaled sample).
    for (H5::H5File* f : {&fa, &fb}) {
      std::int64_t sampled = -1;
      f->openGroup(op).openAttribute("cost_sampled").read(H5::PredType::NATIVE_INT64, &sampled);
      CHECK(sampled == 0);
    }
    CHECK(std::isfinite(row.cost[3]));
  }
}

TEST_CASE("MP policies rank attention operators by their own row metric (qk: q_row_max, av: attn_row_max)",
          "[experiments][cli]") {
  ScratchDir dir("mpops");
  // One a for both operators, rows chosen so the two metrics rank them differently:
  //   max|row| (q_row_max)  5, 3, 4, 0.5 → rows 0, 2 long;   max row (attn_row_max) 1, 3, 2, 0.5 → rows 1, 2 long.
  write_npy(dir.file("a.npy"), {4, 2}, {-5.0f, 1.0f, 3.0f, 0.0f, -4.0f, 2.0f, 0.5f, 0.1f});
  const auto cfg = dir.write("m.yaml",
                             "version: 1\nexperiment: {name: mpops}\nmetrics: {cost: false}\n"
                             "mp: {impl: quantile, levels: [64, 32], fractions: [0.5, 0.5]}\n"
                             "workload:\n  operators:\n"
                             "    qk: {a: {source: npy, path: a.npy}, b: {source: gaussian, shape: [5, 2]}}\n"
                             "    av: {a: {source: npy, path: a.npy}, b: {source: gaussian, shape: [3, 2]}}\n"
                             "sweep:\n  grid: {hardware.scramble: [bitrev]}\n");
  const auto out = dir.file("m.h5");
  const auto r = run_scmp({"sweep", cfg, "-o", out}, dir.file("log"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto t = read_index(out);
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0].status == "ok");
  H5::H5File f(out, H5F_ACC_RDONLY);
  const auto lens = [&](const char* op) {
    H5::DataSet ds = f.openGroup("runs/" + t.rows[0].run_id + "/ops/" + op).openDataSet("row_stoc_len");
    hsize_t n = 0;
    ds.getSpace().getSimpleExtentDims(&n);
    std::vector<std::int32_t> v(n);
    ds.read(v.data(), H5::PredType::NATIVE_INT32);
    return v;
  };
  CHECK(lens("qk") == std::vector<std::int32_t>{64, 32, 64, 32});
  CHECK(lens("av") == std::vector<std::int32_t>{32, 64, 64, 32});
}
