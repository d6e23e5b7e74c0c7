// RNG configuration builders (seeded, typed).
#include "sim/error.hpp"
#include "sim/sng/rng_builders.hpp"
#include "sim/sng/scramble.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("every named builder builds a valid config and is deterministic in its seed", "[sim][sng][rng_config]") {
  for (const auto& name : rng_builder_names()) {
    for (int p : {4, 8}) {
      INFO(name << " p=" << p);
      const auto c = build_rng_config(name, 12, p, {}, 42);
      CHECK(c.name == name);
      CHECK(c.a.size() == 12u);
      CHECK(c.b.size() == 12u);
      CHECK_NOTHROW(validate_rng_config(c, 12, p));
      CHECK(build_rng_config(name, 12, p, {}, 42) == c);
    }
  }
  // Randomised builders depend on the seed.
  CHECK(build_rng_config("lfsr_per_element_scramble", 12, 8, {}, 1) != build_rng_config("lfsr_per_element_scramble", 12, 8, {}, 2));
  CHECK(build_rng_config("lfsr_fully_independent", 12, 8, {}, 1) != build_rng_config("lfsr_fully_independent", 12, 8, {}, 2));
  CHECK(build_rng_config("lfsr_random", 12, 8, {{"random_seed", std::int64_t{5}}}, 1) ==
        build_rng_config("lfsr_random", 12, 8, {}, 5));
}

TEST_CASE("builders match the reference's table (§3.4)", "[sim][sng][rng_config]") {
  const auto simple = build_rng_config("sobol_simple", 4, 8);
  CHECK(simple == sobol_simple_config(4, 8));
  const auto anti = build_rng_config("sobol_antithetic", 4, 8);
  for (const auto& e : anti.b) CHECK(e.complement);
  CHECK(raw_lane_sequence(anti, Side::b, 0, 8)[1] == 255u - raw_lane_sequence(simple, Side::b, 0, 8)[1]);
  const auto alt = build_rng_config("sobol_altseed", 4, 8);
  const auto seq = raw_lane_sequence(alt, Side::b, 0, 8);
  CHECK(std::vector<std::uint32_t>(seq.begin(), seq.begin() + 8) == std::vector<std::uint32_t>{0, 128, 64, 192, 32, 160, 96, 224});
  const auto lfsr = build_rng_config("lfsr_default", 4, 8);
  const auto qa = raw_lane_sequence(lfsr, Side::a, 0, 8);
  const auto kb = raw_lane_sequence(lfsr, Side::b, 0, 8);
  CHECK(std::vector<std::uint32_t>(qa.begin(), qa.begin() + 4) == std::vector<std::uint32_t>{125, 62, 31, 143});
  CHECK(std::vector<std::uint32_t>(kb.begin(), kb.begin() + 4) == std::vector<std::uint32_t>{190, 124, 248, 241});
  const auto per = build_rng_config("lfsr_per_element_scramble", 6, 8, {}, 9);
  for (std::size_t d = 0; d < 6; ++d) {
    CHECK(per.b[d].permutation == std::vector<int>(per.a[d].permutation.rbegin(), per.a[d].permutation.rend()));
  }
}

TEST_CASE("builder errors name the builder or the parameter", "[sim][sng][rng_config]") {
  try {
    build_rng_config("sobol_fancy", 4, 8);
    FAIL("no error");
  } catch (const InvalidArgument& e) {
    CHECK(e.field() == "rng.builder");
    CHECK(std::string(e.what()).find("sobol_simple") != std::string::npos);
  }
  try {
    build_rng_config("lfsr_default", 4, 8, {{"tapz", std::vector<std::int64_t>{7, 2, 1, 0}}});
    FAIL("no error");
  } catch (const InvalidArgument& e) {
    CHECK(e.field() == "rng.params.tapz");
  }
  CHECK_THROWS_AS(build_rng_config("lfsr_default", 4, 8, {{"seed", std::string("x")}}), InvalidArgument);
}
