// FreeBoundaryMPConfig: boundaries, pins and classification.
#include "mp/free_boundary_config.hpp"

#include "mp/classify.hpp"
#include "mp/levels.hpp"
#include "mp/mp_config.hpp"
#include "mp/params.hpp"
#include "sim/error.hpp"

namespace scmp::mp {

using sim::InvalidArgument;
using sim::to_text;

std::vector<double> FreeBoundaryMPConfig::default_boundaries(int k) {
  std::vector<double> b;
  for (int i = 0; i + 1 < k; ++i) b.push_back(static_cast<double>(static_cast<float>(static_cast<double>(k - 1 - i) / k)));
  return b;
}

std::vector<double> FreeBoundaryMPConfig::get_boundaries(int block, const std::string& op) const {
  if (const auto it = boundaries.find({block, op}); it != boundaries.end()) return it->second;
  return default_boundaries(static_cast<int>(levels.size()));
}

void FreeBoundaryMPConfig::set_boundaries(int block, const std::string& op, std::vector<double> b) {
  validate_boundaries("boundaries." + to_text(block) + ":" + op, b, levels.size());
  fixed_levels.erase({block, op});
  boundaries[{block, op}] = std::move(b);
}

void FreeBoundaryMPConfig::set_fixed_level(int block, const std::string& op, int level) {
  sim::require_range("fixed_levels." + to_text(block) + ":" + op, level, 0, static_cast<int>(levels.size()) - 1);
  boundaries.erase({block, op});
  fixed_levels[{block, op}] = level;
}

void FreeBoundaryMPConfig::clear_fixed_level(int block, const std::string& op) { fixed_levels.erase({block, op}); }

void FreeBoundaryMPConfig::validate(const std::string& field, int sc_prec) const {
  validate_levels(field + ".levels", levels, sc_prec, 2);
  for (const auto& [k, b] : boundaries) {
    validate_boundaries(field + ".boundaries." + to_text(k.first) + ":" + k.second, b, levels.size());
  }
  for (const auto& [k, l] : fixed_levels) {
    sim::require_range(field + ".fixed_levels." + to_text(k.first) + ":" + k.second, l, 0,
                       static_cast<int>(levels.size()) - 1);
  }
  if (!is_row_metric_name(metric_name)) {
    throw InvalidArgument(field + ".metric", metric_name, "expected x_row_max, q_row_max or attn_row_max");
  }
}

std::vector<FreeBoundaryMPConfig::Key> FreeBoundaryMPConfig::shadowed_keys() const {
  std::vector<Key> out;
  for (const auto& [k, b] : boundaries) {
    if (fixed_levels.count(k)) out.push_back(k);
  }
  return out;
}

Assignment FreeBoundaryMPConfig::classify(const std::vector<float>& metric, int block, const std::string& op) const {
  if (const auto it = fixed_levels.find({block, op}); it != fixed_levels.end()) {
    return Assignment{sim::Side::a, levels, std::vector<int>(metric.size(), it->second)};
  }
  return Assignment{sim::Side::a, levels, classify_rows_by_boundaries(metric, get_boundaries(block, op))};
}

static FreeBoundaryMPConfig::Key parse_block_key(const std::string& key, const std::string& field) {
  const auto colon = key.find(':');
  std::size_t used = 0;
  int block = -1;
  if (colon != std::string::npos && colon > 0 && colon + 1 < key.size()) {
    try {
      block = std::stoi(key.substr(0, colon), &used);
    } catch (const std::exception&) {
      used = 0;
    }
  }
  if (colon == std::string::npos || used != colon || block < 0 || key.find(':', colon + 1) != std::string::npos) {
    throw InvalidArgument(field, key, "expected a key <block>:<op> (block a non-negative integer)");
  }
  return {block, key.substr(colon + 1)};
}

Assignment FreeBoundaryMPConfig::assign(const OperatorContext& ctx, const std::string&) const {
  if (ctx.total_blocks < 1) throw InvalidArgument("ctx.total_blocks", to_text(ctx.total_blocks), "expected ≥ 1");
  sim::require_range("ctx.block", ctx.block, 0, ctx.total_blocks - 1);
  return classify(ctx.row_metric, ctx.block, ctx.op);
}

FreeBoundaryMPConfig FreeBoundaryMPConfig::from_params(const ParamNode& node, const std::string& key_path, const PolicyLimits& limits) {
  ParamReader p(node, key_path);
  p.get_string("impl", "");
  FreeBoundaryMPConfig c;
  c.levels = p.get_int_list("levels");
  if (const ParamNode& b = p.node("boundaries")) {
    if (!b.is_map()) throw InvalidArgument(p.path("boundaries"), b.text(), "expected a mapping <block>:<op> → boundaries");
    for (const auto& e : b.entries()) {
      const std::string key = e.key.text_value();
      c.boundaries[parse_block_key(key, p.path("boundaries"))] = param_double_list(e.value, p.path("boundaries") + "." + key);
    }
  }
  if (const ParamNode& f = p.node("fixed_levels")) {
    if (!f.is_map()) throw InvalidArgument(p.path("fixed_levels"), f.text(), "expected a mapping <block>:<op> → level index");
    for (const auto& e : f.entries()) {
      const std::string key = e.key.text_value();
      c.fixed_levels[parse_block_key(key, p.path("fixed_levels"))] = param_int(e.value, p.path("fixed_levels") + "." + key);
    }
  }
  c.metric_name = p.get_string("metric", c.metric_name);
  p.reject_unknown();
  c.validate(key_path, limits.sc_prec);
  for (const auto& k : c.shadowed_keys()) {
    warn(p.path("boundaries"), to_text(k.first) + ":" + k.second, "also in fixed_levels, which wins (as in the reference)");
  }
  return c;
}

}  // namespace scmp::mp
