// Expanding sweep axes into validated design points.
#include "experiments/sweep_plan.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "experiments/config_reader.hpp"
#include "experiments/limits.hpp"

namespace scmp::experiments {

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : path) {
    if (c == '.') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

bool is_index(const std::string& s) {
  return !s.empty() && s.size() <= 9 && s.find_first_not_of("0123456789") == std::string::npos;  // no stoul overflow
}

void set_path(YAML::Node root, const std::string& path, const YAML::Node& value) {
  const auto parts = split_path(path);
  YAML::Node cur = root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node next;
    if (cur.IsSequence() && is_index(parts[i])) {
      next = cur[std::stoul(parts[i])];
    } else {
      if (!cur[parts[i]] || cur[parts[i]].IsNull()) cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
      next = cur[parts[i]];
    }
    cur.reset(next);
  }
  if (cur.IsSequence() && is_index(parts.back())) {
    cur[std::stoul(parts.back())] = YAML::Clone(value);
  } else {
    cur[parts.back()] = YAML::Clone(value);
  }
}

YAML::Node get_path(const YAML::Node& root, const std::string& path) {
  YAML::Node cur = YAML::Clone(root);
  for (const auto& p : split_path(path)) {
    if (!cur) return YAML::Node();
    if (cur.IsSequence() && is_index(p)) {
      if (std::stoul(p) >= cur.size()) return YAML::Node();
      YAML::Node next = cur[std::stoul(p)];
      cur.reset(next);
    } else if (cur.IsMap()) {
      YAML::Node next = cur[p];
      if (!next) return YAML::Node();
      cur.reset(next);
    } else {
      return YAML::Node();
    }
  }
  return cur;
}

struct AxisValues {
  std::string path;
  std::vector<YAML::Node> values;
};

std::vector<AxisValues> read_axis_map(const YAML::Node& n, const std::string& where, const SourceMap& sources) {
  if (!n.IsMap()) throw ConfigError(sources.find(where), where, node_text(n), "expected a mapping of key path → list of values");
  std::vector<AxisValues> out;
  for (const auto& kv : n) {
    AxisValues a;
    a.path = kv.first.as<std::string>();
    const std::string p = where + "." + a.path;
    if (!kv.second.IsSequence() || kv.second.size() == 0) {
      throw ConfigError(sources.find(p), p, node_text(kv.second), "expected a non-empty list of values");
    }
    for (std::size_t i = 0; i < kv.second.size(); ++i) {
      a.values.push_back(kv.second[i]);
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

double axis_number(const YAML::Node& v) {
  if (!v || !v.IsScalar()) return std::numeric_limits<double>::quiet_NaN();
  const std::string s = v.Scalar();
  if (s == "true") return 1.0;
  if (s == "false") return 0.0;
  std::istringstream is(s);
  double d = 0;
  is >> d;
  if (is.fail() || !is.eof()) return std::numeric_limits<double>::quiet_NaN();
  return d;
}

std::string axis_text(const YAML::Node& v) {
  if (!v) return "";
  std::string s = v.IsScalar() ? v.Scalar() : node_text(v);  // lists and maps: one-line flow YAML
  if (s == "true") return "1";
  if (s == "false") return "0";
  for (auto& c : s) {
    if (c == '/') c = '_';
  }
  return s;
}

namespace {
// A run id is an HDF5 group name: NUL (which would end the name early and merge distinct runs into one
// group), other control characters, '/' and '%' are written as %XX, so distinct ids stay distinct.
std::string group_safe(const std::string& id) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : id) {
    if (c < 0x20 || c == 0x7f || c == '/' || c == '%') {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out == "." || out == ".." ? "%2E" + out.substr(1) : out;
}
}  // namespace

SweepPlan plan_sweep(const LoadedConfig& loaded) {
  const std::string base_dir = std::filesystem::path(loaded.path).parent_path().string();
  SweepPlan plan;
  YAML::Node base_root = YAML::Clone(loaded.root);
  YAML::Node sweep = base_root["sweep"];
  if (sweep) sweep = YAML::Clone(sweep);
  base_root.remove("sweep");
  plan.base = resolve_config(base_root, loaded.sources, base_dir.empty() ? "." : base_dir);
  plan.base_resolved_yaml = to_yaml_text(plan.base);

  // Each combination: a list of (axis index, value, source path of the value).
  struct Setting {
    std::size_t axis;
    YAML::Node value;
    std::string where;
  };
  std::vector<std::vector<Setting>> combos{{}};
  std::map<std::string, std::size_t> axis_index;
  auto axis_of = [&](const std::string& path) {
    const auto it = axis_index.find(path);
    if (it != axis_index.end()) return it->second;
    axis_index[path] = plan.axes.size();
    plan.axes.push_back(SweepAxis{path, "", true});
    return plan.axes.size() - 1;
  };

  if (sweep && !sweep.IsNull()) {
    ConfigReader r(sweep, "sweep", loaded.sources);
    if (r.has("list")) {
      const YAML::Node list = r.node("list");
      if (!list.IsSequence() || list.size() == 0) r.fail("list", node_text(list), "expected a non-empty list of {key path: value} points");
      std::vector<std::vector<Setting>> next;
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string where = "sweep.list." + std::to_string(i);
        if (!list[i].IsMap()) throw ConfigError(loaded.sources.find(where), where, node_text(list[i]), "expected a mapping key path → value");
        std::vector<Setting> s;
        for (const auto& kv : list[i]) {
          const std::string path = kv.first.as<std::string>();
          s.push_back(Setting{axis_of(path), kv.second, where + "." + path});
        }
        next.push_back(s);
      }
      combos = next;
    }
    if (r.has("zip")) {
      const auto axes = read_axis_map(r.node("zip"), "sweep.zip", loaded.sources);
      const std::size_t n = axes.front().values.size();
      for (const auto& a : axes) {
        if (a.values.size() != n) {
          throw ConfigError(loaded.sources.find("sweep.zip." + a.path), "sweep.zip." + a.path, std::to_string(a.values.size()) + " values",
                            "expected " + std::to_string(n) + " values (zip axes advance together)");
        }
      }
      std::vector<std::vector<Setting>> next;
      for (const auto& c : combos) {
        for (std::size_t i = 0; i < n; ++i) {
          auto s = c;
          for (const auto& a : axes) s.push_back(Setting{axis_of(a.path), a.values[i], "sweep.zip." + a.path + "." + std::to_string(i)});
          next.push_back(s);
        }
      }
      combos = next;
    }
    std::vector<std::pair<AxisValues, std::string>> grid;  // axis, where its values were written
    if (r.has("grid")) {
      for (auto& a : read_axis_map(r.node("grid"), "sweep.grid", loaded.sources)) grid.push_back({a, "sweep.grid." + a.path});
    }
    if (r.has("seeds")) {
      YAML::Node seeds(YAML::NodeType::Map);
      seeds["seeds"] = r.node("seeds");
      auto a = read_axis_map(seeds, "sweep", loaded.sources);
      a.front().path = "experiment.seed";
      grid.push_back({a.front(), "sweep.seeds"});
    }
    {  // the grid's size before it is expanded (an 8-million-point grid is refused, not allocated)
      std::int64_t points = static_cast<std::int64_t>(combos.size());
      for (const auto& g : grid) points = checked_product({points, static_cast<std::int64_t>(g.first.values.size())});
      check_limit("grid_points", points, "sweep", std::to_string(points) + " design points", "the sweep's design point count");
    }
    for (const auto& [a, prefix] : grid) {
      std::vector<std::vector<Setting>> next;
      for (const auto& c : combos) {
        for (std::size_t i = 0; i < a.values.size(); ++i) {
          auto s = c;
          s.push_back(Setting{axis_of(a.path), a.values[i], prefix + "." + std::to_string(i)});
          next.push_back(s);
        }
      }
      combos = next;
    }
    r.reject_unknown();
  }

  // Short names: last component; extend until unique.
  for (std::size_t i = 0; i < plan.axes.size(); ++i) {
    const auto parts = split_path(plan.axes[i].path);
    for (std::size_t k = 1; k <= parts.size(); ++k) {
      std::string name;
      for (std::size_t j = parts.size() - k; j < parts.size(); ++j) name += (name.empty() ? "" : ".") + parts[j];
      bool clash = false;
      for (std::size_t o = 0; o < plan.axes.size(); ++o) {
        if (o == i) continue;
        const auto op = split_path(plan.axes[o].path);
        if (op.size() >= k) {
          std::string other;
          for (std::size_t j = op.size() - k; j < op.size(); ++j) other += (other.empty() ? "" : ".") + op[j];
          clash = clash || other == name;
        }
      }
      plan.axes[i].short_name = name;
      if (!clash) break;
    }
  }

  std::set<std::string> ids;
  for (std::size_t ci = 0; ci < combos.size(); ++ci) {
    DesignPoint p;
    p.index = ci;
    p.values.assign(plan.axes.size(), YAML::Node());
    YAML::Node root = YAML::Clone(base_root);
    SourceMap sources = loaded.sources;
    for (const auto& s : combos[ci]) {
      set_path(root, plan.axes[s.axis].path, s.value);
      sources.set(plan.axes[s.axis].path, loaded.sources.find(s.where));
      p.values[s.axis] = s.value;
    }
    for (std::size_t a = 0; a < plan.axes.size(); ++a) {
      if (!p.values[a]) p.values[a] = get_path(base_root, plan.axes[a].path);  // list entries may omit an axis
    }
    p.config = resolve_config(root, sources, plan.base.base_dir);
    p.resolved_yaml = to_yaml_text(p.config);
    ExperimentConfig hashed = p.config;
    hashed.experiment.output.clear();
    p.config_hash = hash_hex(to_yaml_text(hashed));
    std::string id;
    for (std::size_t a = 0; a < plan.axes.size(); ++a) {
      id += (id.empty() ? "" : ",") + plan.axes[a].short_name + "=" + axis_text(p.values[a]);
    }
    if (id.empty()) id = "base";
    id = group_safe(id);
    if (id.size() > 200) id = id.substr(0, 183) + "~" + p.config_hash;
    if (ids.count(id) != 0) id += "#" + std::to_string(ci);
    ids.insert(id);
    p.run_id = id;
    plan.points.push_back(std::move(p));
  }
  for (std::size_t a = 0; a < plan.axes.size(); ++a) {
    bool numeric = true;
    for (const auto& p : plan.points) {
      if (p.values[a] && (!p.values[a].IsScalar() || std::isnan(axis_number(p.values[a])))) numeric = false;
    }
    plan.axes[a].numeric = numeric;
  }
  return plan;
}

void keep_shard(SweepPlan& plan, int shard, int count) {
  sim::require_range("--shard index", shard, 0, count - 1);
  std::vector<DesignPoint> kept;
  for (auto& p : plan.points) {
    if (static_cast<int>(p.index % static_cast<std::size_t>(count)) == shard) kept.push_back(std::move(p));
  }
  plan.points = std::move(kept);
}

}  // namespace scmp::experiments
