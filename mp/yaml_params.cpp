// Typed, path-naming access to YAML policy parameters.
#include "mp/yaml_params.hpp"

#include <cmath>
#include <iostream>

#include "sim/error.hpp"

namespace scmp::mp {

using sim::InvalidArgument;

std::string yaml_text(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "null";
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

std::string yaml_where(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  if (m.is_null()) return "";
  return " (line " + std::to_string(m.line + 1) + ", column " + std::to_string(m.column + 1) + ")";
}

int yaml_int(const YAML::Node& n, const std::string& field) {
  if (n.IsScalar()) {
    try {
      return n.as<int>();
    } catch (const YAML::Exception&) {
    }
  }
  throw InvalidArgument(field, yaml_text(n), "expected an integer" + yaml_where(n));
}

double yaml_double(const YAML::Node& n, const std::string& field) {
  if (n.IsScalar()) {
    try {
      const double v = n.as<double>();
      if (std::isfinite(v)) return v;
    } catch (const YAML::Exception&) {
    }
  }
  throw InvalidArgument(field, yaml_text(n), "expected a finite number" + yaml_where(n));
}

std::string yaml_string(const YAML::Node& n, const std::string& field) {
  if (n.IsScalar()) return n.Scalar();
  throw InvalidArgument(field, yaml_text(n), "expected a string" + yaml_where(n));
}

std::vector<int> yaml_int_list(const YAML::Node& n, const std::string& field) {
  if (!n.IsSequence()) throw InvalidArgument(field, yaml_text(n), "expected a list of integers" + yaml_where(n));
  std::vector<int> out;
  for (std::size_t i = 0; i < n.size(); ++i) out.push_back(yaml_int(n[i], field + "[" + std::to_string(i) + "]"));
  return out;
}

std::vector<double> yaml_double_list(const YAML::Node& n, const std::string& field) {
  if (!n.IsSequence()) throw InvalidArgument(field, yaml_text(n), "expected a list of numbers" + yaml_where(n));
  std::vector<double> out;
  for (std::size_t i = 0; i < n.size(); ++i) out.push_back(yaml_double(n[i], field + "[" + std::to_string(i) + "]"));
  return out;
}

YamlParams::YamlParams(const YAML::Node& node, std::string key_path) : m_node(node), m_path(std::move(key_path)) {
  if (!node.IsMap()) throw InvalidArgument(m_path, yaml_text(node), "expected a mapping of parameters" + yaml_where(node));
}

bool YamlParams::has(const std::string& key) const { return static_cast<bool>(m_node[key]); }

YAML::Node YamlParams::node(const std::string& key) const {
  m_read.insert(key);
  return m_node[key];
}

int YamlParams::get_int(const std::string& key) const {
  if (!has(key)) throw missing_key(key);
  return yaml_int(node(key), path(key));
}
int YamlParams::get_int(const std::string& key, int fallback) const {
  return has(key) ? yaml_int(node(key), path(key)) : (m_read.insert(key), fallback);
}
double YamlParams::get_double(const std::string& key) const {
  if (!has(key)) throw missing_key(key);
  return yaml_double(node(key), path(key));
}
double YamlParams::get_double(const std::string& key, double fallback) const {
  return has(key) ? yaml_double(node(key), path(key)) : (m_read.insert(key), fallback);
}
bool YamlParams::get_bool(const std::string& key, bool fallback) const {
  m_read.insert(key);
  if (!has(key)) return fallback;
  const YAML::Node n = node(key);
  if (n.IsScalar()) {
    try {
      return n.as<bool>();
    } catch (const YAML::Exception&) {
    }
  }
  throw InvalidArgument(path(key), yaml_text(n), "expected true or false" + yaml_where(n));
}
std::string YamlParams::get_string(const std::string& key) const {
  if (!has(key)) throw missing_key(key);
  return yaml_string(node(key), path(key));
}
std::string YamlParams::get_string(const std::string& key, const std::string& fallback) const {
  return has(key) ? yaml_string(node(key), path(key)) : (m_read.insert(key), fallback);
}
std::vector<int> YamlParams::get_int_list(const std::string& key) const {
  if (!has(key)) throw missing_key(key);
  return yaml_int_list(node(key), path(key));
}
std::vector<double> YamlParams::get_double_list(const std::string& key) const {
  if (!has(key)) throw missing_key(key);
  return yaml_double_list(node(key), path(key));
}

// A missing required key names the keys of the map not read so far too: a misspelt key is the usual cause,
// and the user should see it, not only the key it failed to provide.
InvalidArgument YamlParams::missing_key(const std::string& key) const {
  std::string unread;
  for (const auto& k : unknown_keys()) unread += (unread.empty() ? "" : ", ") + k;
  return InvalidArgument(path(key), "missing",
                         "required key" + yaml_where(m_node) +
                             (unread.empty() ? "" : "; the map has other keys not used so far: " + unread + " (misspelt?)"));
}

void YamlParams::reject_unknown() const {
  for (auto it = m_node.begin(); it != m_node.end(); ++it) {
    const std::string key = it->first.Scalar();
    if (!m_read.count(key)) {
      std::string known;
      for (const auto& k : m_read) known += (known.empty() ? "" : ", ") + k;
      throw InvalidArgument(path(key), yaml_text(it->second),
                            "unknown key" + yaml_where(it->first) + "; known keys: " + known);
    }
  }
}

std::vector<std::string> YamlParams::unknown_keys() const {
  std::vector<std::string> out;
  for (auto it = m_node.begin(); it != m_node.end(); ++it) {
    if (!m_read.count(it->first.Scalar())) out.push_back(it->first.Scalar());
  }
  return out;
}

void warn(const std::string& field, const std::string& value, const std::string& why) {
  std::cerr << "scmp: warning: " << field << " = " << value << ": " << why << "\n";
}

}  // namespace scmp::mp
