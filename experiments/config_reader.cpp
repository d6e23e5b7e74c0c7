// Typed, located reads of configuration mappings.
#include "experiments/config_reader.hpp"

#include <cmath>
#include <sstream>

#include "experiments/config_loader.hpp"

namespace scmp::experiments {

std::string node_text(const YAML::Node& n) {
  if (!n) return "<missing>";
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

ConfigReader::ConfigReader(const YAML::Node& node, std::string path, const SourceMap& sources)
    : m_node(node), m_path(std::move(path)), m_sources(sources) {
  if (m_node && !m_node.IsNull() && !m_node.IsMap()) {
    throw ConfigError(m_sources.find(m_path), m_path.empty() ? "<root>" : m_path, node_text(m_node), "expected a mapping");
  }
}

bool ConfigReader::has(const std::string& key) const {
  m_known.insert(key);
  return m_node && m_node.IsMap() && m_node[key] && !m_node[key].IsNull();
}

YAML::Node ConfigReader::node(const std::string& key) const {
  m_known.insert(key);
  if (!m_node || !m_node.IsMap()) return YAML::Node();
  return m_node[key];
}

std::string ConfigReader::path(const std::string& key) const { return join_path(m_path, key); }
Location ConfigReader::where(const std::string& key) const { return m_sources.find(path(key)); }

void ConfigReader::fail(const std::string& key, const std::string& value, const std::string& expected) const {
  throw ConfigError(where(key), path(key), value, expected);
}

std::int64_t ConfigReader::get_int(const std::string& key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const {
  if (!has(key)) return fallback;
  const YAML::Node n = node(key);
  std::int64_t v = 0;
  bool ok = n.IsScalar();
  if (ok) {
    std::istringstream is(n.Scalar());
    is >> v;
    ok = !is.fail() && is.eof();
  }
  if (!ok) fail(key, node_text(n), "expected an integer in " + std::to_string(lo) + ".." + std::to_string(hi));
  if (v < lo || v > hi) fail(key, node_text(n), "expected " + std::to_string(lo) + ".." + std::to_string(hi));
  return v;
}

double ConfigReader::get_double(const std::string& key, double fallback, double lo, double hi) const {
  if (!has(key)) return fallback;
  const YAML::Node n = node(key);
  double v = 0;
  bool ok = n.IsScalar();
  if (ok) {
    std::istringstream is(n.Scalar());
    is >> v;
    ok = !is.fail() && is.eof() && std::isfinite(v);
  }
  std::ostringstream range;
  range << lo << ".." << hi;
  if (!ok) fail(key, node_text(n), "expected a finite number in " + range.str());
  if (v < lo || v > hi) fail(key, node_text(n), "expected " + range.str());
  return v;
}

bool ConfigReader::get_bool(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const YAML::Node n = node(key);
  if (n.IsScalar()) {
    const std::string s = n.Scalar();
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
  }
  fail(key, node_text(n), "expected true or false");
}

std::string ConfigReader::get_string(const std::string& key, const std::string& fallback) const {
  if (!has(key)) return fallback;
  const YAML::Node n = node(key);
  if (!n.IsScalar()) fail(key, node_text(n), "expected a string");
  return n.Scalar();
}

std::string ConfigReader::get_choice(const std::string& key, const std::string& fallback,
                                     const std::vector<std::string>& choices) const {
  const std::string v = get_string(key, fallback);
  for (const auto& c : choices) {
    if (c == v) return v;
  }
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : " | ") + c;
  const auto hint = did_you_mean(v, choices);
  fail(key, v, "expected " + list + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
}

std::vector<std::int64_t> ConfigReader::get_shape(const std::string& key) const {
  if (!has(key)) fail(key, "<missing>", "expected a shape [rows, depth] or [batch, rows, depth]");
  const YAML::Node n = node(key);
  if (!n.IsSequence() || n.size() < 2 || n.size() > 3) {
    fail(key, node_text(n), "expected a shape [rows, depth] or [batch, rows, depth]");
  }
  std::vector<std::int64_t> shape;
  for (std::size_t i = 0; i < n.size(); ++i) {
    std::int64_t v = 0;
    std::istringstream is(n[i].IsScalar() ? n[i].Scalar() : "x");
    is >> v;
    if (is.fail() || !is.eof() || v < 1 || v > (1 << 24)) {
      throw ConfigError(m_sources.find(join_path(path(key), std::to_string(i))), join_path(path(key), std::to_string(i)),
                        node_text(n[i]), "expected a positive integer dimension 1..16777216");
    }
    shape.push_back(v);
  }
  return shape;
}

void ConfigReader::reject_unknown() const {
  if (!m_node || !m_node.IsMap()) return;
  std::vector<std::string> known(m_known.begin(), m_known.end());
  for (const auto& kv : m_node) {
    const std::string key = kv.first.as<std::string>();
    if (m_known.count(key) != 0) continue;
    const auto hint = did_you_mean(key, known);
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    const Location at = m_sources.find(path(key) + ".<key>").line > 0 ? m_sources.find(path(key) + ".<key>") : where(key);
    throw ConfigError(at, path(key), node_text(kv.second),
                      "unknown key" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") + "; known keys: " + list);
  }
}

}  // namespace scmp::experiments
