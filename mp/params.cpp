// Typed, path-naming access to policy parameters.
#include "mp/params.hpp"

#include <cmath>
#include <iostream>

namespace scmp::mp {

using sim::InvalidArgument;

int param_int(const ParamNode& n, const std::string& field) {
  if (const auto v = n.as_int()) return *v;
  throw InvalidArgument(field, n.text(), "expected an integer" + n.where());
}

double param_double(const ParamNode& n, const std::string& field) {
  if (const auto v = n.as_double(); v && std::isfinite(*v)) return *v;
  throw InvalidArgument(field, n.text(), "expected a finite number" + n.where());
}

std::string param_string(const ParamNode& n, const std::string& field) {
  if (n.is_scalar()) return n.text_value();
  throw InvalidArgument(field, n.text(), "expected a string" + n.where());
}

std::vector<int> param_int_list(const ParamNode& n, const std::string& field) {
  if (!n.is_sequence()) throw InvalidArgument(field, n.text(), "expected a list of integers" + n.where());
  std::vector<int> out;
  for (std::size_t i = 0; i < n.size(); ++i) out.push_back(param_int(n[i], field + "[" + std::to_string(i) + "]"));
  return out;
}

std::vector<double> param_double_list(const ParamNode& n, const std::string& field) {
  if (!n.is_sequence()) throw InvalidArgument(field, n.text(), "expected a list of numbers" + n.where());
  std::vector<double> out;
  for (std::size_t i = 0; i < n.size(); ++i) out.push_back(param_double(n[i], field + "[" + std::to_string(i) + "]"));
  return out;
}

ParamReader::ParamReader(const ParamNode& node, std::string key_path) : m_node(node), m_path(std::move(key_path)) {
  if (!node.is_map()) throw InvalidArgument(m_path, node.text(), "expected a mapping of parameters" + node.where());
}

bool ParamReader::has(const std::string& key) const { return m_node[key].is_defined(); }

const ParamNode& ParamReader::node(const std::string& key) const {
  m_read.insert(key);
  return m_node[key];
}

int ParamReader::get_int(const std::string& key) const {
  if (!has(key)) throw missing_key(key);
  return param_int(node(key), path(key));
}
int ParamReader::get_int(const std::string& key, int fallback) const {
  return has(key) ? param_int(node(key), path(key)) : (m_read.insert(key), fallback);
}
double ParamReader::get_double(const std::string& key) const {
  if (!has(key)) throw missing_key(key);
  return param_double(node(key), path(key));
}
double ParamReader::get_double(const std::string& key, double fallback) const {
  return has(key) ? param_double(node(key), path(key)) : (m_read.insert(key), fallback);
}
bool ParamReader::get_bool(const std::string& key, bool fallback) const {
  m_read.insert(key);
  if (!has(key)) return fallback;
  const ParamNode& n = node(key);
  if (const auto v = n.as_bool()) return *v;
  throw InvalidArgument(path(key), n.text(), "expected true or false" + n.where());
}
std::string ParamReader::get_string(const std::string& key) const {
  if (!has(key)) throw missing_key(key);
  return param_string(node(key), path(key));
}
std::string ParamReader::get_string(const std::string& key, const std::string& fallback) const {
  return has(key) ? param_string(node(key), path(key)) : (m_read.insert(key), fallback);
}
std::vector<int> ParamReader::get_int_list(const std::string& key) const {
  if (!has(key)) throw missing_key(key);
  return param_int_list(node(key), path(key));
}
std::vector<double> ParamReader::get_double_list(const std::string& key) const {
  if (!has(key)) throw missing_key(key);
  return param_double_list(node(key), path(key));
}

// A missing required key names the keys of the map not read so far too: a misspelt key is the usual cause,
// and the user should see it, not only the key it failed to provide.
InvalidArgument ParamReader::missing_key(const std::string& key) const {
  std::string unread;
  for (const auto& k : unknown_keys()) unread += (unread.empty() ? "" : ", ") + k;
  return InvalidArgument(
      path(key), "missing",
      "required key" + m_node.where() +
          (unread.empty() ? "" : "; the map has other keys not used so far: " + unread + " (misspelt?)"));
}

void ParamReader::reject_unknown() const {
  for (const auto& e : m_node.entries()) {
    const std::string& key = e.key.text_value();
    if (!m_read.count(key)) {
      std::string known;
      for (const auto& k : m_read) known += (known.empty() ? "" : ", ") + k;
      throw InvalidArgument(path(key), e.value.text(), "unknown key" + e.key.where() + "; known keys: " + known);
    }
  }
}

std::vector<std::string> ParamReader::unknown_keys() const {
  std::vector<std::string> out;
  for (const auto& e : m_node.entries()) {
    if (!m_read.count(e.key.text_value())) out.push_back(e.key.text_value());
  }
  return out;
}

void warn(const std::string& field, const std::string& value, const std::string& why) {
  std::cerr << "scmp: warning: " << field << " = " << value << ": " << why << "\n";
}

}  // namespace scmp::mp
