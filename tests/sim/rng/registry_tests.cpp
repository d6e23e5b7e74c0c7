// RNG registry: every kind is listed and built from an RngSpec; unknown kinds are rejected by name.
#include "sim/error.hpp"
#include "sim/rng/reference_sequences.hpp"
#include "sim/rng/rng.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("rng registry lists every kind in order", "[sim][rng]") {
  CHECK(rng_kinds() == std::vector<std::string>{"sobol", "lfsr", "lfsr_galois", "prng", "ramp", "true_random"});
}

TEST_CASE("make_rng builds each kind from its spec", "[sim][rng]") {
  for (const auto& kind : rng_kinds()) {
    CAPTURE(kind);
    RngSpec spec{.kind = kind, .bits = 8, .seed = 125};
    auto rng = make_rng(spec);
    CHECK(rng->kind() == kind);
    CHECK(rng->bits() == 8);
    const auto seq = rng->simulate(300);
    for (auto v : seq) REQUIRE(v < 256u);
    CHECK(rng->simulate(300) == seq);
  }
  CHECK(make_rng({.kind = "sobol", .bits = 8, .seed_type = "k"})->simulate(256) == scmp::testing::sobol_k8);
  CHECK(make_rng({.kind = "lfsr", .bits = 8, .seed = 125, .taps = {7, 2, 1, 0}})->simulate(16) ==
        scmp::testing::lfsr8_7210_seed125);
  CHECK(make_rng({.kind = "lfsr", .bits = 8, .seed = 125, .taps = {7, 5, 4, 3}, .require_maximal = false})
            ->simulate(16) == scmp::testing::lfsr8_7543_seed125);
  CHECK(make_rng({.kind = "true_random", .bits = 8, .seed = 0})->simulate(3) ==
        std::vector<std::uint32_t>{197, 215, 20});
}

TEST_CASE("make_rng rejects unknown kinds and invalid parameters", "[sim][rng]") {
  try {
    make_rng({.kind = "mersenne"});
    FAIL("no throw");
  } catch (const InvalidArgument& e) {
    CHECK(e.field() == "rng.kind");
    CHECK(e.value() == "mersenne");
    CHECK(std::string(e.what()).find("true_random") != std::string::npos);
  }
  CHECK_THROWS_AS(make_rng({.kind = "lfsr", .bits = 8, .seed = 0}), InvalidArgument);
  CHECK_THROWS_AS(make_rng({.kind = "ramp", .bits = 0}), InvalidArgument);
  CHECK_THROWS_AS(make_rng({.kind = "prng", .bits = 17}), InvalidArgument);
}
