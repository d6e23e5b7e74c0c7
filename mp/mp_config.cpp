// MPConfig: validation, parameter loading and the quantile split.
#include "mp/mp_config.hpp"

#include "mp/classify.hpp"
#include "mp/levels.hpp"
#include "mp/params.hpp"
#include "sim/error.hpp"

namespace scmp::mp {

bool is_row_metric_name(const std::string& name) {
  return name == "x_row_max" || name == "q_row_max" || name == "attn_row_max";
}

static void check_metric(const std::string& field, const std::string& name) {
  if (!is_row_metric_name(name)) {
    throw sim::InvalidArgument(field, name, "expected a row metric: x_row_max, q_row_max or attn_row_max");
  }
}

void MPConfig::validate(const std::string& field, int sc_prec) {
  validate_levels(field + ".levels", levels, sc_prec, 1);
  if (fractions.empty()) fractions.assign(levels.size(), 1.0 / static_cast<double>(levels.size()));
  validate_fractions(field + ".fractions", fractions, levels.size());
  check_metric(field + ".qk_metric", qk_metric);
  check_metric(field + ".av_metric", av_metric);
  check_metric(field + ".mlp_metric", mlp_metric);
}

const std::string& MPConfig::metric(const std::string& op) const {
  if (op == "qk") return qk_metric;
  if (op == "av") return av_metric;
  return mlp_metric;
}

Assignment MPConfig::classify(const std::vector<float>& metric) const {
  return Assignment{sim::Side::a, levels, classify_rows_by_metric(metric, fractions)};
}

Assignment MPConfig::assign(const OperatorContext& ctx, const std::string&) const { return classify(ctx.row_metric); }

MPConfig MPConfig::from_params(const ParamNode& node, const std::string& key_path, const PolicyLimits& limits) {
  ParamReader p(node, key_path);
  p.get_string("impl", "");
  MPConfig c;
  c.levels = p.get_int_list("levels");
  if (p.has("fractions")) c.fractions = p.get_double_list("fractions");
  else p.node("fractions");
  if (p.has("metric")) {
    const std::string m = p.get_string("metric");
    check_metric(p.path("metric"), m);
    c.qk_metric = c.av_metric = c.mlp_metric = m;
  } else {
    p.node("metric");
  }
  c.qk_metric = p.get_string("qk_metric", c.qk_metric);
  c.av_metric = p.get_string("av_metric", c.av_metric);
  c.mlp_metric = p.get_string("mlp_metric", c.mlp_metric);
  p.reject_unknown();
  c.validate(key_path, limits.sc_prec);
  return c;
}

}  // namespace scmp::mp
