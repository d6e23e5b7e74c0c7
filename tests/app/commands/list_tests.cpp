// `scmp list`: every registry prints its entries with descriptions and parameters, read from the registries;
// `--names` prints the bare names; unknown registries exit 2.
#include <string>

#include "sim/multiplier/design.hpp"
#include "sim/rng/rng.hpp"
#include "support/catch.hpp"
#include "support/run_cli.hpp"

using scmp::testing::run_cli;

TEST_CASE("scmp list prints names, descriptions and parameters", "[app][list]") {
  const auto m = run_cli("list multiplier");
  REQUIRE(m.exit_code == 0);
  for (const auto* e : scmp::sim::multiplier_registry().entries()) {
    CAPTURE(e->name);
    CHECK(m.output.find(e->name) != std::string::npos);
    CHECK(m.output.find(e->description) != std::string::npos);
  }
  const auto r = run_cli("list rng");
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("sobol") != std::string::npos);
  CHECK(r.output.find(scmp::sim::rng_registry().at("lfsr").description) != std::string::npos);
  CHECK(r.output.find("taps (int list") != std::string::npos);
  CHECK(r.output.find("bits (int, default 8)") != std::string::npos);
  const auto c = run_cli("list config");
  CHECK(c.output.find("random_seed (int") != std::string::npos);
  const auto p = run_cli("list policy");
  CHECK(p.output.find("stoc_len (int") != std::string::npos);
  const auto s = run_cli("list source");
  CHECK(s.output.find("outlier_fraction (real, default 0.01)") != std::string::npos);
}

TEST_CASE("scmp list covers every registry and refuses unknown ones", "[app][list]") {
  for (const char* what : {"rng", "config", "multiplier", "scramble", "granularity", "mode", "backend", "policy", "source"}) {
    CAPTURE(what);
    const auto r = run_cli(std::string("list ") + what);
    CHECK(r.exit_code == 0);
    CHECK(!r.output.empty());
    CHECK(run_cli(std::string("list --help")).output.find(what) != std::string::npos);
  }
  CHECK(run_cli("list --names granularity").output == "per_row\nper_tensor\nper_head\n");
  CHECK(run_cli("list nonsense").exit_code == 2);
  CHECK(run_cli("list").exit_code == 2);
}
