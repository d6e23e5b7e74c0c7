// YAML (de)serialisation of RNG configurations and builder parameters.
#include "sim/sng/rng_config_yaml.hpp"

#include <algorithm>
#include <set>

#include "sim/error.hpp"

namespace scmp::sim {

namespace {

std::string where(const YAML::Node& n, const std::string& path) {
  const auto m = n.Mark();
  if (m.line < 0) return path;
  return path + " (line " + std::to_string(m.line + 1) + ", col " + std::to_string(m.column + 1) + ")";
}

std::string dump(const YAML::Node& n) {
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

void check_keys(const YAML::Node& n, const std::string& path, const std::set<std::string>& allowed) {
  if (!n.IsMap()) throw InvalidArgument(where(n, path), dump(n), "expected a map");
  for (const auto& kv : n) {
    const auto key = kv.first.as<std::string>();
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      throw InvalidArgument(where(kv.first, path + "." + key), dump(kv.second), "unknown key; expected one of " + list);
    }
  }
}

template <class T>
T scalar(const YAML::Node& n, const std::string& path, const char* what) {
  try {
    if (!n.IsScalar()) throw YAML::Exception(n.Mark(), "");
    return n.as<T>();
  } catch (const YAML::Exception&) {
    throw InvalidArgument(where(n, path), dump(n), std::string("expected ") + what);
  }
}

template <class T>
std::vector<T> int_list(const YAML::Node& n, const std::string& path) {
  if (!n.IsSequence()) throw InvalidArgument(where(n, path), dump(n), "expected a list of integers");
  std::vector<T> out;
  for (std::size_t i = 0; i < n.size(); ++i) out.push_back(scalar<T>(n[i], path + "[" + std::to_string(i) + "]", "an integer"));
  return out;
}

YAML::Node flow_list(const auto& v) {
  YAML::Node n(YAML::NodeType::Sequence);
  for (auto x : v) n.push_back(x);
  n.SetStyle(YAML::EmitterStyle::Flow);
  return n;
}

}  // namespace

YAML::Node rng_config_to_node(const RngConfig& c) {
  YAML::Node root;
  root["name"] = c.name;
  YAML::Node pool(YAML::NodeType::Sequence);
  for (const auto& s : c.pool) {
    YAML::Node e;
    e["kind"] = s.kind;
    e["bits"] = s.bits;
    e["sobol_seed"] = flow_list(s.sobol_seed);
    e["seed_type"] = s.seed_type;
    e["seed"] = s.seed;
    e["taps"] = flow_list(s.taps);
    e["require_maximal"] = s.require_maximal;
    e.SetStyle(YAML::EmitterStyle::Flow);
    pool.push_back(e);
  }
  root["pool"] = pool;
  for (const char* side : {"a", "b"}) {
    const auto& lanes = side[0] == 'a' ? c.a : c.b;
    YAML::Node list(YAML::NodeType::Sequence);
    for (const auto& l : lanes) {
      YAML::Node e;
      e["rng_id"] = l.rng_id;
      if (!l.permutation.empty()) e["permutation"] = flow_list(l.permutation);
      if (l.complement) e["complement"] = true;
      e.SetStyle(YAML::EmitterStyle::Flow);
      list.push_back(e);
    }
    root[side] = list;
  }
  return root;
}

RngConfig rng_config_from_node(const YAML::Node& n, const std::string& path) {
  check_keys(n, path, {"name", "pool", "a", "b"});
  for (const char* req : {"pool", "a", "b"}) {
    if (!n[req]) throw InvalidArgument(where(n, path + "." + req), "missing", "required key");
  }
  RngConfig c;
  if (n["name"]) c.name = scalar<std::string>(n["name"], path + ".name", "a name");
  const auto pool = n["pool"];
  if (!pool.IsSequence()) throw InvalidArgument(where(pool, path + ".pool"), dump(pool), "expected a list of RNG specs");
  for (std::size_t i = 0; i < pool.size(); ++i) {
    const std::string p = path + ".pool[" + std::to_string(i) + "]";
    const auto e = pool[i];
    check_keys(e, p, {"kind", "bits", "sobol_seed", "seed_type", "seed", "taps", "require_maximal"});
    RngSpec s;
    if (e["kind"]) s.kind = scalar<std::string>(e["kind"], p + ".kind", "an RNG kind");
    if (e["bits"]) s.bits = scalar<int>(e["bits"], p + ".bits", "an integer");
    if (e["sobol_seed"]) s.sobol_seed = int_list<std::uint32_t>(e["sobol_seed"], p + ".sobol_seed");
    if (e["seed_type"]) s.seed_type = scalar<std::string>(e["seed_type"], p + ".seed_type", "q or k");
    if (e["seed"]) s.seed = scalar<std::uint64_t>(e["seed"], p + ".seed", "a non-negative integer");
    if (e["taps"]) s.taps = int_list<int>(e["taps"], p + ".taps");
    if (e["require_maximal"]) s.require_maximal = scalar<bool>(e["require_maximal"], p + ".require_maximal", "true or false");
    c.pool.push_back(std::move(s));
  }
  for (const char* side : {"a", "b"}) {
    const auto list = n[side];
    const std::string p0 = path + "." + side;
    if (!list.IsSequence()) throw InvalidArgument(where(list, p0), dump(list), "expected a list of lane sources");
    auto& lanes = side[0] == 'a' ? c.a : c.b;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string p = p0 + "[" + std::to_string(i) + "]";
      const auto e = list[i];
      check_keys(e, p, {"rng_id", "permutation", "complement"});
      LaneSource l;
      if (e["rng_id"]) l.rng_id = scalar<int>(e["rng_id"], p + ".rng_id", "an integer");
      if (e["permutation"]) l.permutation = int_list<int>(e["permutation"], p + ".permutation");
      if (e["complement"]) l.complement = scalar<bool>(e["complement"], p + ".complement", "true or false");
      lanes.push_back(std::move(l));
    }
  }
  return c;
}

std::string rng_config_to_yaml(const RngConfig& config) {
  YAML::Emitter e;
  e << rng_config_to_node(config);
  return std::string(e.c_str()) + "\n";
}

RngConfig rng_config_from_yaml(const std::string& text) {
  YAML::Node n;
  try {
    n = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InvalidArgument("rng", "<yaml>", std::string("not valid YAML: ") + e.what());
  }
  return rng_config_from_node(n, "rng");
}

RngParams rng_params_from_node(const YAML::Node& node, const std::string& path) {
  RngParams out;
  if (!node || node.IsNull()) return out;
  if (!node.IsMap()) throw InvalidArgument(where(node, path), dump(node), "expected a map of builder parameters");
  for (const auto& kv : node) {
    const auto key = kv.first.as<std::string>();
    const auto& v = kv.second;
    const std::string p = path + "." + key;
    if (v.IsScalar()) {
      const auto s = v.Scalar();
      if (s == "true" || s == "false") {
        out[key] = s == "true";
      } else {
        try {
          out[key] = v.as<std::int64_t>();
        } catch (const YAML::Exception&) {
          out[key] = s;
        }
      }
    } else if (v.IsSequence()) {
      const bool nested = v.size() > 0 && v[0].IsSequence();
      if (nested) {
        std::vector<std::vector<std::int64_t>> lists;
        for (std::size_t i = 0; i < v.size(); ++i) lists.push_back(int_list<std::int64_t>(v[i], p + "[" + std::to_string(i) + "]"));
        out[key] = lists;
      } else {
        out[key] = int_list<std::int64_t>(v, p);
      }
    } else {
      throw InvalidArgument(where(v, p), dump(v), "expected a scalar, an integer list or a list of integer lists");
    }
  }
  return out;
}

YAML::Node rng_params_to_node(const RngParams& params) {
  YAML::Node n(YAML::NodeType::Map);
  for (const auto& kv : params) {  // not a structured binding: clang < 16 cannot capture one in the lambda
    const auto& key = kv.first;
    const auto& v = kv.second;
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::vector<std::vector<std::int64_t>>>) {
            YAML::Node l(YAML::NodeType::Sequence);
            for (const auto& inner : x) l.push_back(flow_list(inner));
            n[key] = l;
          } else if constexpr (std::is_same_v<T, std::vector<std::int64_t>>) {
            n[key] = flow_list(x);
          } else {
            n[key] = x;
          }
        },
        v);
  }
  return n;
}

}  // namespace scmp::sim
