// Backend registry: built-ins, lookup errors, unavailable backends, and cycle ≡ cpu on random configurations.
#include <random>

#include "sim/engine/cycle_engine.hpp"
#include "sim/error.hpp"
#include "sim/matmul/backend.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "support/catch.hpp"
#include "support/seeds.hpp"
#include "random_config.hpp"

using namespace scmp::sim;

namespace {
class OfflineBackend final : public IBackend {
 public:
  std::string name() const override { return "test_offline"; }
  bool available() const override { return false; }
  std::string unavailable_reason() const override { return "no such device in tests"; }
  std::vector<std::int64_t> accumulate(const CoreProblem&, int) override { return {}; }
};

// The defining formula as a backend: the yardstick for both built-ins.
class ReferenceBackend final : public IBackend {
 public:
  std::string name() const override { return "test_reference"; }
  std::vector<std::int64_t> accumulate(const CoreProblem& p, int) override { return accumulate_reference(p); }
};
}  // namespace

TEST_CASE("backend registry lists the built-in cycle and cpu backends", "[sim][matmul]") {
  const auto names = backend_names();
  CHECK(std::find(names.begin(), names.end(), "cycle") != names.end());
  CHECK(std::find(names.begin(), names.end(), "cpu") != names.end());
  CHECK(find_backend("cycle").name() == "cycle");
  CHECK(find_backend("cpu").name() == "cpu");
}

TEST_CASE("an unknown backend error names it and lists the known ones", "[sim][matmul]") {
  try {
    find_backend("tpu");
    FAIL("no error");
  } catch (const InvalidArgument& e) {
    CHECK(e.field() == "backend");
    CHECK(e.value() == "tpu");
    CHECK(std::string(e.what()).find("cpu") != std::string::npos);
    CHECK(std::string(e.what()).find("cycle") != std::string::npos);
  }
}

TEST_CASE("an unavailable backend gives its reason when used", "[sim][matmul]") {
  register_backend(std::make_unique<OfflineBackend>());
  CHECK_FALSE(find_backend("test_offline").available());
  MatmulOptions o;
  o.backend = "test_offline";
  Tensor a({2, 3}, 1.0f), b({2, 3}, 1.0f);
  try {
    sc_matmul(a, b, o);
    FAIL("no error");
  } catch (const InvalidArgument& e) {
    CHECK(std::string(e.what()).find("no such device in tests") != std::string::npos);
  }
}

TEST_CASE("cycle and cpu backends give identical integers on 400 random configurations", "[sim][matmul]") {
  register_backend(std::make_unique<ReferenceBackend>());
  const std::uint64_t root = scmp::testing::test_seed("backend_tests/cycle_vs_cpu");
  CAPTURE(root);
  for (int i = 0; i < 400; ++i) {
    const std::uint64_t seed = root + static_cast<std::uint64_t>(i);
    auto c = scmp::testing::draw_case(seed);
    INFO(c.text);
    c.options.backend = "cycle";
    const auto ycycle = sc_matmul(c.a, c.b, c.options);
    c.options.backend = "cpu";
    c.options.threads = 1 + i % 2;
    const auto ycpu = sc_matmul(c.a, c.b, c.options);
    REQUIRE(ycycle.accumulators == ycpu.accumulators);
    REQUIRE(ycycle.y.data == ycpu.y.data);
    c.options.backend = "test_reference";
    REQUIRE(sc_matmul(c.a, c.b, c.options).accumulators == ycpu.accumulators);
  }
}
