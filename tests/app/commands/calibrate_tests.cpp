// `scmp calibrate`: prints a quantile mp: section that the MP layer accepts and that meets the budget; bad input
// exits 2 naming the option or key.
#include <yaml-cpp/yaml.h>

#include "experiments/param_tree_yaml.hpp"
#include "mp/policy.hpp"
#include "support/catch.hpp"
#include "support/sweep_test_support.hpp"

using namespace scmp::testing;

namespace {
const char* kConfig =
    "version: 1\nexperiment: {name: cal, seed: 5}\nhardware: {sc_prec: 8}\nmetrics: {cost: false}\n"
    "workload:\n  operators:\n"
    "    up: {a: {source: llm_activations, shape: [24, 32]}, b: {source: gaussian, shape: [8, 32]}}\n"
    "    down: {a: {source: gaussian, shape: [6, 32]}, b: {source: gaussian, shape: [5, 32]}}\n";
}  // namespace

TEST_CASE("scmp calibrate prints a quantile policy that meets the MAC-weighted budget", "[app][calibrate]") {
  ScratchDir dir("calibrate");
  const auto cfg = dir.write("c.yaml", kConfig);
  const auto out = dir.file("mp.yaml");
  const auto r = run_scmp({"calibrate", cfg, "--levels", "256,128,64,32", "--target", "100", "-o", out}, dir.file("log"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const YAML::Node mp = YAML::LoadFile(out)["mp"];
  REQUIRE(mp);
  CHECK(mp["impl"].as<std::string>() == "quantile");
  const auto levels = mp["levels"].as<std::vector<int>>();
  const auto fractions = mp["fractions"].as<std::vector<double>>();
  REQUIRE(levels == std::vector<int>{256, 128, 64, 32});
  double avg = 0;   // every row of `up` has the same MACs: the MAC-weighted average is the row average
  for (std::size_t i = 0; i < levels.size(); ++i) avg += levels[i] * fractions[i];
  CHECK(avg <= 100.0 + 1e-9);
  CHECK(avg > 32.0);   // the budget is used, not left at the shortest level
  CHECK_NOTHROW(scmp::experiments::make_policy(mp, "mp"));
  // Deterministic: the same configuration gives the same section.
  const auto again = run_scmp({"calibrate", cfg, "--levels", "256,128,64,32", "--target", "100"}, dir.file("log2"));
  REQUIRE(again.exit_code == 0);
  std::ifstream f(out);
  std::ostringstream text;
  text << f.rdbuf();
  CHECK(again.output == text.str());
}

TEST_CASE("scmp calibrate rejects bad input naming the option", "[app][calibrate]") {
  ScratchDir dir("calibrate_bad");
  const auto cfg = dir.write("c.yaml", kConfig);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"calibrate", cfg, "--levels", "256,x", "--target", "96"}, "--levels"},
      {{"calibrate", cfg, "--levels", "", "--target", "96"}, "need one CONFIG.yaml"},
      {{"calibrate", cfg, "--levels", "256,128", "--target", "-3"}, "--target"},
      {{"calibrate", cfg, "--levels", "256,128", "--target", "nan"}, "--target"},
      {{"calibrate", cfg, "--levels", "128,256", "--target", "96"}, "levels"},
      {{"calibrate", cfg, "--levels", "256,128", "--target", "96", "--op", "qq"}, "--op = qq"},
      {{"calibrate", dir.file("missing.yaml"), "--levels", "256", "--target", "96"}, "missing.yaml"},
      {{"calibrate", "--levels", "256", "--target", "96"}, "need one CONFIG.yaml"},
      {{"calibrate", cfg, "--bogus"}, "bogus"},
  };
  for (const auto& [args, want] : cases) {
    const auto r = run_scmp(args, dir.file("log"));
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(want) != std::string::npos);
  }
  // A budget below the shortest level cannot be met: exit 1 with the reason.
  const auto r = run_scmp({"calibrate", cfg, "--levels", "256,128", "--target", "50"}, dir.file("log"));
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("not reachable") != std::string::npos);
}
