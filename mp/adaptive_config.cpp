// AdaptiveMPConfig: threshold tables, bucket lookup and classification.
#include "mp/adaptive_config.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "mp/classify.hpp"
#include "mp/levels.hpp"
#include "mp/mp_config.hpp"
#include "mp/params.hpp"
#include "sim/error.hpp"

namespace scmp::mp {

using sim::InvalidArgument;
using sim::to_text;

static int parse_prefixed_int(const std::string& part, char prefix, const std::string& key, const std::string& field) {
  if (part.size() < 2 || part[0] != prefix) {
    throw InvalidArgument(field, key, std::string("expected a bucket key <op>:t<int>:l<int>; part '") + part +
                                          "' must start with '" + prefix + "'");
  }
  std::size_t used = 0;
  int v = -1;
  try {
    v = std::stoi(part.substr(1), &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != part.size() - 1 || v < 0) {
    throw InvalidArgument(field, key, "expected a bucket key <op>:t<int>:l<int> with non-negative integers");
  }
  return v;
}

BucketKey parse_bucket_key(const std::string& key, const std::string& field) {
  std::vector<std::string> parts;
  std::stringstream ss(key);
  std::string part;
  while (std::getline(ss, part, ':')) parts.push_back(part);
  if (!key.empty() && key.back() == ':') parts.push_back("");
  if (parts.size() != 3 || parts[0].empty()) {
    throw InvalidArgument(field, key, "expected a bucket key <op>:t<int>:l<int> (the operator name may not contain ':')");
  }
  return BucketKey{parts[0], parse_prefixed_int(parts[1], 't', key, field), parse_prefixed_int(parts[2], 'l', key, field)};
}

std::string to_string(const BucketKey& k) {
  return k.op + ":t" + std::to_string(k.timestep_bucket) + ":l" + std::to_string(k.layer_bucket);
}

// A threshold entry: [t0, t1, …] or {thresholds: [t0, t1, …]}.
// Extra keys: InvalidArgument, or (ignored != nullptr: the reference's table format) a warning.
static void extra_keys(const ParamReader& p, std::vector<std::string>* ignored) {
  if (ignored == nullptr) return p.reject_unknown();
  for (const auto& k : p.unknown_keys()) {
    warn(p.path(k), p.node(k).text(), "not a key of the threshold-table format; ignored");
    ignored->push_back(p.path(k));
  }
}

static std::vector<double> threshold_entry(const ParamNode& n, const std::string& field,
                                           std::vector<std::string>* ignored = nullptr) {
  if (n.is_map()) {
    ParamReader p(n, field);
    auto t = p.get_double_list("thresholds");
    extra_keys(p, ignored);
    return t;
  }
  return param_double_list(n, field);
}

ThresholdTable parse_threshold_table(const ParamNode& node, const std::string& field) {
  ParamReader p(node, field);
  ThresholdTable t;
  t.levels = p.get_int_list("stoc_len_levels");
  if (p.has("timestep_buckets")) t.timestep_buckets = p.get_int("timestep_buckets");
  else p.node("timestep_buckets");
  if (p.has("layer_buckets")) t.layer_buckets = p.get_int("layer_buckets");
  else p.node("layer_buckets");
  if (const ParamNode& d = p.node("operator_defaults")) {
    if (!d.is_map()) throw InvalidArgument(p.path("operator_defaults"), d.text(), "expected a mapping op → thresholds");
    for (const auto& e : d.entries()) {
      const std::string op = e.key.text_value();
      t.operator_defaults[op] = threshold_entry(e.value, p.path("operator_defaults") + "." + op, &t.ignored_keys);
    }
  }
  if (const ParamNode& b = p.node("buckets")) {
    if (!b.is_map()) throw InvalidArgument(p.path("buckets"), b.text(), "expected a mapping <op>:t<i>:l<j> → thresholds");
    for (const auto& e : b.entries()) {
      const std::string key = e.key.text_value();
      const BucketKey k = parse_bucket_key(key, p.path("buckets"));
      t.buckets[k] = threshold_entry(e.value, p.path("buckets") + "." + key, &t.ignored_keys);
    }
  }
  extra_keys(p, &t.ignored_keys);
  return t;
}

// A number written with max_digits10 (it reads back to the same double), ±.inf and .nan as YAML and JSON readers know them.
static ParamNode number_node(double v) {
  if (std::isnan(v)) return ParamNode::scalar(".nan");
  if (std::isinf(v)) return ParamNode::scalar(v > 0 ? ".inf" : "-.inf");
  std::ostringstream s;
  s.precision(std::numeric_limits<double>::max_digits10);
  s << v;
  return ParamNode::scalar(s.str());
}

static ParamNode thresholds_node(const std::vector<double>& th) {
  ParamNode e = ParamNode::map(), list = ParamNode::sequence();
  for (double v : th) list.push_back(number_node(v));
  e.insert("thresholds", std::move(list));
  return e;
}

ParamNode threshold_table_to_params(const ThresholdTable& t) {
  ParamNode n = ParamNode::map(), levels = ParamNode::sequence(), defaults = ParamNode::map(), buckets = ParamNode::map();
  for (int l : t.levels) levels.push_back(ParamNode::scalar(std::to_string(l)));
  n.insert("stoc_len_levels", std::move(levels));
  n.insert("timestep_buckets", ParamNode::scalar(std::to_string(t.timestep_buckets.value_or(1))));
  n.insert("layer_buckets", ParamNode::scalar(std::to_string(t.layer_buckets.value_or(1))));
  for (const auto& [op, th] : t.operator_defaults) defaults.insert(op, thresholds_node(th));
  n.insert("operator_defaults", std::move(defaults));
  for (const auto& [k, th] : t.buckets) buckets.insert(to_string(k), thresholds_node(th));
  n.insert("buckets", std::move(buckets));
  return n;
}

void AdaptiveMPConfig::validate(const std::string& field, int sc_prec) const {
  validate_levels(field + ".levels", levels, sc_prec, 2);
  if (timestep_buckets < 1) throw InvalidArgument(field + ".timestep_buckets", to_text(timestep_buckets), "expected ≥ 1");
  if (layer_buckets < 1) throw InvalidArgument(field + ".layer_buckets", to_text(layer_buckets), "expected ≥ 1");
  auto known = [&](const std::string& op) {
    if (operators.empty()) return true;
    for (const auto& o : operators) if (o == op) return true;
    return false;
  };
  for (const auto& [op, th] : operator_defaults) {
    if (!known(op)) {
      throw InvalidArgument(field + ".operator_defaults", op, "unknown operator; expected one of " + [&] {
        std::string s; for (const auto& o : operators) s += (s.empty() ? "" : ", ") + o; return s; }());
    }
    validate_thresholds(field + ".operator_defaults." + op, th, levels.size());
  }
  for (const auto& [k, th] : buckets) {
    const std::string key = to_string(k);
    if (!known(k.op)) throw InvalidArgument(field + ".buckets", key, "unknown operator '" + k.op + "'");
    validate_thresholds(field + ".buckets." + key, th, levels.size());
  }
  if (!target_fractions.empty()) validate_fractions(field + ".target_fractions", target_fractions, levels.size());
  for (const auto* m : {&qk_metric, &av_metric, &mlp_metric}) {
    if (!is_row_metric_name(*m)) throw InvalidArgument(field + ".metric", *m, "expected x_row_max, q_row_max or attn_row_max");
  }
  if (target_fractions.empty() && operator_defaults.empty() && buckets.empty()) {
    throw InvalidArgument(field, "no thresholds", "expected operator_defaults, buckets, threshold_table or target_fractions");
  }
}

std::vector<BucketKey> AdaptiveMPConfig::unreachable_buckets() const {
  std::vector<BucketKey> out;
  for (const auto& [k, th] : buckets) {
    if (k.timestep_bucket >= timestep_buckets || k.layer_bucket >= layer_buckets) out.push_back(k);
  }
  return out;
}

void AdaptiveMPConfig::apply_table(const ThresholdTable& table, const std::string& field, bool stated_timestep_buckets,
                                   bool stated_layer_buckets) {
  if (table.levels != levels) {
    throw InvalidArgument(field + ".stoc_len_levels", list_text(table.levels),
                          "expected the config's levels " + list_text(levels) + " exactly");
  }
  const int tb = table.timestep_buckets.value_or(1), lb = table.layer_buckets.value_or(1);
  if (stated_timestep_buckets && tb != timestep_buckets) {
    throw InvalidArgument(field + ".timestep_buckets", to_text(tb),
                          "expected the config's timestep_buckets = " + to_text(timestep_buckets));
  }
  if (stated_layer_buckets && lb != layer_buckets) {
    throw InvalidArgument(field + ".layer_buckets", to_text(lb), "expected the config's layer_buckets = " + to_text(layer_buckets));
  }
  timestep_buckets = tb;
  layer_buckets = lb;
  operator_defaults = table.operator_defaults;   // loading replaces, as in the reference
  buckets = table.buckets;
}

const std::string& AdaptiveMPConfig::metric(const std::string& op) const {
  if (op == "qk") return qk_metric;
  if (op == "av") return av_metric;
  return mlp_metric;
}

const std::vector<double>& AdaptiveMPConfig::thresholds(const std::string& op, int timestep, int total_timesteps,
                                                        int block, int total_blocks) const {
  if (total_timesteps < 1) throw InvalidArgument("ctx.total_timesteps", to_text(total_timesteps), "expected ≥ 1");
  if (total_blocks < 1) throw InvalidArgument("ctx.total_blocks", to_text(total_blocks), "expected ≥ 1");
  if (timestep < 0) throw InvalidArgument("ctx.timestep", to_text(timestep), "expected ≥ 0");
  if (block < 0) throw InvalidArgument("ctx.block", to_text(block), "expected ≥ 0");
  if (!buckets.empty()) {
    const BucketKey k{op, bucket_index(timestep, total_timesteps, timestep_buckets),
                      bucket_index(block, total_blocks, layer_buckets)};
    if (const auto it = buckets.find(k); it != buckets.end()) return it->second;
  }
  if (const auto it = operator_defaults.find(op); it != operator_defaults.end()) return it->second;
  std::string ops;
  for (const auto& [o, t] : operator_defaults) ops += (ops.empty() ? "" : ", ") + o;
  throw InvalidArgument("ctx.op", op.empty() ? "\"\"" : op,
                        "no thresholds for this operator in this bucket and no operator default (defaults exist for: " +
                            (ops.empty() ? std::string("none") : ops) + ")");
}

Assignment AdaptiveMPConfig::classify(const std::vector<float>& metric, const std::string& op, int timestep,
                                      int total_timesteps, int block, int total_blocks) const {
  if (!target_fractions.empty()) return Assignment{sim::Side::a, levels, classify_rows_by_metric(metric, target_fractions)};
  const auto& th = thresholds(op, timestep, total_timesteps, block, total_blocks);
  return Assignment{sim::Side::a, levels, classify_rows_by_thresholds(metric, th)};
}

Assignment AdaptiveMPConfig::assign(const OperatorContext& ctx, const std::string&) const {
  return classify(ctx.row_metric, ctx.op, ctx.timestep, ctx.total_timesteps, ctx.block, ctx.total_blocks);
}

static std::map<std::string, std::vector<double>> read_op_map(const ParamNode& n, const std::string& field) {
  std::map<std::string, std::vector<double>> out;
  if (!n) return out;
  if (!n.is_map()) throw InvalidArgument(field, n.text(), "expected a mapping op → thresholds" + n.where());
  for (const auto& e : n.entries()) out[e.key.text_value()] = threshold_entry(e.value, field + "." + e.key.text_value());
  return out;
}

// A `threshold_table: <path>`: the file is read by the reader the program gave (field names start with the path).
static ThresholdTable read_table_file(const std::string& path, const PolicyLimits& limits) {
  if (!limits.read_threshold_table) {
    throw InvalidArgument("threshold_table", path, "a threshold-table file needs a file reader (PolicyLimits::read_threshold_table)");
  }
  return parse_threshold_table(limits.read_threshold_table(path), path);
}

AdaptiveMPConfig AdaptiveMPConfig::from_params(const ParamNode& node, const std::string& key_path, const PolicyLimits& limits) {
  const int sc_prec = limits.sc_prec;
  ParamReader p(node, key_path);
  p.get_string("impl", "");
  AdaptiveMPConfig c;
  c.levels = p.get_int_list("levels");
  const bool stated_t = p.has("timestep_buckets"), stated_l = p.has("layer_buckets");
  c.timestep_buckets = p.get_int("timestep_buckets", 1);
  c.layer_buckets = p.get_int("layer_buckets", 1);
  if (p.has("operators")) {
    const ParamNode& ops = p.node("operators");
    if (!ops.is_sequence()) throw InvalidArgument(p.path("operators"), ops.text(), "expected a list of operator names");
    for (std::size_t i = 0; i < ops.size(); ++i) c.operators.push_back(param_string(ops[i], p.path("operators")));
  } else {
    p.node("operators");
  }
  c.operator_defaults = read_op_map(p.node("operator_defaults"), p.path("operator_defaults"));
  if (const ParamNode& b = p.node("buckets")) {
    if (!b.is_map()) throw InvalidArgument(p.path("buckets"), b.text(), "expected a mapping <op>:t<i>:l<j> → thresholds");
    for (const auto& e : b.entries()) {
      const std::string key = e.key.text_value();
      c.buckets[parse_bucket_key(key, p.path("buckets"))] = threshold_entry(e.value, p.path("buckets") + "." + key);
    }
  }
  if (p.has("target_fractions")) c.target_fractions = p.get_double_list("target_fractions");
  else p.node("target_fractions");
  c.qk_metric = p.get_string("qk_metric", c.qk_metric);
  c.av_metric = p.get_string("av_metric", c.av_metric);
  c.mlp_metric = p.get_string("mlp_metric", c.mlp_metric);
  if (p.has("threshold_table")) {
    const ParamNode& t = p.node("threshold_table");
    if (!c.operator_defaults.empty() || !c.buckets.empty()) {
      throw InvalidArgument(p.path("threshold_table"), t.text(),
                            "give thresholds either inline (operator_defaults/buckets) or as a table, not both");
    }
    validate_levels(p.path("levels"), c.levels, sc_prec, 2);
    const ThresholdTable table = t.is_map() ? parse_threshold_table(t, p.path("threshold_table"))
                                            : read_table_file(param_string(t, p.path("threshold_table")), limits);
    c.apply_table(table, p.path("threshold_table"), stated_t, stated_l);
  } else {
    p.node("threshold_table");
  }
  p.reject_unknown();
  c.validate(key_path, sc_prec);
  for (const auto& k : c.unreachable_buckets()) {
    warn(p.path("buckets"), to_string(k),
         "bucket index beyond timestep_buckets = " + to_text(c.timestep_buckets) + " / layer_buckets = " +
             to_text(c.layer_buckets) + "; never used (as in the reference)");
  }
  return c;
}

}  // namespace scmp::mp
