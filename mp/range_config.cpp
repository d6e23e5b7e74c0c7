// RangeMPConfig: validation, parameter loading and classification.
#include "mp/range_config.hpp"

#include "mp/classify.hpp"
#include "mp/levels.hpp"
#include "mp/params.hpp"
#include "sim/error.hpp"

namespace scmp::mp {

using sim::InvalidArgument;
using sim::to_text;

double RangeMPConfig::threshold(const std::string& op) const {
  const auto it = operator_thresholds.find(op);
  return it != operator_thresholds.end() ? it->second : base_threshold;
}

void RangeMPConfig::validate(const std::string& field, int sc_prec) const {
  validate_levels(field + ".levels", levels, sc_prec, 2);
  if (!(base_threshold >= 0.0 && base_threshold <= 1.0)) {
    throw InvalidArgument(field + ".base_threshold", to_text(base_threshold), "expected a threshold in [0, 1]");
  }
  for (const auto& [op, t] : operator_thresholds) {
    if (!(t >= 0.0 && t <= 1.0)) {
      throw InvalidArgument(field + ".operator_thresholds." + op, to_text(t), "expected a threshold in [0, 1]");
    }
  }
}

Assignment RangeMPConfig::classify(const sim::Tensor& weight, const std::string& op, const std::string& field) const {
  return Assignment{sim::Side::b, levels,
                    classify_groups_by_range(weight, group_size, threshold(op), static_cast<int>(levels.size()), field)};
}

Assignment RangeMPConfig::assign(const OperatorContext& ctx, const std::string& field) const {
  if (ctx.weight == nullptr) throw InvalidArgument("ctx.weight", "null", "the range policy needs the weight (b)");
  return classify(*ctx.weight, ctx.op, field);
}

RangeMPConfig RangeMPConfig::from_params(const ParamNode& node, const std::string& key_path, const PolicyLimits& limits) {
  ParamReader p(node, key_path);
  p.get_string("impl", "");
  RangeMPConfig c;
  c.levels = p.get_int_list("levels");
  c.base_threshold = p.get_double("base_threshold", c.base_threshold);
  if (const ParamNode& o = p.node("operator_thresholds")) {
    if (!o.is_map()) throw InvalidArgument(p.path("operator_thresholds"), o.text(), "expected a mapping op → threshold");
    for (const auto& e : o.entries()) {
      c.operator_thresholds[e.key.text_value()] = param_double(e.value, p.path("operator_thresholds") + "." + e.key.text_value());
    }
  }
  c.group_size = p.get_int("group_size", c.group_size);
  p.reject_unknown();
  c.validate(key_path, limits.sc_prec);
  return c;
}

}  // namespace scmp::mp
