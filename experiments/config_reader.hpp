// Typed reads of one YAML mapping of a configuration, with file:line:col, key path, value and range in every
// error, and unknown keys rejected with a did-you-mean suggestion (a typo must fail at load).
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "experiments/config_error.hpp"

namespace scmp::experiments {

class ConfigReader {
 public:
  // Throws ConfigError unless node is a mapping (an absent node reads as an empty mapping).
  ConfigReader(const YAML::Node& node, std::string path, const SourceMap& sources);

  bool has(const std::string& key) const;
  YAML::Node node(const std::string& key) const;   // marks the key as known
  std::string path(const std::string& key) const;
  Location where(const std::string& key) const;

  std::int64_t get_int(const std::string& key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const;
  double get_double(const std::string& key, double fallback, double lo, double hi) const;
  bool get_bool(const std::string& key, bool fallback) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  std::string get_choice(const std::string& key, const std::string& fallback, const std::vector<std::string>& choices) const;
  std::vector<std::int64_t> get_shape(const std::string& key) const;  // required list of positive ints

  [[noreturn]] void fail(const std::string& key, const std::string& value, const std::string& expected) const;
  // Throws for the first key present but never read, suggesting the closest known key.
  void reject_unknown() const;

 private:
  YAML::Node m_node;
  std::string m_path;
  const SourceMap& m_sources;
  mutable std::set<std::string> m_known;
};

std::string node_text(const YAML::Node& n);  // one-line YAML of a node (error values)

}  // namespace scmp::experiments
