// Reads one mapping of policy parameters (a ParamNode): typed getters that name the key path, value and line in
// every error, and a final check that no unknown key was given (a misspelt key must fail at load, not default).
#pragma once
#include <set>
#include <string>
#include <vector>

#include "mp/param_tree.hpp"
#include "sim/error.hpp"

namespace scmp::mp {

class ParamReader {
 public:
  // Throws InvalidArgument(key_path, …) unless node is a mapping. The reader refers to node: it must outlive it.
  ParamReader(const ParamNode& node, std::string key_path);
  ParamReader(ParamNode&& node, std::string key_path) = delete;  // would refer to a temporary

  bool has(const std::string& key) const;
  std::string path(const std::string& key) const { return m_path + "." + key; }
  const std::string& path() const { return m_path; }
  const ParamNode& node(const std::string& key) const;  // marks the key as read; undefined node when absent

  int get_int(const std::string& key) const;
  int get_int(const std::string& key, int fallback) const;
  double get_double(const std::string& key) const;
  double get_double(const std::string& key, double fallback) const;
  bool get_bool(const std::string& key, bool fallback) const;
  std::string get_string(const std::string& key) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  std::vector<int> get_int_list(const std::string& key) const;
  std::vector<double> get_double_list(const std::string& key) const;

  // Throws InvalidArgument naming the first key present but never read.
  void reject_unknown() const;
  // The keys present but never read (for formats that tolerate extra keys, with a warning).
  std::vector<std::string> unknown_keys() const;

 private:
  sim::InvalidArgument missing_key(const std::string& key) const;
  const ParamNode& m_node;
  std::string m_path;
  mutable std::set<std::string> m_read;
};

// Scalar / list conversions with errors naming `field` (used for nested maps too).
int param_int(const ParamNode& n, const std::string& field);
double param_double(const ParamNode& n, const std::string& field);
std::string param_string(const ParamNode& n, const std::string& field);
std::vector<int> param_int_list(const ParamNode& n, const std::string& field);
std::vector<double> param_double_list(const ParamNode& n, const std::string& field);

// A tolerated oddity in an input (the reference accepts it): one line on stderr,
// "scmp: warning: <field> = <value>: <why>". Never changes a result.
void warn(const std::string& field, const std::string& value, const std::string& why);

}  // namespace scmp::mp
