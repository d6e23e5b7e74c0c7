// Configuration files: parse, expand includes, substitute variables, remember where each key came from.
#include "experiments/config_loader.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <sstream>

#include "experiments/config_reader.hpp"
#include "experiments/limits.hpp"

namespace scmp::experiments {

namespace fs = std::filesystem;

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

void record_locations(const YAML::Node& node, const std::string& path, const std::string& file, SourceMap& sources) {
  const auto m = node.Mark();
  if (m.line >= 0) sources.set(path, Location{file, m.line + 1, m.column + 1});
  if (node.IsMap()) {
    for (const auto& kv : node) {
      const std::string key = kv.first.as<std::string>();
      const auto km = kv.first.Mark();
      // The key's position is where a reader looks for a misspelt or misplaced key; the value's for its value.
      if (km.line >= 0) sources.set(join_path(path, key) + ".<key>", Location{file, km.line + 1, km.column + 1});
      record_locations(kv.second, join_path(path, key), file, sources);
      if (!kv.second.IsMap() && !kv.second.IsSequence() && kv.second.Mark().line < 0 && km.line >= 0) {
        sources.set(join_path(path, key), Location{file, km.line + 1, km.column + 1});
      }
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) record_locations(node[i], join_path(path, std::to_string(i)), file, sources);
  }
}

namespace {

// A configuration file's text: a regular file of at most limits().config_bytes (not a directory, not
// /dev/zero, not a FIFO). `why` says what is wrong when it returns false.
bool read_text(const std::string& path, std::string& text, std::string& why) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    why = "file not found";
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    why = S_ISDIR(st.st_mode) ? "is a directory, not a configuration file" : "not a regular file";
    return false;
  }
  const std::int64_t limit = limits().config_bytes;
  if (st.st_size > limit) {
    why = "is " + std::to_string(st.st_size) + " bytes, over the limit config_bytes = " + std::to_string(limit) +
          " (raise it with --limit config_bytes=N)";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "cannot be read";
    return false;
  }
  text.assign(static_cast<std::size_t>(st.st_size), '\0');
  in.read(text.data(), st.st_size);
  text.resize(static_cast<std::size_t>(in.gcount()));
  return true;
}

Location mark_of(const YAML::Node& n, const std::string& file) { return Location{file, n.Mark().line + 1, n.Mark().column + 1}; }

// Before anything walks or copies the tree: keys are scalars and unique within their mapping, nesting is
// within limits().yaml_depth, and the tree, aliases expanded, has at most limits().yaml_nodes nodes (a
// 9-line alias bomb stops here after yaml_nodes steps instead of exhausting memory). Linear in the budget.
void check_tree(const YAML::Node& n, const std::string& file, const std::string& path, int depth, std::int64_t& count) {
  if (++count > limits().yaml_nodes) {
    throw ConfigError(mark_of(n, file), path.empty() ? "<root>" : path, "<" + std::to_string(count) + "+ nodes>",
                      "the configuration, aliases expanded, exceeds the limit yaml_nodes = " + std::to_string(limits().yaml_nodes) +
                          " (raise it with --limit yaml_nodes=N)");
  }
  if (depth > limits().yaml_depth) {
    throw ConfigError(mark_of(n, file), path, "<nested " + std::to_string(depth) + " deep>",
                      "nesting exceeds the limit yaml_depth = " + std::to_string(limits().yaml_depth) + " (raise it with --limit yaml_depth=N)");
  }
  if (n.IsMap()) {
    std::set<std::string> keys;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) {
        throw ConfigError(mark_of(kv.first, file), path.empty() ? "<root>" : path, node_text(kv.first), "expected a plain key (a string), not a list or mapping");
      }
      const std::string key = kv.first.Scalar();
      if (!keys.insert(key).second) {
        throw ConfigError(mark_of(kv.first, file), join_path(path, key), node_text(kv.second), "duplicate key (written twice in one mapping)");
      }
      check_tree(kv.second, file, join_path(path, key), depth + 1, count);
    }
  } else if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i) check_tree(n[i], file, join_path(path, std::to_string(i)), depth + 1, count);
  }
}

std::int64_t tree_size(const YAML::Node& n) {
  std::int64_t c = 1;
  if (n.IsMap()) {
    for (const auto& kv : n) c += tree_size(kv.second);
  } else if (n.IsSequence()) {
    for (const auto& v : n) c += tree_size(v);
  }
  return c;
}

// Linear in the two mappings: yaml-cpp's map operator[] scans the map, so one lookup per key of `over` (as
// this was written first) made an include overlaying N keys O(N^2). Keys of `over` are unique (check_tree).
YAML::Node overlay(const YAML::Node& base, const YAML::Node& over) {
  if (base && base.IsMap() && over.IsMap()) {
    std::unordered_map<std::string, YAML::Node> replaced;
    for (const auto& kv : over) replaced.emplace(kv.first.as<std::string>(), kv.second);
    YAML::Node out(YAML::NodeType::Map);
    std::unordered_set<std::string> done;
    for (const auto& kv : base) {
      const std::string key = kv.first.as<std::string>();
      const auto it = replaced.find(key);
      out.force_insert(key, it == replaced.end() ? YAML::Clone(kv.second) : overlay(kv.second, it->second));
      done.insert(key);
    }
    for (const auto& kv : over) {
      const std::string key = kv.first.as<std::string>();
      if (done.count(key) == 0) out.force_insert(key, overlay(YAML::Node(), kv.second));
    }
    return out;
  }
  return YAML::Clone(over);
}

struct Loader {
  SourceMap sources;
  std::string text;
  std::vector<std::string> chain;

  YAML::Node parse(const std::string& content, const std::string& name) {
    YAML::Node doc;
    try {
      doc = YAML::Load(content);
    } catch (const YAML::Exception& e) {
      throw ConfigError(Location{name, e.mark.line + 1, e.mark.column + 1}, "yaml", "<malformed>",
                        e.msg + (e.msg.find("recursion") != std::string::npos || e.msg == "bad file" ? " (nesting too deep?)" : ""));
    }
    std::int64_t count = 0;
    check_tree(doc, name, "", 0, count);
    return doc;
  }

  YAML::Node load(const std::string& content, const std::string& name, const fs::path& dir) {
    YAML::Node doc = parse(content, name);
    if (!doc || doc.IsNull()) doc = YAML::Node(YAML::NodeType::Map);
    if (!doc.IsMap()) {
      throw ConfigError(Location{name, doc.Mark().line + 1, doc.Mark().column + 1}, "<root>", "<not a mapping>",
                        "expected a mapping of sections (experiment, hardware, workload, mp, metrics, sweep)");
    }
    text += (text.empty() ? "" : "\n") + std::string(chain.size() > 1 ? "# ==> " + name + " <==\n" : "") + content;
    YAML::Node merged(YAML::NodeType::Map);
    if (doc["include"]) {
      const YAML::Node inc = doc["include"];
      std::vector<std::pair<std::string, std::string>> files;  // (file, key path)
      if (inc.IsScalar()) {
        files.push_back({inc.as<std::string>(), "include"});
      } else if (inc.IsSequence()) {
        for (std::size_t i = 0; i < inc.size(); ++i) {
          if (!inc[i].IsScalar()) {
            throw ConfigError(Location{name, inc[i].Mark().line + 1, inc[i].Mark().column + 1},
                              "include." + std::to_string(i), "<not a string>", "expected a file path");
          }
          files.push_back({inc[i].as<std::string>(), "include." + std::to_string(i)});
        }
      } else {
        throw ConfigError(Location{name, inc.Mark().line + 1, inc.Mark().column + 1}, "include", "<not a path>",
                          "expected a file path or a list of file paths");
      }
      for (std::size_t i = 0; i < files.size(); ++i) {
        const auto& [file, key] = files[i];
        const YAML::Node at = inc.IsScalar() ? inc : inc[i];
        const Location where{name, at.Mark().line + 1, at.Mark().column + 1};
        const fs::path p = fs::path(file).is_absolute() ? fs::path(file) : dir / file;
        const std::string pname = p.lexically_normal().string();
        for (const auto& c : chain) {
          if (c == pname) throw ConfigError(where, key, file, "include cycle (" + pname + " includes itself)");
        }
        std::string content2, why;
        if (!read_text(pname, content2, why)) throw ConfigError(where, key, file, why + " (looked for " + pname + ")");
        if (static_cast<std::int64_t>(text.size() + content2.size()) > limits().config_bytes) {
          throw ConfigError(where, key, file, "the configuration with its includes exceeds the limit config_bytes = " +
                                                  std::to_string(limits().config_bytes) + " (raise it with --limit config_bytes=N)");
        }
        chain.push_back(pname);
        merged = overlay(merged, load(content2, pname, p.parent_path()));
        chain.pop_back();
      }
      doc.remove("include");
    }
    record_locations(doc, "", name, sources);
    return overlay(merged, doc);
  }
};

YAML::Node substitute_scalar(const YAML::Node& node, const std::string& path, const std::map<std::string, YAML::Node>& vars,
                             const SourceMap& sources, std::int64_t& budget);

// Replaces, in place, every scalar holding ${...}. The tree is a private clone, so nothing else sees the
// change; building a new tree node by node instead makes yaml-cpp merge memory pools at every assignment,
// which made loading quadratic in the configuration's size (2000 operators: minutes).
void substitute(YAML::Node node, const std::string& path, const std::map<std::string, YAML::Node>& vars,
                const SourceMap& sources, std::int64_t& budget) {
  if (--budget < 0) {
    throw ConfigError(sources.find(path), path.empty() ? "<root>" : path, "<variables>",
                      "the configuration, variables expanded, exceeds the limit yaml_nodes = " + std::to_string(limits().yaml_nodes) +
                          " (raise it with --limit yaml_nodes=N)");
  }
  auto one = [&](YAML::Node child, const std::string& child_path) {
    if (child.IsScalar()) {
      if (child.Scalar().find("${") == std::string::npos) return;
      child = substitute_scalar(child, child_path, vars, sources, budget);
    } else {
      substitute(child, child_path, vars, sources, budget);
    }
  };
  if (node.IsMap()) {
    for (auto kv : node) one(kv.second, join_path(path, kv.first.Scalar()));
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) one(node[i], join_path(path, std::to_string(i)));
  }
}

YAML::Node substitute_scalar(const YAML::Node& node, const std::string& path, const std::map<std::string, YAML::Node>& vars,
                             const SourceMap& sources, std::int64_t& budget) {
  if (!node.IsScalar()) return node;
  const std::string s = node.Scalar();
  if (s.find("${") == std::string::npos) return node;
  auto lookup = [&](const std::string& name) -> const YAML::Node& {
    const auto it = vars.find(name);
    if (it == vars.end()) {
      std::vector<std::string> names;
      for (const auto& v : vars) names.push_back(v.first);
      const auto hint = did_you_mean(name, names);
      throw ConfigError(sources.find(path), path, s,
                        "undefined variable ${" + name + "}" + (hint.empty() ? "" : " (did you mean ${" + hint + "}?)") +
                            "; define it under `variables:`");
    }
    return it->second;
  };
  if (s.size() > 3 && s.rfind("${", 0) == 0 && s.back() == '}' && s.find("${", 2) == std::string::npos) {
    const YAML::Node& v = lookup(s.substr(2, s.size() - 3));
    budget -= tree_size(v);  // bounded: v passed check_tree
    if (budget < 0) {
      throw ConfigError(sources.find(path), path, s,
                        "the configuration, variables expanded, exceeds the limit yaml_nodes = " + std::to_string(limits().yaml_nodes) +
                            " (raise it with --limit yaml_nodes=N)");
    }
    return YAML::Clone(v);
  }
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = s.find("${", i);
    if (b == std::string::npos) {
      out += s.substr(i);
      break;
    }
    const auto e = s.find('}', b);
    if (e == std::string::npos) throw ConfigError(sources.find(path), path, s, "unterminated ${...}");
    out += s.substr(i, b - i);
    const YAML::Node& v = lookup(s.substr(b + 2, e - b - 2));
    if (!v.IsScalar()) throw ConfigError(sources.find(path), path, s, "a variable used inside a string must be a scalar");
    out += v.Scalar();
    i = e + 1;
  }
  return YAML::Node(out);
}

LoadedConfig finish(Loader& loader, YAML::Node root, const std::string& name) {
  LoadedConfig cfg;
  cfg.path = name;
  std::map<std::string, YAML::Node> vars;
  if (root["variables"]) {
    const YAML::Node v = root["variables"];
    if (!v.IsMap()) throw ConfigError(loader.sources.find("variables"), "variables", "<not a mapping>", "expected a mapping name: value");
    for (const auto& kv : v) vars[kv.first.as<std::string>()] = kv.second;
    root.remove("variables");
  }
  std::int64_t budget = limits().yaml_nodes;
  cfg.root = YAML::Clone(root);
  substitute(cfg.root, "", vars, loader.sources, budget);
  cfg.sources = loader.sources;
  cfg.sources.set_default_file(name);
  cfg.text = loader.text;
  return cfg;
}

}  // namespace

LoadedConfig load_config_text(const std::string& text, const std::string& name, const std::string& base_dir) {
  Loader loader;
  loader.chain.push_back(name);
  YAML::Node root = loader.load(text, name, fs::path(base_dir));
  return finish(loader, root, name);
}

LoadedConfig load_config_file(const std::string& path) {
  std::string text, why;
  if (!read_text(path, text, why)) throw ConfigError(Location{path, 0, 0}, "config", path, "cannot read the configuration file: " + why);
  Loader loader;
  const std::string name = fs::path(path).lexically_normal().string();
  loader.chain.push_back(name);
  YAML::Node root = loader.load(text, name, fs::path(path).parent_path());
  return finish(loader, root, name);
}

}  // namespace scmp::experiments
