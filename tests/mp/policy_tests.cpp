// Policies loaded from YAML: exact assignments for every `impl:`, and errors naming the key path and value.
#include "experiments/param_tree_yaml.hpp"
#include "mp/policy.hpp"

#include <cstdio>
#include <fstream>

#include "mp/adaptive_config.hpp"
#include "mp/free_boundary_config.hpp"
#include "sim/error.hpp"
#include "support/catch.hpp"

using namespace scmp;
using V = std::vector<int>;

namespace {
std::unique_ptr<mp::IPolicy> load(const std::string& yaml, int sc_prec = 8) {
  return experiments::make_policy(YAML::Load(yaml), "mp", sc_prec);
}
// Expects InvalidArgument with exactly this field; returns its message.
std::string error_of(const std::string& yaml, const std::string& field, int sc_prec = 8) {
  try {
    (void)load(yaml, sc_prec);
  } catch (const sim::InvalidArgument& e) {
    CHECK(e.field() == field);
    return e.what();
  }
  FAIL("expected InvalidArgument for " << field);
  return "";
}
mp::OperatorContext ctx(const std::string& op, std::vector<float> metric, int t = 0, int T = 1, int b = 0, int B = 1) {
  mp::OperatorContext c;
  c.op = op;
  c.row_metric = std::move(metric);
  c.timestep = t;
  c.total_timesteps = T;
  c.block = b;
  c.total_blocks = B;
  return c;
}
}  // namespace

TEST_CASE("registry lists every policy", "[mp][policy]") {
  const auto names = mp::policy_names();
  for (const char* n : {"uniform", "quantile", "adaptive", "free_boundary", "range", "per_operator", "per_block", "schedule"}) {
    CAPTURE(n);
    CHECK(std::find(names.begin(), names.end(), n) != names.end());
  }
  CHECK(error_of("{impl: magic}", "mp.impl").find("quantile") != std::string::npos);
}

TEST_CASE("quantile policy (MPConfig) from YAML", "[mp][policy]") {
  const auto p = load("{impl: quantile, levels: [256, 128, 64], fractions: [0.4, 0.4, 0.2]}");
  CHECK(p->levels() == V{256, 128, 64});
  CHECK(p->metric("qk") == "q_row_max");
  CHECK(p->metric("av") == "attn_row_max");
  CHECK(p->metric("fc1") == "x_row_max");
  const auto a = p->assign(ctx("fc1", {0.5f, 0.9f, 0.1f, 0.9f, 0.3f}));
  CHECK(a.row_level == V{1, 0, 2, 0, 1});
  CHECK(a.row_stoc_len() == V{128, 256, 64, 256, 128});
  // Default fractions 1/n.
  CHECK(load("{impl: quantile, levels: [64, 32]}")->assign(ctx("x", {1, 2, 3, 4})).row_level == V{1, 1, 0, 0});
  CHECK(load("{impl: quantile, levels: [64, 32], metric: q_row_max}")->metric("fc1") == "q_row_max");
}

TEST_CASE("quantile policy rejects malformed ladders and fractions", "[mp][policy]") {
  const auto msg = error_of("{impl: quantile, levels: [256, 128], fractions: [0.5, 0.4]}", "mp.fractions");
  CHECK(msg.find("[0.5, 0.4]") != std::string::npos);
  error_of("{impl: quantile, levels: [256, 128], fractions: [0.5, 0.5000011]}", "mp.fractions");
  (void)load("{impl: quantile, levels: [256, 128], fractions: [0.5, 0.5000009]}");   // within 1e-6
  error_of("{impl: quantile, levels: [64, 128]}", "mp.levels");                       // ascending
  error_of("{impl: quantile, levels: [128, 128]}", "mp.levels");                      // not strict
  error_of("{impl: quantile, levels: [128, 0]}", "mp.levels[1]");
  error_of("{impl: quantile, levels: [512, 128]}", "mp.levels[0]");                   // > 2^8
  (void)load("{impl: quantile, levels: [512, 128]}", 9);
  // Outside [0, 1] but summing to 1: accepted as by the reference; counts clamp to the rows left (§7.3).
  CHECK(load("{impl: quantile, levels: [128, 64], fractions: [1.5, -0.5]}")->assign(ctx("x", {1, 2, 3, 4})).row_level ==
        V{0, 0, 0, 0});
  CHECK(load("{impl: quantile, levels: [128, 64], fractions: [-0.5, 1.5]}")->assign(ctx("x", {1, 2, 3, 4})).row_level ==
        V{1, 1, 1, 1});
  error_of("{impl: quantile, levels: [128, 64], fractions: [.nan, 1]}", "mp.fractions[0]");
  error_of("{impl: quantile, levels: [128, 64], fractions: [1.0]}", "mp.fractions");
  error_of("{impl: quantile, levels: [128, 64], fraction: [0.5, 0.5]}", "mp.fraction");   // unknown key
  error_of("{impl: quantile, levels: [128, 64], metric: row_mean}", "mp.metric");
  error_of("{impl: quantile, levels: 128}", "mp.levels");
  error_of("{impl: quantile}", "mp.levels");
}

TEST_CASE("uniform policy", "[mp][policy]") {
  const auto p = load("{impl: uniform, stoc_len: 96}");
  CHECK(p->assign(ctx("q", {1, 2, 3})).row_stoc_len() == V{96, 96, 96});
  CHECK(p->metric("q").empty());
  error_of("{impl: uniform, stoc_len: 0}", "mp.stoc_len");
  error_of("{impl: uniform, stoc_len: 300}", "mp.stoc_len");
}

TEST_CASE("adaptive policy: operator defaults and timestep/layer buckets", "[mp][policy]") {
  const std::string yaml = R"({impl: adaptive, levels: [256, 128, 64], timestep_buckets: 2, layer_buckets: 2,
    operator_defaults: {qk: [0.6, 0.3]}, buckets: {"qk:t1:l0": {thresholds: [0.9, 0.8]}}})";
  const auto p = load(yaml);
  const std::vector<float> m{0, 0.7f, 0.85f, 1};
  CHECK(p->assign(ctx("qk", m, 0, 10, 0, 4)).row_level == V{2, 0, 0, 0});   // bucket t0:l0 missing → default
  CHECK(p->assign(ctx("qk", m, 9, 10, 0, 4)).row_level == V{2, 2, 1, 0});   // t1:l0
  CHECK(p->assign(ctx("qk", m, 4, 10, 0, 4)).row_level == V{2, 0, 0, 0});   // 4/9·2 = 0.89 → t0
  CHECK(p->assign(ctx("qk", m, 5, 10, 0, 4)).row_level == V{2, 2, 1, 0});   // 5/9·2 = 1.11 → t1
  CHECK(p->assign(ctx("qk", m, 9, 10, 2, 4)).row_level == V{2, 0, 0, 0});   // layer 2/3·2 = 1.33 → l1: default
  CHECK(p->assign(ctx("qk", {5, 5, 5}, 9, 10, 0, 4)).row_level == V{0, 0, 0});   // degenerate → level 0
  // Unknown operator: error even when the metric is degenerate (§12 bug 28).
  try {
    (void)p->assign(ctx("av", {5, 5, 5}));
    FAIL("expected InvalidArgument");
  } catch (const sim::InvalidArgument& e) {
    CHECK(e.field() == "ctx.op");
    CHECK(e.value() == "av");
  }
  // timestep ≥ total_timesteps and block ≥ total_blocks clamp to the last bucket, as in the reference.
  CHECK(p->assign(ctx("qk", m, 10, 10, 0, 4)).row_level == V{2, 2, 1, 0});
  CHECK(p->assign(ctx("qk", m, 250, 10, 0, 4)).row_level == V{2, 2, 1, 0});
  CHECK(p->assign(ctx("qk", m, 9, 10, 7, 4)).row_level == V{2, 0, 0, 0});    // block 7 of 4 → l1: default
  CHECK_THROWS_AS(p->assign(ctx("qk", m, -1, 10, 0, 4)), sim::InvalidArgument);
  CHECK_THROWS_AS(p->assign(ctx("qk", m, 0, 10, -1, 4)), sim::InvalidArgument);
  CHECK_THROWS_AS(p->assign(ctx("qk", m, 0, 0, 0, 4)), sim::InvalidArgument);
  // target_fractions: quantile path.
  CHECK(load("{impl: adaptive, levels: [256, 64], target_fractions: [0.5, 0.5]}")->assign(ctx("x", {1, 3, 2, 0})).row_level ==
        V{1, 0, 0, 1});
}

TEST_CASE("adaptive policy rejects bad thresholds and bucket keys", "[mp][policy]") {
  error_of("{impl: adaptive, levels: [256, 128, 64], operator_defaults: {qk: [0.3, 0.6]}}", "mp.operator_defaults.qk");
  error_of("{impl: adaptive, levels: [256, 128, 64], operator_defaults: {qk: [1.2, 0.6]}}", "mp.operator_defaults.qk[0]");
  error_of("{impl: adaptive, levels: [256, 128, 64], operator_defaults: {qk: [0.5]}}", "mp.operator_defaults.qk");
  error_of("{impl: adaptive, levels: [256, 128], buckets: {\"qk:x1:l0\": [0.5]}}", "mp.buckets");
  error_of("{impl: adaptive, levels: [256, 128], buckets: {\"qk:t1\": [0.5]}}", "mp.buckets");
  error_of("{impl: adaptive, levels: [256, 128], operators: [qk], operator_defaults: {qv: [0.5]}}", "mp.operator_defaults");
  error_of("{impl: adaptive, levels: [256]}", "mp.levels");
  error_of("{impl: adaptive, levels: [256, 128]}", "mp");   // no thresholds at all
}

TEST_CASE("adaptive policy loads the reference's JSON threshold table", "[mp][policy]") {
  const std::string path = "mp_threshold_table_test.json";
  {
    std::ofstream f(path);
    f << R"({"stoc_len_levels": [256, 128, 64], "timestep_buckets": 2, "layer_buckets": 1,
             "operator_defaults": {"qk": {"thresholds": [0.6, 0.3]}, "av": [0.5, 0.5]},
             "buckets": {"qk:t1:l0": {"thresholds": [0.9, 0.8]}}})";
  }
  const auto p = load("{impl: adaptive, levels: [256, 128, 64], threshold_table: " + path + "}");
  const std::vector<float> m{0, 0.7f, 0.85f, 1};
  CHECK(p->assign(ctx("qk", m, 9, 10)).row_level == V{2, 2, 1, 0});
  CHECK(p->assign(ctx("av", {0, 0.5f, 1})).row_level == V{2, 0, 0});
  // Bucket counts that disagree with the config, or other levels, are errors.
  error_of("{impl: adaptive, levels: [256, 128, 64], timestep_buckets: 4, threshold_table: " + path + "}",
           "mp.threshold_table.timestep_buckets");
  error_of("{impl: adaptive, levels: [256, 128, 32], threshold_table: " + path + "}", "mp.threshold_table.stoc_len_levels");
  std::remove(path.c_str());
  // Inline table node works the same way.
  const auto q = load(R"({impl: adaptive, levels: [64, 32], threshold_table: {stoc_len_levels: [64, 32],
                         operator_defaults: {fc1: [0.5]}}})");
  CHECK(q->assign(ctx("fc1", {0, 1, 2})).row_level == V{1, 0, 0});
  CHECK_THROWS_AS(experiments::read_threshold_table_file("/nonexistent/table.json"), sim::InvalidArgument);
  // Round trip through the writer.
  const auto t = mp::parse_threshold_table(mp::threshold_table_to_params(mp::parse_threshold_table(
      experiments::param_tree(YAML::Load(R"({stoc_len_levels: [64, 32], operator_defaults: {fc1: [0.5]}, buckets: {"fc1:t0:l0": [0.25]}})")), "t")), "t");
  CHECK(t.levels == V{64, 32});
  CHECK(t.buckets.at(mp::BucketKey{"fc1", 0, 0}) == std::vector<double>{0.25});
}

TEST_CASE("free-boundary policy: block passed explicitly, pins and default boundaries", "[mp][policy]") {
  CHECK(mp::FreeBoundaryMPConfig::default_boundaries(2) == std::vector<double>{0.5});
  CHECK(mp::FreeBoundaryMPConfig::default_boundaries(4) == std::vector<double>{0.75, 0.5, 0.25});
  CHECK(mp::FreeBoundaryMPConfig::default_boundaries(3)[0] == static_cast<double>(2.0f / 3.0f));
  const auto p = load(R"({impl: free_boundary, levels: [256, 128, 64],
                          boundaries: {"0:fc1": [0.5, 0.5]}, fixed_levels: {"1:qk": 2}})");
  CHECK(p->assign(ctx("fc1", {0, 0.5f, 1}, 0, 1, 0, 2)).row_level == V{2, 0, 0});   // equal → higher level
  CHECK(p->assign(ctx("qk", {0, 0.5f, 1}, 0, 1, 1, 2)).row_level == V{2, 2, 2});    // pinned in block 1
  CHECK(p->assign(ctx("qk", {0, 0.5f, 1}, 0, 1, 0, 2)).row_level == V{2, 1, 0});    // defaults [2/3, 1/3]
  CHECK(p->assign(ctx("fc1", {7, 7}, 0, 1, 0, 2)).row_level == V{0, 0});            // degenerate
  CHECK_THROWS_AS(p->assign(ctx("fc1", {0, 1}, 0, 1, 2, 2)), sim::InvalidArgument);  // block outside 0..1
  error_of("{impl: free_boundary, levels: [256, 128], fixed_levels: {\"0:qk\": 2}}", "mp.fixed_levels.0:qk");
  error_of("{impl: free_boundary, levels: [256, 128], boundaries: {\"x:qk\": [0.5]}}", "mp.boundaries");
  error_of("{impl: free_boundary, levels: [256, 128, 64], boundaries: {\"0:qk\": [0.2, 1.4]}}", "mp.boundaries.0:qk[1]");
  error_of("{impl: free_boundary, levels: [256, 128, 64], boundaries: {\"0:qk\": [0.2]}}", "mp.boundaries.0:qk");
}

TEST_CASE("range policy assigns rows of the weight (side b)", "[mp][policy]") {
  const auto p = load("{impl: range, levels: [256, 128, 64], base_threshold: 0.3, operator_thresholds: {o: 0.0}}");
  CHECK(p->side() == sim::Side::b);
  const sim::Tensor w({4, 2}, {0, 1, 0, 2, 0, 3, 0, 5});
  mp::OperatorContext c = ctx("fc1", {});
  c.weight = &w;
  const auto a = p->assign(c);
  CHECK(a.side == sim::Side::b);
  CHECK(a.row_level == V{2, 1, 0, 0});
  c.op = "o";   // threshold 0 → every boundary 0 → level 0
  CHECK(p->assign(c).row_level == V{0, 0, 0, 0});
  const auto g = load("{impl: range, levels: [256, 128], group_size: 3}");
  try {
    (void)g->assign(c);
    FAIL("expected InvalidArgument");
  } catch (const sim::InvalidArgument& e) {
    CHECK(e.field() == "mp.group_size");
  }
  error_of("{impl: range, levels: [256, 128], base_threshold: 1.5}", "mp.base_threshold");
  CHECK_THROWS_AS(load("{impl: range, levels: [256, 128]}")->assign(ctx("x", {1})), sim::InvalidArgument);   // no weight
}

TEST_CASE("per-operator, per-block and schedule policies delegate", "[mp][policy]") {
  const auto p = load(R"({impl: per_operator, operators: {qk: {impl: uniform, stoc_len: 64}},
                          default: {impl: quantile, levels: [128, 32], fractions: [0.5, 0.5]}})");
  CHECK(p->levels() == V{128, 64, 32});
  CHECK(p->assign(ctx("qk", {1, 2})).row_stoc_len() == V{64, 64});
  CHECK(p->assign(ctx("fc1", {1, 2})).row_stoc_len() == V{32, 128});
  CHECK_THROWS_AS(load("{impl: per_operator, operators: {qk: {impl: uniform, stoc_len: 64}}}")->assign(ctx("fc1", {1})),
                  sim::InvalidArgument);
  error_of("{impl: per_operator, operators: {qk: {impl: uniform, stoc_len: 0}}}", "mp.operators.qk.stoc_len");

  const auto b = load("{impl: per_block, blocks: {1: {impl: uniform, stoc_len: 32}}, default: {impl: uniform, stoc_len: 128}}");
  CHECK(b->assign(ctx("x", {1}, 0, 1, 1, 3)).row_stoc_len() == V{32});
  CHECK(b->assign(ctx("x", {1}, 0, 1, 2, 3)).row_stoc_len() == V{128});

  const auto s = load(R"({impl: schedule, steps: [{from: 0, policy: {impl: uniform, stoc_len: 256}},
                                                 {from: 10, policy: {impl: uniform, stoc_len: 64}}]})");
  CHECK(s->assign(ctx("x", {1}, 9, 50)).row_stoc_len() == V{256});
  CHECK(s->assign(ctx("x", {1}, 10, 50)).row_stoc_len() == V{64});
  error_of("{impl: schedule, steps: [{from: 3, policy: {impl: uniform, stoc_len: 8}}]}", "mp.steps[0].from");
  error_of(R"({impl: schedule, steps: [{from: 0, policy: {impl: uniform, stoc_len: 8}},
                                       {from: 0, policy: {impl: uniform, stoc_len: 8}}]})", "mp.steps[1].from");
}

TEST_CASE("a missing required key names the misspelt key beside it", "[mp][policy]") {
  // Reliability audit: {impl: uniform, foo: 1} used to report only the missing stoc_len, never foo.
  const std::string msg = error_of("{impl: uniform, foo: 1}", "mp.stoc_len");
  CHECK(msg.find("foo") != std::string::npos);
  CHECK(msg.find("misspelt") != std::string::npos);
  // Without other keys the message stays as it was.
  CHECK(error_of("{impl: uniform}", "mp.stoc_len").find("misspelt") == std::string::npos);
}
