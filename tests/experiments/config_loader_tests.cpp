// The configuration validator: every error class names file:line:col, the key path, the value and what was
// expected; includes, variables and sweep expansion work.
#include "experiments/config_loader.hpp"

#include "experiments/experiment_config.hpp"
#include "experiments/sweep_plan.hpp"
#include "support/catch.hpp"
#include "support/sweep_test_support.hpp"

using namespace scmp::experiments;

namespace {

const char* kOps =
    "workload:\n"
    "  operators:\n"
    "    q: {a: {source: gaussian, shape: [4, 8]}, b: {source: gaussian, shape: [6, 8]}}\n";

std::string error_of(const std::string& text, const std::string& name = "quick.yaml", const std::string& dir = ".") {
  try {
    const auto loaded = load_config_text(text, name, dir);
    (void)plan_sweep(loaded);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a valid configuration resolves with every default written out", "[experiments][config]") {
  const auto loaded = load_config_text(std::string("version: 1\nexperiment: {name: t, seed: 3}\n") + kOps, "t.yaml");
  const auto plan = plan_sweep(loaded);
  REQUIRE(plan.points.size() == 1);
  CHECK(plan.points[0].run_id == "base");
  const auto& c = plan.points[0].config;
  CHECK(c.hardware.sc_prec == 8);
  CHECK(c.hardware.scramble == scmp::sim::MaskFamily::bitrev);
  CHECK(c.experiment.seed == 3);
  CHECK(c.experiment.output == "results/t.h5");
  CHECK(c.operators.size() == 1);
  CHECK(plan.points[0].resolved_yaml.find("scramble_rescale: true") != std::string::npos);
  CHECK(plan.points[0].config_hash.size() == 16);
}

TEST_CASE("out-of-range values name file, line, column, key path, value and range", "[experiments][config]") {
  const std::string text = std::string("version: 1\nexperiment: {name: t}\nhardware:\n  sc_prec: 0\n") + kOps;
  CHECK(error_of(text) == "quick.yaml:4:12: hardware.sc_prec = 0: expected 2..16");
  CHECK(error_of(std::string("version: 1\nhardware: {stoc_len: 999}\n") + kOps).find("quick.yaml:2:22: hardware.stoc_len = 999: expected 0..256") == 0);
  CHECK(error_of(std::string("version: 1\nmetrics: {hist_bins: -1}\n") + kOps).find("metrics.hist_bins = -1: expected 1..65536") != std::string::npos);
}

TEST_CASE("unknown keys are errors with a did-you-mean suggestion", "[experiments][config]") {
  const auto e1 = error_of(std::string("version: 1\nhardware: {stoc_lne: 64}\n") + kOps);
  CHECK(e1.find("quick.yaml:2:12: hardware.stoc_lne = 64: unknown key (did you mean 'stoc_len'?)") == 0);
  const auto e2 = error_of(std::string("version: 1\nhardwre: {}\n") + kOps);
  CHECK(e2.find("quick.yaml:2:1: hardwre = {}: unknown key (did you mean 'hardware'?)") == 0);
  const auto e3 = error_of(std::string("version: 1\nhardware: {scramble: bitrv}\n") + kOps);
  CHECK(e3.find("hardware.scramble = bitrv: expected off | counter | bitrev | random (did you mean 'bitrev'?)") != std::string::npos);
}

TEST_CASE("wrong types are reported with the expected type", "[experiments][config]") {
  CHECK(error_of(std::string("version: 1\nhardware: {sc_prec: eight}\n") + kOps).find("hardware.sc_prec = eight: expected an integer in 2..16") != std::string::npos);
  CHECK(error_of(std::string("version: 1\nhardware: {halve: maybe}\n") + kOps).find("hardware.halve = maybe: expected true or false") != std::string::npos);
  CHECK(error_of(std::string("version: 1\nhardware: [1, 2]\n") + kOps).find("hardware = [1, 2]: expected a mapping") != std::string::npos);
  CHECK(error_of("version: 1\nworkload:\n  operators:\n    q: {a: {source: gaussian, shape: [4, x]}, b: {source: gaussian, shape: [4, 8]}}\n")
            .find("quick.yaml:4:42: workload.operators.q.a.shape.1 = x: expected a positive integer") == 0);
}

TEST_CASE("malformed YAML is reported at the parser's position", "[experiments][config]") {
  const auto e = error_of("version: 1\nhardware: [1, 2\n");
  CHECK(e.rfind("quick.yaml:", 0) == 0);
  CHECK(e.find("yaml = <malformed>") != std::string::npos);
}

TEST_CASE("a version other than 1 gets a fix-it message", "[experiments][config]") {
  const auto e = error_of(std::string("version: 2\n") + kOps);
  CHECK(e.find("quick.yaml:1:10: version = 2: expected 1") == 0);
  CHECK(e.find("write `version: 1`") != std::string::npos);
}

TEST_CASE("includes merge key by key; a missing include is an error at the include entry", "[experiments][config]") {
  scmp::testing::ScratchDir dir("include");
  dir.write("hw.yaml", "hardware:\n  sc_prec: 6\n  scramble: counter\n");
  const std::string main = dir.write("main.yaml", std::string("version: 1\ninclude: hw.yaml\nhardware: {scramble: off}\n") + kOps);
  const auto plan = plan_sweep(load_config_file(main));
  CHECK(plan.base.hardware.sc_prec == 6);          // from the included file
  CHECK(plan.base.hardware.scramble == scmp::sim::MaskFamily::off);    // overridden by the including file
  // Errors inside an included file point into that file.
  dir.write("bad.yaml", "hardware:\n  sc_prec: 99\n");
  const std::string main2 = dir.write("main2.yaml", std::string("version: 1\ninclude: [bad.yaml]\n") + kOps);
  try {
    (void)plan_sweep(load_config_file(main2));
    FAIL("expected an error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("bad.yaml:2:12: hardware.sc_prec = 99: expected 2..16") != std::string::npos);
  }
  const auto e = error_of(std::string("version: 1\ninclude: nothere.yaml\n") + kOps, "quick.yaml", dir.path().string());
  CHECK(e.find("quick.yaml:2:10: include = nothere.yaml: file not found") == 0);
}

TEST_CASE("variables substitute whole nodes and inside strings; undefined ones are errors", "[experiments][config]") {
  const auto plan = plan_sweep(load_config_text(
      "version: 1\nvariables: {d: 16, tag: v2}\nexperiment: {name: \"run_${tag}\"}\n"
      "workload:\n  operators:\n    q: {a: {source: gaussian, shape: [4, \"${d}\"]}, b: {source: gaussian, shape: [6, \"${d}\"]}}\n",
      "v.yaml"));
  CHECK(plan.base.experiment.name == "run_v2");
  CHECK(plan.base.operators[0].a.shape == std::vector<std::int64_t>{4, 16});
  const auto e = error_of("version: 1\nvariables: {depth: 8}\nexperiment: {name: \"${dpth}\"}\n" + std::string(kOps));
  CHECK(e.find("quick.yaml:3:20: experiment.name = ${dpth}: undefined variable ${dpth} (did you mean ${depth}?)") == 0);
}

TEST_CASE("sweeps expand grid, zip, list and seeds into validated, named design points", "[experiments][config]") {
  const auto plan = plan_sweep(load_config_text(std::string("version: 1\n") + kOps +
                                                    "sweep:\n"
                                                    "  grid: {hardware.stoc_len: [64, 32], hardware.halve: [false, true]}\n"
                                                    "  seeds: [0, 1]\n",
                                                "s.yaml"));
  REQUIRE(plan.points.size() == 8);
  REQUIRE(plan.axes.size() == 3);
  CHECK(plan.axes[2].path == "experiment.seed");
  CHECK(plan.points[0].run_id == "stoc_len=64,halve=0,seed=0");
  CHECK(plan.points[7].run_id == "stoc_len=32,halve=1,seed=1");
  std::set<std::string> hashes;
  for (const auto& p : plan.points) hashes.insert(p.config_hash);
  CHECK(hashes.size() == 8);
  const auto zip = plan_sweep(load_config_text(std::string("version: 1\n") + kOps +
                                                   "sweep:\n  zip: {hardware.stoc_len: [64, 32], hardware.rng_levels: [128, 64]}\n"
                                                   "  list: [{hardware.scramble: counter}, {hardware.scramble: \"off\"}]\n",
                                               "z.yaml"));
  REQUIRE(zip.points.size() == 4);
  CHECK(zip.points[1].run_id == "scramble=counter,stoc_len=32,rng_levels=64");
  CHECK(!zip.axes[0].numeric);
  // A bad sweep value is reported where it was written.
  const auto e = error_of(std::string("version: 1\n") + kOps + "sweep:\n  grid: {hardware.stoc_len: [16, 999]}\n");
  CHECK(e.find("quick.yaml:6:34: hardware.stoc_len = 999: expected 0..256") == 0);
  const auto e2 = error_of(std::string("version: 1\n") + kOps + "sweep:\n  zip: {hardware.stoc_len: [16, 32], hardware.halve: [true]}\n");
  CHECK(e2.find("sweep.zip.hardware.halve = 1 values: expected 2 values") != std::string::npos);
}

TEST_CASE("MP policy errors from scmp::mp carry the config location", "[experiments][config]") {
  const auto e = error_of(std::string("version: 1\nmp: {impl: no_such_policy}\n") + kOps);
  CHECK(e.find("quick.yaml:2") == 0);
  CHECK(e.find("no_such_policy") != std::string::npos);
}
