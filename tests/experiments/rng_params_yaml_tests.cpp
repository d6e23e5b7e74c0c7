// hardware.rng.params: YAML → typed builder parameters, with key paths and line:column in every error.
#include "experiments/rng_params_yaml.hpp"
#include "sim/error.hpp"
#include "support/catch.hpp"

using scmp::experiments::rng_params_from_node;
using scmp::sim::InvalidArgument;

TEST_CASE("builder parameters read from YAML", "[experiments][rng_config]") {
  const auto node = YAML::Load("{taps: [7, 2, 1, 0], seed: 99, k_reverse_of_q: false, taps_choices: [[7,2,1,0],[7,6,1,0]], note: hi}");
  const auto p = rng_params_from_node(node);
  CHECK(std::get<std::vector<std::int64_t>>(p.at("taps")) == std::vector<std::int64_t>{7, 2, 1, 0});
  CHECK(std::get<std::int64_t>(p.at("seed")) == 99);
  CHECK(std::get<bool>(p.at("k_reverse_of_q")) == false);
  CHECK(std::get<std::vector<std::vector<std::int64_t>>>(p.at("taps_choices")).size() == 2u);
  CHECK(std::get<std::string>(p.at("note")) == "hi");
}

TEST_CASE("bad builder parameters name the key path and the line", "[experiments][rng_config]") {
  for (const char* bad : {"[1, 2]", "{taps: [7, x]}", "{taps: {a: 1}}", "{lists: [[1], [y]]}"}) {
    INFO(bad);
    try {
      (void)rng_params_from_node(YAML::Load(bad), "hardware.rng.params");
      FAIL("no error");
    } catch (const InvalidArgument& e) {
      CHECK(e.field().rfind("hardware.rng.params", 0) == 0);
      CHECK(e.field().find("line 1") != std::string::npos);
    }
  }
  CHECK(rng_params_from_node(YAML::Node(), "p").empty());
}
