// The parameter tree built from YAML reads exactly as yaml-cpp did: the same scalars accepted and rejected by
// the typed getters, the same value text and line:column in errors, the same key lookup.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "experiments/param_tree_yaml.hpp"
#include "mp/params.hpp"
#include "mp/policy.hpp"
#include "sim/error.hpp"
#include "support/catch.hpp"

using namespace scmp;

namespace {

template <class T>
std::optional<T> yaml_as(const YAML::Node& n) {
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

std::string yaml_text(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "null";
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

// Every node of n and of its tree t: same kind, text, mark and typed conversions.
void check_same(const YAML::Node& n, const mp::ParamNode& t) {
  CAPTURE(yaml_text(n));
  CHECK(t.text() == yaml_text(n));
  CHECK(t.is_scalar() == n.IsScalar());
  CHECK(t.is_null() == n.IsNull());
  CHECK(t.is_sequence() == n.IsSequence());
  CHECK(t.is_map() == n.IsMap());
  CHECK(t.mark().line == n.Mark().line);
  CHECK(t.mark().column == n.Mark().column);
  CHECK(t.text_value() == (n.IsScalar() ? n.Scalar() : std::string()));
  CHECK(t.as_int() == yaml_as<int>(n));
  CHECK(t.as_bool() == yaml_as<bool>(n));
  const auto d = yaml_as<double>(n), e = t.as_double();
  REQUIRE(d.has_value() == e.has_value());
  if (d && !std::isnan(*d)) CHECK(*d == *e);
  if (d && std::isnan(*d)) CHECK(std::isnan(*e));
  if (n.IsSequence()) {
    REQUIRE(t.size() == n.size());
    for (std::size_t i = 0; i < n.size(); ++i) check_same(n[i], t[i]);
  }
  if (n.IsMap()) {
    REQUIRE(t.size() == n.size());
    std::size_t i = 0;
    for (const auto& kv : n) {
      check_same(kv.first, t.entries()[i].key);
      check_same(kv.second, t.entries()[i].value);
      ++i;
    }
  }
}

}  // namespace

TEST_CASE("param tree: scalars convert exactly as yaml-cpp's as<int>/as<double>/as<bool>",
          "[experiments][param_tree]") {
  const std::vector<std::string> scalars{
      "0",           "7",     "-3",   "+4",   "0x1F",   "0X10",  "010",        "08",         "1e3",
      "1.5",         "-0.25", ".5",   "5.",   "1e-400", "1e400", "2147483647", "2147483648", "-2147483649",
      "99999999999", " 5",    "5 ",   "'5'",  "\"5\"",  "1_000", "0b101",      ".inf",       "-.inf",
      "+.inf",       ".Inf",  ".INF", ".nan", ".NaN",   "nan",   "inf",        "infinity",   "-nan",
      "true",        "True",  "TRUE", "tRUE", "false",  "yes",   "No",         "ON",         "off",
      "y",           "N",     "1",    "t",    "",       "abc",   "x_row_max",  "3:4",        "0:qk",
      "qk:t0:l1",    "~",     "null", "Null", "[]",     "{}",    "- 1"};
  for (const auto& s : scalars) {
    YAML::Node n;
    try {
      n = YAML::Load("v: " + s)["v"];
    } catch (const YAML::Exception&) {
      continue;
    }
    CAPTURE(s);
    check_same(n, experiments::param_tree(n));
  }
}

TEST_CASE("param tree: structure, text and marks of a whole document", "[experiments][param_tree]") {
  const char* docs[] = {
      "{impl: quantile, levels: [256, 128], fractions: [0.25, 0.75]}",
      "impl: adaptive\nlevels:\n  - 256\n  - 128\noperator_defaults:\n  qk: {thresholds: [0.5]}\n  av: [0.5]\n",
      "{a: 'quoted: text', b: \"two\\nlines\", c: ~, d: [1, [2, 3], {e: f}], ? [1, 2] : x, 5: y}",
      "- 1\n- a b\n- {x: 1}\n- [true, false]\n",
      "{dup: 1, dup: 2}",
  };
  for (const char* doc : docs) {
    const YAML::Node n = YAML::Load(doc);
    check_same(n, experiments::param_tree(n));
  }
  // Lookup: the first entry whose key is that scalar; a non-scalar key is never found.
  const auto t = experiments::param_tree(YAML::Load("{dup: 1, dup: 2, [k]: 3}"));
  CHECK(t["dup"].text_value() == "1");
  CHECK(!t["k"]);
  CHECK(!t["absent"]);
  CHECK(t["absent"].text() == "null");
  CHECK(t["absent"].where().empty());
  // A node made in code has no mark and renders in flow style.
  mp::ParamNode m = mp::ParamNode::map();
  m.insert("levels", mp::ParamNode::sequence()).push_back(mp::ParamNode::scalar("64"));
  CHECK(m.text() == "{levels: [64]}");
  CHECK(m.where().empty());
}

TEST_CASE("param tree: errors name the path, the YAML value and line:column as before", "[experiments][param_tree]") {
  const auto t = experiments::param_tree(YAML::Load("impl: quantile\nlevels: [256, x]\nfractions: {a: 1}\n"));
  mp::ParamReader p(t, "mp");
  const auto message = [](auto&& f) {
    try {
      f();
    } catch (const sim::InvalidArgument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message([&] { p.get_int_list("levels"); }) == "mp.levels[1] = x: expected an integer (line 2, column 15)");
  CHECK(message([&] { p.get_double_list("fractions"); }) ==
        "mp.fractions = {a: 1}: expected a list of numbers (line 3, column 12)");
  CHECK(message([&] { p.get_int("stoc_len"); }).find("mp.stoc_len = missing: required key (line 1, column 1)") == 0);
  CHECK(message([&] { p.reject_unknown(); }) ==
        "mp.impl = quantile: unknown key (line 1, column 1); known keys: fractions, levels");
  // A threshold-table path needs the program's file reader.
  CHECK(message([] {
          mp::make_policy(
              experiments::param_tree(YAML::Load("{impl: adaptive, levels: [4, 2], threshold_table: t.json}")), "mp",
              mp::PolicyLimits{8});
        }).find("threshold_table = t.json: a threshold-table file needs a file reader") == 0);
  // A schedule step without a policy is an InvalidArgument (yaml-cpp threw InvalidNode for the missing node's mark).
  CHECK(message([] { experiments::make_policy(YAML::Load("{impl: schedule, steps: [{from: 0}]}"), "mp"); }) ==
        "mp.steps[0].policy = null: expected a mapping with an `impl:` key");
}
