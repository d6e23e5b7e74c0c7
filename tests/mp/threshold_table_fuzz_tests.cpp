// The threshold-table reader and the adaptive / free-boundary loaders on random, mostly malformed documents:
// every outcome is a loaded config or an InvalidArgument naming a field — never a crash, another exception, or a
// config that fails its own validate().
#include <iostream>
#include <random>
#include <sstream>

#include "experiments/param_tree_yaml.hpp"
#include "mp/adaptive_config.hpp"
#include "mp/free_boundary_config.hpp"
#include "sim/error.hpp"
#include "support/catch.hpp"
#include "support/seed.hpp"

using namespace scmp;

namespace {

std::string random_scalar(std::mt19937_64& g) {
  static const char* const v[] = {"0", "1", "-1", "0.5", "1.5", "2", "256", "128", "64", "1e40", ".nan", ".inf", "-.inf",
                                  "x", "\"\"", "null", "true", "[]", "{}", "[0.5]", "[0.9, 0.1]", "[0.1, 0.9]",
                                  "[256, 128]", "[256, 128, 64]", "{thresholds: [0.5]}", "{thresholds: [0.6, 0.3], note: 1}",
                                  "{thresholds: x}", "[[1]]", "99999999999999999999"};
  return v[g() % (sizeof v / sizeof v[0])];
}

std::string random_key(std::mt19937_64& g) {
  static const char* const k[] = {"stoc_len_levels", "timestep_buckets", "layer_buckets", "operator_defaults", "buckets",
                                  "levels", "boundaries", "fixed_levels", "metric", "extra", "qk", "qk:t0:l0", "qk:t9:l0",
                                  "qk:t:l", "0:qk", "x:qk", "-1:qk", "1:av", ":", "qk:t0:l0:z"};
  return k[g() % (sizeof k / sizeof k[0])];
}

// A random flow mapping, nested up to `depth`.
std::string random_map(std::mt19937_64& g, int depth) {
  std::ostringstream s;
  s << "{";
  const int n = static_cast<int>(g() % 5);
  for (int i = 0; i < n; ++i) {
    s << (i ? ", " : "") << '"' << random_key(g) << "\": ";
    if (depth > 0 && g() % 3 == 0) s << random_map(g, depth - 1);
    else s << random_scalar(g);
  }
  s << "}";
  return s.str();
}

}  // namespace

TEST_CASE("threshold tables and MP loaders on random documents: a config or a named error", "[mp][fuzz]") {
  SCMP_LOG_SEED();
  std::mt19937_64 g(seed);
  std::ostringstream sink;
  std::streambuf* old = std::cerr.rdbuf(sink.rdbuf());   // the loaders' warnings
  int loaded = 0, rejected = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string doc = random_map(g, 2);
    CAPTURE(doc);
    YAML::Node node;
    try {
      node = YAML::Load(doc);
    } catch (const YAML::Exception&) {
      continue;   // not YAML at all: the file reader reports that before us
    }
    const int which = static_cast<int>(g() % 3);
    try {
      if (which == 0) {
        (void)mp::parse_threshold_table(experiments::param_tree(node), "t");
      } else if (which == 1) {
        YAML::Node cfg = node;
        if (cfg.IsMap() && g() % 2) cfg["levels"] = YAML::Load("[256, 128, 64]");
        const auto c = mp::AdaptiveMPConfig::from_params(experiments::param_tree(cfg), "mp", experiments::policy_limits(8));
        c.validate("mp", 8);
      } else {
        YAML::Node cfg = node;
        if (cfg.IsMap() && g() % 2) cfg["levels"] = YAML::Load("[256, 128]");
        const auto c = mp::FreeBoundaryMPConfig::from_params(experiments::param_tree(cfg), "mp", experiments::policy_limits(8));
        c.validate("mp", 8);
        (void)c.classify({0.0f, 0.5f, 1.0f}, 0, "qk");
      }
      ++loaded;
    } catch (const sim::InvalidArgument& e) {
      CHECK(!e.field().empty());
      ++rejected;
    }
  }
  std::cerr.rdbuf(old);
  INFO(loaded << " loaded, " << rejected << " rejected");
  CHECK(loaded > 0);
  CHECK(rejected > 0);
}
