// The Python entry points' argument parsing (args.hpp): plain C++ over Value, shared by the extension and the
// libFuzzer target fuzz/fuzz_python_args.cpp.
#include "args.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include <yaml-cpp/yaml.h>

#include "experiments/param_tree_yaml.hpp"
#include "experiments/rng_params_yaml.hpp"
#include "mp/adaptive_config.hpp"
#include "mp/classify.hpp"
#include "mp/free_boundary_config.hpp"
#include "mp/mp_config.hpp"
#include "mp/range_config.hpp"
#include "sim/error.hpp"
#include "sim/matmul/backend.hpp"
#include "sim/sng/rng_builders.hpp"

namespace scmp::python {

using sim::InvalidArgument;

const Value* Value::find(const std::string& key) const {
  const auto* d = std::get_if<Dict>(&v);
  if (d == nullptr) return nullptr;
  const Value* hit = nullptr;
  for (const auto& [k, value] : *d) {
    if (k == key) hit = &value;  // the last one, as a Python dict built from pairs
  }
  return hit;
}

std::string type_name(const Value& value) {
  static const char* names[] = {"NoneType", "bool", "int", "float", "str", "list", "dict"};
  return names[value.v.index()];
}

namespace {

std::string float_text(double d, bool json) {
  if (std::isnan(d)) return json ? "NaN" : "nan";
  if (std::isinf(d)) return d > 0 ? (json ? "Infinity" : "inf") : (json ? "-Infinity" : "-inf");
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";  // Python writes 1.0, not 1
  return s;
}

void quote(std::string& out, const std::string& s, char q) {
  out += q;
  for (const unsigned char c : s) {
    if (c == static_cast<unsigned char>(q) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += q == '"' ? "\\u00" : "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += q;
}

void write(std::string& out, const Value& value, bool json, int depth) {
  if (depth > 200) throw InvalidArgument("argument", "<nested deeper than 200>", "expected at most 200 levels of nesting");
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += json ? "null" : "None";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += x ? (json ? "true" : "True") : (json ? "false" : "False");
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          out += std::to_string(x);
        } else if constexpr (std::is_same_v<T, double>) {
          out += float_text(x, json);
        } else if constexpr (std::is_same_v<T, std::string>) {
          quote(out, x, json ? '"' : '\'');
        } else if constexpr (std::is_same_v<T, List>) {
          out += '[';
          for (std::size_t i = 0; i < x.size(); ++i) {
            if (i) out += ", ";
            write(out, x[i], json, depth + 1);
          }
          out += ']';
        } else {
          out += '{';
          for (std::size_t i = 0; i < x.size(); ++i) {
            if (i) out += ", ";
            quote(out, x[i].first, json ? '"' : '\'');
            out += ": ";
            write(out, x[i].second, json, depth + 1);
          }
          out += '}';
        }
      },
      value.v);
}

}  // namespace

std::string repr(const Value& value) {
  std::string out;
  write(out, value, false, 0);
  return out;
}

std::string to_json(const Value& value) {
  std::string out;
  write(out, value, true, 0);
  return out;
}

// ---- arrays ----

std::string device_text(const ArrayDesc& x) {
  switch (x.device_type) {
    case dl_cpu: return "cpu";
    case dl_cuda: return "cuda:" + std::to_string(x.device_id);
    case dl_cuda_managed: return "cuda_managed:" + std::to_string(x.device_id);
    default: return "dlpack device type " + std::to_string(x.device_type);
  }
}

std::vector<std::int64_t> checked_shape(const ArrayDesc& x, const std::string& name, bool allow_1d) {
  if (x.dtype_code != 2 || x.dtype_bits != 32 || x.dtype_lanes != 1) {
    throw TypeError(name + ".dtype = code " + std::to_string(x.dtype_code) + " bits " + std::to_string(x.dtype_bits) +
                    ": expected float32 (cast with .float() / .astype(np.float32))");
  }
  const std::vector<std::int64_t>& shape = x.shape;
  const std::size_t ndim = shape.size();
  const std::size_t lo = allow_1d ? 1 : 2, hi = allow_1d ? 1 : 3;
  if (ndim < lo || ndim > hi) {
    throw InvalidArgument(name + ".shape", sim::shape_text(shape),
                          allow_1d ? "expected a 1-D array" : "expected a 2-D (rows, D) or 3-D (B, rows, D) array");
  }
  if (x.strides.size() != ndim) {
    throw InvalidArgument(name + ".strides", std::to_string(x.strides.size()) + " strides for shape " + sim::shape_text(shape),
                          "expected one stride per dimension");
  }
  std::int64_t expect = 1;
  for (std::size_t i = ndim; i-- > 0;) {
    if (shape[i] <= 0) throw InvalidArgument(name + ".shape", sim::shape_text(shape), "expected non-empty dimensions");
    if (shape[i] != 1 && x.strides[i] != expect) {
      throw InvalidArgument(name + ".strides", "non-contiguous view of shape " + sim::shape_text(shape),
                            "expected a row-major contiguous array (use .contiguous() or np.ascontiguousarray)");
    }
    // A DLPack producer may declare any shape: the element count (and its bytes) must be representable.
    if (__builtin_mul_overflow(expect, shape[i], &expect) || expect > std::numeric_limits<std::int64_t>::max() / 4) {
      throw InvalidArgument(name + ".shape", sim::shape_text(shape), "expected an element count whose size in bytes fits in 63 bits");
    }
  }
  return shape;
}

void require_host(const ArrayDesc& x, const std::string& name) {
  if (x.device_type != dl_cpu) {
    throw InvalidArgument(name + ".device", device_text(x),
                          "expected host memory here (device arrays are never copied to the host implicitly)");
  }
}

// ---- typed reads of one argument ----

namespace {

[[noreturn]] void wrong_type(const std::string& name, const Value& v, const std::string& expected) {
  std::string shown = repr(v);
  if (shown.size() > 80) shown = shown.substr(0, 80) + "…";
  throw TypeError(name + " = " + shown + ": expected " + expected);
}

std::int64_t get_int64(const std::string& name, const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v.v)) return *i;
  wrong_type(name, v, "an integer");
}

int get_int(const std::string& name, const Value& v) {
  const std::int64_t i = get_int64(name, v);
  if (i < std::numeric_limits<int>::min() || i > std::numeric_limits<int>::max()) {
    throw InvalidArgument(name, std::to_string(i), "expected an integer in 32-bit range");
  }
  return static_cast<int>(i);
}

std::optional<int> get_optional_int(const std::string& name, const Value& v) {
  if (v.is_none()) return std::nullopt;
  return get_int(name, v);
}

bool get_bool(const std::string& name, const Value& v) {
  if (const auto* b = std::get_if<bool>(&v.v)) return *b;
  wrong_type(name, v, "a bool");
}

const std::string& get_string(const std::string& name, const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v.v)) return *s;
  wrong_type(name, v, "a string");
}

const List& get_list(const std::string& name, const Value& v) {
  if (const auto* l = std::get_if<List>(&v.v)) return *l;
  wrong_type(name, v, "a list");
}

std::vector<int> get_int_list(const std::string& name, const Value& v) {
  std::vector<int> out;
  if (v.is_none()) return out;
  const List& l = get_list(name, v);
  out.reserve(l.size());
  for (std::size_t i = 0; i < l.size(); ++i) out.push_back(get_int(name + "[" + std::to_string(i) + "]", l[i]));
  return out;
}

// YAML of a Value (the JSON text yaml-cpp reads like Python's json.dumps output).
YAML::Node yaml_of(const std::string& name, const Value& v) {
  if (std::holds_alternative<std::string>(v.v)) {
    const std::string& text = std::get<std::string>(v.v);
    return text.empty() ? YAML::Node(YAML::NodeType::Map) : YAML::Load(text);
  }
  if (std::holds_alternative<Dict>(v.v)) return YAML::Load(to_json(v));
  wrong_type(name, v, "a mapping or its JSON/YAML text");
}

// The reference's int(x): integers and bools; integral finite floats; decimal integer strings.
std::int64_t ref_int(const std::string& name, const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v.v)) return *i;
  if (const auto* b = std::get_if<bool>(&v.v)) return *b ? 1 : 0;
  if (const auto* d = std::get_if<double>(&v.v)) {
    if (std::isfinite(*d) && std::fabs(*d) < 9.2e18) return static_cast<std::int64_t>(*d);  // int() truncates
    throw InvalidArgument(name, repr(v), "expected an integer");
  }
  if (const auto* s = std::get_if<std::string>(&v.v)) {
    std::int64_t out = 0;
    const auto r = std::from_chars(s->data(), s->data() + s->size(), out);
    if (r.ec == std::errc() && r.ptr == s->data() + s->size() && !s->empty()) return out;
    throw InvalidArgument(name, repr(v), "expected an integer");
  }
  wrong_type(name, v, "an integer");
}

Value ref_int_list(const std::string& name, const Value& v) {
  List out;
  const List& l = get_list(name, v);
  for (std::size_t i = 0; i < l.size(); ++i) out.emplace_back(ref_int(name + "[" + std::to_string(i) + "]", l[i]));
  return out;
}

const Dict& get_dict(const std::string& name, const Value& v, const std::string& expected) {
  if (const auto* d = std::get_if<Dict>(&v.v)) return *d;
  wrong_type(name, v, expected);
}

// d.get(key) that is not None.
const Value* present(const Value& d, const std::string& key) {
  const Value* v = d.find(key);
  return (v != nullptr && !v->is_none()) ? v : nullptr;
}

}  // namespace

std::string reference_config_yaml(const Value& config, std::int64_t sc_prec) {
  if (!std::holds_alternative<Dict>(config.v) || config.find("rng_pool") == nullptr || config.find("sng") == nullptr) {
    throw InvalidArgument("config", repr(config).substr(0, 80), "expected the reference's dict with 'rng_pool' and 'sng'");
  }
  List pool;
  const List& rngs = get_list("config.rng_pool", *config.find("rng_pool"));
  for (std::size_t i = 0; i < rngs.size(); ++i) {
    const std::string where = "config.rng_pool[" + std::to_string(i) + "]";
    get_dict(where, rngs[i], "a mapping with 'type'");
    const Value* kind = rngs[i].find("type");
    const std::string k = (kind != nullptr && std::holds_alternative<std::string>(kind->v)) ? std::get<std::string>(kind->v) : "";
    Dict spec;
    if (k == "sobol") {
      const Value* seed_type = rngs[i].find("seed_type");
      spec = {{"kind", "sobol"}, {"bits", sc_prec}, {"seed_type", seed_type != nullptr ? *seed_type : Value("q")}};
      if (const Value* s = present(rngs[i], "seed")) spec.emplace_back("sobol_seed", ref_int_list(where + ".seed", *s));
    } else if (k == "lfsr") {
      const Value* s = rngs[i].find("seed");
      if (s == nullptr) throw InvalidArgument(where + ".seed", "<missing>", "expected the LFSR's integer seed");
      spec = {{"kind", "lfsr"}, {"bits", sc_prec}, {"seed", ref_int(where + ".seed", *s)}};
      if (const Value* t = present(rngs[i], "taps")) spec.emplace_back("taps", ref_int_list(where + ".taps", *t));
    } else if (k == "true_random") {
      const Value* s = rngs[i].find("seed");
      spec = {{"kind", "true_random"}, {"bits", sc_prec}, {"seed", s != nullptr ? ref_int(where + ".seed", *s) : 0}};
    } else {
      throw InvalidArgument(where + ".type", kind != nullptr ? repr(*kind) : "None", "expected sobol | lfsr | true_random");
    }
    pool.emplace_back(std::move(spec));
  }
  Dict out{{"name", "reference_config"}, {"pool", std::move(pool)}};
  const Value& sng = *config.find("sng");
  get_dict("config.sng", sng, "a mapping with 'q' and 'k'");
  for (const auto& [ref_side, side] : {std::pair<const char*, const char*>{"q", "a"}, {"k", "b"}}) {
    const std::string where = std::string("config.sng.") + ref_side;
    const Value* entries = sng.find(ref_side);
    if (entries == nullptr) throw InvalidArgument(where, "<missing>", "expected a list of SNG entries {rng_id, scramble}");
    List lanes;
    const List& l = get_list(where, *entries);
    for (std::size_t i = 0; i < l.size(); ++i) {
      const std::string at = where + "[" + std::to_string(i) + "]";
      get_dict(at, l[i], "a mapping with 'rng_id'");
      const Value* id = l[i].find("rng_id");
      if (id == nullptr) throw InvalidArgument(at + ".rng_id", "<missing>", "expected the index of an RNG of rng_pool");
      Dict lane{{"rng_id", ref_int(at + ".rng_id", *id)}};
      if (const Value* s = present(l[i], "scramble")) lane.emplace_back("permutation", ref_int_list(at + ".scramble", *s));
      lanes.emplace_back(std::move(lane));
    }
    out.emplace_back(side, std::move(lanes));
  }
  return to_json(Value(std::move(out)));
}

sim::MatmulOptions matmul_options(const Dict& kwargs, std::int64_t lanes) {
  sim::MatmulOptions o;
  const Value none;
  std::string rng = "sobol_simple";
  std::uint64_t rng_seed = 0;
  const Value* config = &none;
  const Value* rng_params = &none;
  for (const auto& [key, v] : kwargs) {
    if (key == "granularity") o.granularity = sim::parse_granularity(get_string(key, v));
    else if (key == "mode") o.mode = sim::parse_mode(get_string(key, v));
    else if (key == "sc_prec") o.sc_prec = get_int(key, v);
    else if (key == "stoc_len") o.stoc_len = get_optional_int(key, v);
    else if (key == "rng_levels") o.rng_levels = get_optional_int(key, v);
    else if (key == "halve") o.halve = get_bool(key, v);
    else if (key == "chunk_d") o.chunk_d = std::max(0, get_int(key, v));  // the reference treats < 0 as 0
    else if (key == "group_a") o.group_a = get_int(key, v);
    else if (key == "group_b") o.group_b = get_int(key, v);
    else if (key == "smooth_scales") {
      if (v.is_none()) {
        o.smooth_scales.reset();
      } else {
        std::vector<float> s;
        for (const auto& e : get_list(key, v)) {
          if (const auto* d = std::get_if<double>(&e.v)) s.push_back(static_cast<float>(*d));
          else if (const auto* i = std::get_if<std::int64_t>(&e.v)) s.push_back(static_cast<float>(*i));
          else wrong_type(key + "[" + std::to_string(s.size()) + "]", e, "a number");
        }
        o.smooth_scales = std::move(s);
      }
    } else if (key == "scramble") o.scramble.family = sim::parse_mask_family(get_string(key, v));
    else if (key == "scramble_rescale") o.scramble.rescale = get_bool(key, v);
    else if (key == "scramble_seed" || key == "rng_seed") {
      const std::int64_t s = get_int64(key, v);
      if (s < 0) throw InvalidArgument(key, std::to_string(s), "expected a non-negative integer");
      (key == "rng_seed" ? rng_seed : o.scramble.seed) = static_cast<std::uint64_t>(s);
    } else if (key == "multiplier") o.multiplier = sim::parse_multiplier(get_string(key, v));
    else if (key == "threads") o.threads = get_int(key, v);
    else if (key == "activity") o.activity = sim::parse_activity_mode(get_string(key, v));
    else if (key == "activity_sample_rows") {
      o.activity_sample_rows = get_int(key, v);
      sim::require_range(key, o.activity_sample_rows, 1, 1 << 30);  // as sc_matmul checks it (sampled)
    }
    else if (key == "row_stoc_len_a") o.row_stoc_len_a = get_int_list(key, v);
    else if (key == "row_stoc_len_b") o.row_stoc_len_b = get_int_list(key, v);
    else if (key == "config") config = &v;
    else if (key == "rng") rng = get_string(key, v);
    else if (key == "rng_params") rng_params = &v;
    else if (key == "backend") {
      const std::string& name = get_string(key, v);
      if (name != "auto") {
        sim::find_backend(name);  // unknown names fail here, naming the known ones
        o.backend = name;
      }
    } else {
      throw TypeError("sc_matmul() got an unexpected keyword argument '" + key + "'");
    }
  }
  if (!config->is_none()) {
    const std::string text = std::holds_alternative<std::string>(config->v) ? std::get<std::string>(config->v)
                                                                             : reference_config_yaml(*config, o.sc_prec);
    o.rng = experiments::rng_config_from_yaml(text);
  } else if (rng != "sobol_simple" || !rng_params->is_none()) {
    // The builder's own check (lanes in 1..2^24), before the int64 → int narrowing: 2^32 + 8 lanes must not
    // pass as 8.
    sim::require_range("lanes", lanes, std::int64_t{1}, std::int64_t{1} << 24);
    const YAML::Node params = rng_params->is_none() ? YAML::Node(YAML::NodeType::Map) : yaml_of("rng_params", *rng_params);
    o.rng = sim::build_rng_config(rng, static_cast<int>(lanes), o.sc_prec, experiments::rng_params_from_node(params, "rng_params"),
                                  rng_seed);
  }
  return o;
}

// ---- scmp.mp ----

void mp_validate(const std::string& kind, const std::string& config_text, int sc_prec) {
  const mp::ParamNode node = experiments::param_tree(YAML::Load(config_text));
  const mp::PolicyLimits limits = experiments::policy_limits(sc_prec);
  if (kind == "quantile") mp::MPConfig::from_params(node, "MPConfig", limits);
  else if (kind == "adaptive") mp::AdaptiveMPConfig::from_params(node, "AdaptiveMPConfig", limits);
  else if (kind == "free_boundary") mp::FreeBoundaryMPConfig::from_params(node, "FreeBoundaryMPConfig", limits);
  else if (kind == "range") mp::RangeMPConfig::from_params(node, "RangeMPConfig", limits);
  else throw InvalidArgument("kind", kind, "expected quantile | adaptive | free_boundary | range");
}

mp::Assignment mp_classify(const std::string& kind, const std::string& config_text, int sc_prec, const sim::Tensor& operand,
                           const std::string& op, int timestep, int total_timesteps, int block, int total_blocks) {
  const mp::ParamNode node = experiments::param_tree(YAML::Load(config_text));
  const mp::PolicyLimits limits = experiments::policy_limits(sc_prec);
  if (kind == "range") {
    if (operand.rank() != 2) throw InvalidArgument("weight.shape", sim::shape_text(operand), "expected a 2-D (out, in) weight");
    return mp::RangeMPConfig::from_params(node, "RangeMPConfig", limits).classify(operand, op, "RangeMPConfig");
  }
  const std::vector<float>& metric = operand.data;
  if (kind == "quantile") return mp::MPConfig::from_params(node, "MPConfig", limits).classify(metric);
  if (kind == "adaptive") {
    return mp::AdaptiveMPConfig::from_params(node, "AdaptiveMPConfig", limits).classify(metric, op, timestep, total_timesteps, block, total_blocks);
  }
  if (kind == "free_boundary") return mp::FreeBoundaryMPConfig::from_params(node, "FreeBoundaryMPConfig", limits).classify(metric, block, op);
  throw InvalidArgument("kind", kind, "expected quantile | adaptive | free_boundary | range");
}

std::unique_ptr<mp::IPolicy> make_policy(const std::string& text, int sc_prec) {
  return experiments::make_policy(YAML::Load(text), "mp", sc_prec);
}

mp::Assignment policy_assign(const mp::IPolicy& policy, const std::optional<std::vector<float>>& row_metric,
                             const sim::Tensor* weight, const std::string& op, const std::vector<std::int64_t>& macs_per_row,
                             int timestep, int total_timesteps, int block, int total_blocks) {
  mp::OperatorContext ctx;
  ctx.op = op;
  if (row_metric) ctx.row_metric = *row_metric;
  ctx.weight = weight;
  ctx.macs_per_row = macs_per_row;
  ctx.timestep = timestep;
  ctx.total_timesteps = total_timesteps;
  ctx.block = block;
  ctx.total_blocks = total_blocks;
  return policy.assign(ctx);
}

}  // namespace scmp::python
