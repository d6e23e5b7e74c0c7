// Regression tests of issue 15 (reliability): each case reproduces one class of crash, hang or lost result
// found by auditing and fuzzing, and checks the fix — a clear error (exit 2) naming the field, no output
// file left behind, never a signal.
#include <H5Cpp.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <random>
#include <thread>

#include "experiments/atomic_output.hpp"
#include "experiments/limits.hpp"
#include "experiments/results_file.hpp"
#include "support/catch.hpp"
#include "support/sweep_test_support.hpp"

using namespace scmp::experiments;
using scmp::testing::run_scmp;
using scmp::testing::ScratchDir;

namespace {

std::string small_sweep(const std::string& grid = "hardware.stoc_len: [32, 16]") {
  return "version: 1\nexperiment: {name: r, seed: 3}\nhardware: {sc_prec: 6}\nmetrics: {cost: false}\n"
         "workload:\n  operators:\n    q:\n      a: {source: gaussian, shape: [4, 16]}\n      b: {source: uniform, shape: [3, 16]}\n"
         "sweep:\n  grid: {" + grid + "}\n";
}

// A finished 2-run results file.
std::string results_file(const ScratchDir& dir, const std::string& name) {
  const auto out = dir.file(name);
  const auto r = run_scmp({"sweep", dir.write(name + ".yaml", small_sweep()), "-o", out, "-q"}, dir.file("log"));
  REQUIRE(r.exit_code == 0);
  return out;
}

void expect_bad_input(const scmp::testing::CommandResult& r, const std::string& message) {
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find(message) != std::string::npos);
  CHECK(r.output.find("terminate called") == std::string::npos);
}

void write_golden(const std::string& path, const std::function<void(H5::H5File&, H5::Group&)>& edit) {
  H5::H5File f(path, H5F_ACC_TRUNC);
  const H5::StrType s(H5::PredType::C_S1, H5T_VARIABLE);
  f.createAttribute("format", s, H5::DataSpace(H5S_SCALAR)).write(s, std::string("scmp-golden-v1"));
  H5::Group g = f.createGroup("c0");
  auto put = [&](const char* name, std::vector<hsize_t> dims, float value) {
    hsize_t n = 1;
    for (auto d : dims) n *= d;
    std::vector<float> v(n, value);
    g.createDataSet(name, H5::PredType::NATIVE_FLOAT, H5::DataSpace(static_cast<int>(dims.size()), dims.data()))
        .write(v.data(), H5::PredType::NATIVE_FLOAT);
  };
  put("a", {2, 8}, 0.5f);
  put("b", {3, 8}, 0.25f);
  put("y", {2, 3}, 1.0f);
  edit(f, g);
}

}  // namespace

TEST_CASE("two sweeps racing for one new output: one wins, the other never deletes its file", "[experiments][reliability]") {
  ScratchDir dir("race");
  const auto cfg = dir.write("s.yaml", small_sweep("hardware.stoc_len: [64, 32, 16, 8], experiment.seed: [1, 2, 3]"));
  const auto out = dir.file("out.h5");
  for (int round = 0; round < 3; ++round) {
    std::filesystem::remove(out);
    auto launch = [&](int k) {
      return std::thread([&, k] { (void)run_scmp({"sweep", cfg, "-o", out, "-q"}, dir.file("log" + std::to_string(k))); });
    };
    std::thread t1 = launch(1), t2 = launch(2);
    t1.join();
    t2.join();
    REQUIRE(std::filesystem::exists(out));
    CHECK(read_index(out).rows.size() == 12);
  }
  // publish() itself: an existing file is never replaced without --force, and the temporary is removed.
  const auto tmp = temp_path_for(out);
  std::ofstream(tmp) << "x";
  std::string message;
  try {
    publish(tmp, out, false);
  } catch (const std::exception& e) {
    message = e.what();
  }
  CHECK(message.find("created by another process") != std::string::npos);
  CHECK(!std::filesystem::exists(tmp));
  CHECK(read_index(out).rows.size() == 12);
}

TEST_CASE("malformed results files: array attributes, 2-D or missing /index give errors, not memory errors", "[experiments][reliability]") {
  ScratchDir dir("badh5");
  const auto good = results_file(dir, "good.h5");
  auto variant = [&](const std::string& name, const std::function<void(H5::H5File&)>& edit) {
    const auto p = dir.file(name);
    std::filesystem::copy_file(good, p);
    H5::H5File f(p, H5F_ACC_RDWR);
    edit(f);
    return p;
  };
  const auto array_attr = variant("array_attr.h5", [](H5::H5File& f) {
    f.removeAttr("seed");
    const hsize_t n = 4096;
    std::vector<long long> v(n, 7);
    f.createAttribute("seed", H5::PredType::NATIVE_LLONG, H5::DataSpace(1, &n)).write(H5::PredType::NATIVE_LLONG, v.data());
  });
  expect_bad_input(run_scmp({"merge", array_attr, "-o", dir.file("m1.h5")}, dir.file("log")), "expected one integer");
  CHECK(!std::filesystem::exists(dir.file("m1.h5")));
  const auto index_2d = variant("index2d.h5", [](H5::H5File& f) {
    const auto type = f.openDataSet("index").getCompType();
    f.unlink("index");
    const hsize_t dims[2] = {3, 5};
    f.createDataSet("index", type, H5::DataSpace(2, dims));
  });
  expect_bad_input(run_scmp({"merge", index_2d, "-o", dir.file("m2.h5")}, dir.file("log")), "expected rank 1");
  expect_bad_input(run_scmp({"sweep", dir.file("good.h5.yaml"), "-o", index_2d, "--resume"}, dir.file("log")), "expected rank 1");
  const auto no_index = variant("noindex.h5", [](H5::H5File& f) { f.unlink("index"); });
  expect_bad_input(run_scmp({"sweep", dir.file("good.h5.yaml"), "-o", no_index, "--resume"}, dir.file("log")), "/index = <missing>");
  const auto int_index = variant("intindex.h5", [](H5::H5File& f) {
    f.unlink("index");
    const hsize_t n = 4;
    f.createDataSet("index", H5::PredType::NATIVE_INT, H5::DataSpace(1, &n));
  });
  expect_bad_input(run_scmp({"sweep", dir.file("good.h5.yaml"), "-o", int_index, "--resume"}, dir.file("log")), "expected a compound");
  // A results file handed to golden, and a golden-less file: errors, not aborts.
  expect_bad_input(run_scmp({"golden", good}, dir.file("log")), "@format = <missing>");
}

TEST_CASE("golden files: every malformed case is an error naming the object, and NaN/Inf or transposed y never pass", "[experiments][reliability]") {
  ScratchDir dir("golden");
  struct Case {
    std::string name, message;
    std::function<void(H5::H5File&, H5::Group&)> edit;
  };
  const std::vector<Case> cases = {
      {"no format", "@format = <missing>", [](H5::H5File& f, H5::Group&) { f.removeAttr("format"); }},
      {"no y", "c0/y = <missing>", [](H5::H5File&, H5::Group& g) { g.unlink("y"); }},
      {"a is a group", "c0/a = <not a dataset>", [](H5::H5File&, H5::Group& g) { g.unlink("a"); g.createGroup("a"); }},
      {"string sc_prec", "sc_prec = <not an integer>",
       [](H5::H5File&, H5::Group& g) {
         const H5::StrType s(H5::PredType::C_S1, H5T_VARIABLE);
         g.createAttribute("sc_prec", s, H5::DataSpace(H5S_SCALAR)).write(s, std::string("8"));
       }},
      {"array sc_prec", "sc_prec = <not a scalar>",
       [](H5::H5File&, H5::Group& g) {
         const hsize_t n = 64;
         std::vector<long long> v(n, 8);
         g.createAttribute("sc_prec", H5::PredType::NATIVE_LLONG, H5::DataSpace(1, &n)).write(H5::PredType::NATIVE_LLONG, v.data());
       }},
      {"0-d a", "c0/a = rank 0",
       [](H5::H5File&, H5::Group& g) {
         g.unlink("a");
         const float v = 1;
         g.createDataSet("a", H5::PredType::NATIVE_FLOAT, H5::DataSpace(H5S_SCALAR)).write(&v, H5::PredType::NATIVE_FLOAT);
       }},
      {"NaN y", "expected finite values",
       [](H5::H5File&, H5::Group& g) {
         std::vector<float> v(6, std::nanf(""));
         g.openDataSet("y").write(v.data(), H5::PredType::NATIVE_FLOAT);
       }},
      {"Inf y", "expected finite values",
       [](H5::H5File&, H5::Group& g) {
         std::vector<float> v(6, INFINITY);
         g.openDataSet("y").write(v.data(), H5::PredType::NATIVE_FLOAT);
       }},
      {"transposed y", "expected shape (2,3)",
       [](H5::H5File&, H5::Group& g) {
         g.unlink("y");
         const hsize_t d[2] = {3, 2};
         std::vector<float> v(6, 1.0f);
         g.createDataSet("y", H5::PredType::NATIVE_FLOAT, H5::DataSpace(2, d)).write(v.data(), H5::PredType::NATIVE_FLOAT);
       }},
      {"huge declared a", "exceeds the limit operand_elements",
       [](H5::H5File&, H5::Group& g) {
         g.unlink("a");
         const hsize_t d[2] = {hsize_t{1} << 24, hsize_t{1} << 24}, c[2] = {1, 1};
         H5::DSetCreatPropList pl;
         pl.setChunk(2, c);
         g.createDataSet("a", H5::PredType::NATIVE_FLOAT, H5::DataSpace(2, d), pl);
       }},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto p = dir.file("g.h5");
    write_golden(p, c.edit);
    expect_bad_input(run_scmp({"golden", p}, dir.file("log")), c.message);
  }
}

TEST_CASE("run ids with NUL, control characters and '%' stay distinct group names: no run is overwritten", "[experiments][reliability]") {
  ScratchDir dir("nul");
  const auto cfg = dir.write("s.yaml", small_sweep("experiment.name: [\"a\\0b\", \"a\\0c\", \"a%00b\", \"a\\x01b\"]"));
  const auto out = dir.file("o.h5");
  const auto r = run_scmp({"sweep", cfg, "-o", out, "-q"}, dir.file("log"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto t = read_index(out);
  REQUIRE(t.rows.size() == 4);
  H5::H5File f(out, H5F_ACC_RDONLY);
  CHECK(f.openGroup("runs").getNumObjs() == 4);
  for (const auto& row : t.rows) CHECK(f.nameExists("runs/" + row.run_id));
}

TEST_CASE("limits are checked before anything is allocated or created, naming the limit and how to raise it", "[experiments][reliability]") {
  ScratchDir dir("limits");
  auto expect_refused = [&](const std::string& yaml, const std::string& message, std::vector<std::string> extra = {}) {
    const auto cfg = dir.write("l.yaml", yaml);
    std::vector<std::string> args = {"sweep", cfg, "-o", dir.file("l.h5")};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto t0 = std::chrono::steady_clock::now();
    expect_bad_input(run_scmp(args, dir.file("log")), message);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20));
    CHECK(!std::filesystem::exists(dir.file("l.h5")));
  };
  const std::string head = "version: 1\nexperiment: {name: l}\nmetrics: {cost: false}\n";
  expect_refused(head + "workload: {operators: {q: {a: {source: gaussian, shape: [16777216, 16777216]}, b: {source: gaussian, shape: [4, 16777216]}}}}\n",
                 "exceeds the limit operand_elements");
  expect_refused(head + "workload: {operators: {q: {a: {source: gaussian, shape: [16777216, 16777216, 16777216]}, b: {source: gaussian, shape: [16777216, 4, 16777216]}}}}\n",
                 "more than 2^63");
  expect_refused(head + "workload: {operators: {q: {a: {source: gaussian, shape: [65536, 8]}, b: {source: gaussian, shape: [65536, 8]}}}}\n",
                 "exceeds the limit output_elements");
  std::string values = "[";
  for (int i = 1; i <= 200; ++i) values += std::to_string(i) + (i < 200 ? ", " : "]");
  expect_refused(small_sweep("experiment.seed: " + values + ", hardware.stoc_len: " + values + ", hardware.rng_levels: " + values),
                 "exceeds the limit grid_points = 1000000 (raise it with --limit grid_points=N");
  // A 9-line alias bomb: refused after yaml_nodes steps.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
  }
  expect_refused(bomb, "exceeds the limit yaml_nodes");
  expect_refused(head + "include: /dev/zero\n", "not a regular file");
  std::filesystem::create_directories(dir.file("incdir"));
  expect_refused(head + "include: incdir\n", "is a directory");
  expect_refused("version: 1\nversion: 1\nexperiment: {name: l}\n", "version = 1: duplicate key");
  expect_refused("version: 1\n? [a, b]\n: 1\n", "expected a plain key");
  // Raising a limit works: the same grid passes planning with --limit grid_points=N (then fails elsewhere: no such axis is fine).
  CHECK(run_scmp({"sweep", "--limit", "grid_points=0", dir.file("l.yaml")}, dir.file("log")).exit_code == 2);
  CHECK(run_scmp({"sweep", "--limit", "nonsense=4", dir.file("l.yaml")}, dir.file("log")).output.find("unknown limit") != std::string::npos);
}

TEST_CASE(".npy operands: 0-d, lying headers, 0 rows and malformed shapes are refused before the output exists", "[experiments][reliability]") {
  ScratchDir dir("npy");
  auto npy = [&](const std::string& name, const std::string& shape, std::size_t payload) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::ofstream out(dir.file(name), std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    out.put(static_cast<char>(header.size() & 0xff));
    out.put(static_cast<char>(header.size() >> 8));
    out << header << std::string(payload, '\0');
  };
  npy("zero_d.npy", "()", 4);
  npy("liar.npy", "(4096, 4096)", 64);
  npy("no_rows.npy", "(0, 8)", 0);
  npy("huge_num.npy", "(99999999999999999999999, 8)", 0);
  npy("junk.npy", "(4, x8)", 128);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"zero_d.npy", "0-d"}, {"liar.npy", "truncated .npy data"}, {"no_rows.npy", "at least one row"},
      {"huge_num.npy", "malformed .npy shape"}, {"junk.npy", "malformed .npy shape"}};
  for (const auto& [file, message] : cases) {
    INFO(file);
    const auto cfg = dir.write("n.yaml", "version: 1\nexperiment: {name: n}\nmetrics: {cost: false}\nworkload:\n  operators:\n    q:\n"
                                         "      a: {source: npy, path: " + file + "}\n      b: {source: gaussian, shape: [3, 8]}\n");
    expect_bad_input(run_scmp({"sweep", cfg, "-o", dir.file("n.h5")}, dir.file("log")), message);
    CHECK(!std::filesystem::exists(dir.file("n.h5")));
  }
}

TEST_CASE("sweep --force replaces only a regular HDF5 file, and merge refuses an existing output unless --force", "[experiments][reliability]") {
  ScratchDir dir("force");
  const auto cfg = dir.write("s.yaml", small_sweep());
  std::filesystem::create_directories(dir.file("empty_dir"));
  expect_bad_input(run_scmp({"sweep", cfg, "-o", dir.file("empty_dir"), "--force"}, dir.file("log")), "not a regular HDF5 file");
  CHECK(std::filesystem::is_directory(dir.file("empty_dir")));
  REQUIRE(mkfifo(dir.file("fifo").c_str(), 0600) == 0);
  expect_bad_input(run_scmp({"sweep", cfg, "-o", dir.file("fifo"), "--force"}, dir.file("log")), "not a regular HDF5 file");
  CHECK(std::filesystem::is_fifo(dir.file("fifo")));
  std::ofstream(dir.file("notes.txt")) << "precious";
  expect_bad_input(run_scmp({"sweep", cfg, "-o", dir.file("notes.txt"), "--force"}, dir.file("log")), "not a regular HDF5 file");
  const auto a = results_file(dir, "a.h5");
  CHECK(run_scmp({"sweep", cfg, "-o", a, "--force", "-q"}, dir.file("log")).exit_code == 0);
  CHECK(read_index(a).rows.size() == 2);
  const auto m = dir.file("m.h5");
  REQUIRE(run_scmp({"merge", a, "-o", m}, dir.file("log")).exit_code == 0);
  expect_bad_input(run_scmp({"merge", a, "-o", m}, dir.file("log")), "exists; pass --force");
  CHECK(run_scmp({"merge", a, "-o", m, "--force"}, dir.file("log")).exit_code == 0);
  CHECK(read_index(m).rows.size() == 2);
  expect_bad_input(run_scmp({"merge", a, "-o", dir.file("notes.txt"), "--force"}, dir.file("log")), "not a regular HDF5 file");
  std::ifstream in(dir.file("notes.txt"));
  std::string text;
  in >> text;
  CHECK(text == "precious");
}

TEST_CASE("byte-flipped results files: merge and --resume report a corrupt file, never crash, never leave a partial output", "[experiments][reliability]") {
  ScratchDir dir("flip");
  const auto good = results_file(dir, "good.h5");
  const auto size = std::filesystem::file_size(good);
  const unsigned seed = 20261201;
  std::mt19937 gen(seed);
  INFO("seed " << seed);
  for (int trial = 0; trial < 24; ++trial) {
    const auto bad = dir.file("bad.h5");
    std::filesystem::copy_file(good, bad, std::filesystem::copy_options::overwrite_existing);
    {
      std::fstream f(bad, std::ios::in | std::ios::out | std::ios::binary);
      for (int k = 0; k < 8; ++k) {
        f.seekp(static_cast<std::streamoff>(std::uniform_int_distribution<std::size_t>(0, size - 1)(gen)));
        f.put(static_cast<char>(std::uniform_int_distribution<int>(0, 255)(gen)));
      }
    }
    const auto out = dir.file("merged.h5");
    const auto r = run_scmp({"merge", bad, "-o", out, "--limit", "hdf5_check_seconds=20"}, dir.file("log"));
    INFO("trial " << trial << ": " << r.output);
    CHECK((r.exit_code == 0 || r.exit_code == 2));
    if (r.exit_code == 0) CHECK_NOTHROW(read_index(out));
    else CHECK(!std::filesystem::exists(out));
    std::filesystem::remove(out);
    // --resume on the flipped file: finishes (0), or refuses it (2); never a signal (run_scmp gives -1).
    const auto resumed = run_scmp({"sweep", dir.file("good.h5.yaml"), "-o", bad, "--resume", "-q", "--limit", "hdf5_check_seconds=20"}, dir.file("log"));
    INFO("resume: " << resumed.output);
    CHECK((resumed.exit_code == 0 || resumed.exit_code == 2));
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
  }
}

TEST_CASE("SIGTERM during validation ends the sweep at once, before any file exists", "[experiments][reliability]") {
  ScratchDir dir("sigval");
  // 2000 operators: validation takes seconds, long enough to be interrupted in it.
  std::string yaml = "version: 1\nexperiment: {name: v}\nmetrics: {cost: false}\nworkload:\n  operators:\n";
  for (int i = 0; i < 2000; ++i) yaml += "    op" + std::to_string(i) + ": {a: {source: gaussian, shape: [2, 4]}, b: {source: gaussian, shape: [2, 4]}}\n";
  const auto cfg = dir.write("v.yaml", yaml);
  const auto out = dir.file("v.h5");
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    execl(SCMP_BINARY, "scmp", "sweep", cfg.c_str(), "-o", out.c_str(), "-q", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto t0 = std::chrono::steady_clock::now();
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO("ended " << waited << " s after SIGTERM");
  CHECK(WIFSIGNALED(status));
  CHECK(waited < 2.0);
  CHECK(!std::filesystem::exists(out));
}
