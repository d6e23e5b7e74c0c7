// The one registry mechanism (sim/base/registry.hpp) and every registry built on it: each lists its entries
// with a description, unknown names are refused with an error naming the value and the choices, and the
// name tables round-trip.
#include <functional>
#include <string>
#include <vector>

#include "experiments/param_tree_yaml.hpp"
#include "experiments/workload.hpp"
#include "mp/policy.hpp"
#include "sim/base/registry.hpp"
#include "sim/error.hpp"
#include "sim/matmul/backend.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/multiplier/design.hpp"
#include "sim/rng/rng.hpp"
#include "sim/sng/rng_builders.hpp"
#include "sim/sng/scramble.hpp"
#include "support/catch.hpp"

using namespace scmp;
using sim::InvalidArgument;

namespace {

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InvalidArgument& e) {
    return e.what();
  }
  return "";
}

// Every entry has a name and a description; every parameter a name, a type and a doc.
void check_documented(const std::string& registry, const std::vector<sim::ListedEntry>& entries) {
  CAPTURE(registry);
  REQUIRE(!entries.empty());
  for (const auto& e : entries) {
    CAPTURE(e.name);
    CHECK(!e.name.empty());
    CHECK(!e.description.empty());
    for (const auto& p : e.params) {
      CAPTURE(p.name);
      CHECK(!p.name.empty());
      CHECK(!p.type.empty());
      CHECK(!p.doc.empty());
    }
  }
}

}  // namespace

TEST_CASE("a registry finds its entries and names the value and the choices for an unknown one", "[sim][base][registry]") {
  sim::Registry<int> r("thing", {{"b", "the b", {}, 2}, {"a", "the a", {{"k", "int", "1", "a key"}}, 1}});
  CHECK(r.names() == std::vector<std::string>{"b", "a"});
  CHECK(r.at("a").factory == 1);
  CHECK(r.at("a").params.at(0).name == "k");
  CHECK(r.find("c") == nullptr);
  try {
    r.at("c");
    FAIL("no error");
  } catch (const InvalidArgument& e) {
    CHECK(e.field() == "thing");
    CHECK(e.value() == "c");
    CHECK(std::string(e.what()) == "thing = c: expected one of b, a");
  }
  CHECK(message_of([&] { r.at("c", "unknown thing; "); }) == "thing = c: unknown thing; expected one of b, a");
}

TEST_CASE("add replaces an entry in place and keeps references valid; by_name lists alphabetically", "[sim][base][registry]") {
  sim::Registry<int> r("thing", {{"z", "", {}, 1}, {"m", "", {}, 2}}, sim::RegistryOrder::by_name);
  const auto& z = r.at("z");
  r.add({"a", "new", {}, 3});
  r.add({"z", "replaced", {}, 4});
  CHECK(r.names() == std::vector<std::string>{"a", "m", "z"});
  CHECK(z.factory == 4);
  CHECK(z.description == "replaced");
}

TEST_CASE("a name table parses and names its values", "[sim][base][registry]") {
  enum class E { x, y };
  const sim::NameTable<E> t("e", {{E::x, "x", "the x"}, {E::y, "y", "the y"}});
  CHECK(t.parse("y") == E::y);
  CHECK(t.name(E::x) == "x");
  CHECK(t.name(static_cast<E>(7)) == "?");
  CHECK(t.names() == std::vector<std::string>{"x", "y"});
  CHECK(message_of([&] { t.parse("w"); }) == "e = w: expected one of x, y");
}

TEST_CASE("every registry lists its entries with descriptions", "[sim][base][registry]") {
  check_documented("rng", sim::listing(sim::rng_registry()));
  check_documented("config", sim::rng_builder_listing());
  check_documented("multiplier", sim::listing(sim::multiplier_registry()));
  check_documented("scramble", sim::listing(sim::mask_family_table()));
  check_documented("granularity", sim::listing(sim::granularity_table()));
  check_documented("mode", sim::listing(sim::mode_table()));
  check_documented("backend", sim::listing(sim::backend_registry()));
  check_documented("policy", sim::listing(mp::policy_registry()));
  check_documented("source", sim::listing(experiments::operand_source_registry()));
  // The listed names are the names each lookup accepts, in the same order.
  CHECK(sim::rng_registry().names() == sim::rng_kinds());
  CHECK(sim::multiplier_registry().names() == sim::multiplier_names());
  CHECK(mp::policy_registry().names() == mp::policy_names());
  CHECK(experiments::operand_source_registry().names() == experiments::operand_source_names());
}

TEST_CASE("unknown names are refused with the value and the choices", "[sim][base][registry]") {
  const auto check = [](const std::string& msg, const std::string& field_value, const std::vector<std::string>& choices) {
    CAPTURE(msg);
    CHECK(msg.find(field_value) != std::string::npos);
    for (const auto& c : choices) CHECK(msg.find(c) != std::string::npos);
  };
  check(message_of([] { sim::make_rng(sim::RngSpec{.kind = "mersenne"}); }), "rng.kind = mersenne", sim::rng_kinds());
  check(message_of([] { sim::parse_multiplier("or"); }), "multiplier = or", sim::multiplier_names());
  check(message_of([] { sim::make_multiplier("or"); }), "multiplier = or", sim::multiplier_names());
  check(message_of([] { sim::parse_mask_family("owen"); }), "scramble = owen", sim::mask_family_table().names());
  check(message_of([] { sim::parse_granularity("per_col"); }), "granularity = per_col", sim::granularity_table().names());
  check(message_of([] { sim::parse_mode("tripolar"); }), "mode = tripolar", {"bipolar", "unipolar"});
  check(message_of([] { sim::find_backend("tpu"); }), "backend = tpu", sim::backend_names());
  check(message_of([] { sim::build_rng_config("nope", 4, 8); }), "rng.builder = nope", sim::rng_builder_names());
  check(message_of([] { experiments::make_policy(YAML::Load("{impl: magic}"), "mp"); }), "mp.impl = magic", mp::policy_names());
}

TEST_CASE("every multiplier design has one descriptor that agrees with its unit", "[sim][base][registry][multiplier]") {
  for (const auto& row : sim::multiplier_table().rows()) {
    CAPTURE(row.name);
    const auto& d = sim::multiplier_design(row.value);
    CHECK(d.id == row.value);
    CHECK(sim::multiplier_registry().at(row.name).factory == &d);
    REQUIRE(d.make_unit != nullptr);
    REQUIRE(d.lane_count != nullptr);
    REQUIRE(d.packed_count != nullptr);
    REQUIRE(d.activity != nullptr);
    REQUIRE(d.extra_lane_bits != nullptr);
    CHECK(d.unit()->design() == row.value);
  }
}
