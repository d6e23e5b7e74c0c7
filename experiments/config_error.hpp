// Configuration errors with their source location: "quick.yaml:14:9: hardware.sc_prec = 0: expected 2..16".
#pragma once
#include <map>
#include <initializer_list>
#include <string>
#include <vector>

#include "sim/error.hpp"

namespace scmp::experiments {

// Where a value was written: file, 1-based line and column (0 line = unknown).
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string text() const;  // "file:line:col" (or just "file")
};

// Contract: every node of a loaded configuration is known by its dotted key path ("hardware.sc_prec",
// "workload.operators.q.a.shape.1"); the map gives the place it was written. Lookups of unknown paths fall
// back to the nearest parent, so an error always points somewhere useful.
class SourceMap {
 public:
  void set(const std::string& path, Location where) { m_locations[path] = std::move(where); }
  Location find(const std::string& path) const;
  void set_default_file(std::string file) { m_default_file = std::move(file); }

 private:
  std::map<std::string, Location> m_locations;
  std::string m_default_file;
};

// A user configuration is invalid. what() = "<loc>: <path> = <value>: <expected>" (InvalidArgument layout
// with the location in front), so main() maps it to exit code 2 like every other InvalidArgument.
class ConfigError : public sim::InvalidArgument {
 public:
  ConfigError(const Location& where, const std::string& path, const std::string& value, const std::string& expected)
      : sim::InvalidArgument(where.text() + ": " + path, value, expected), m_where(where), m_path(path) {}
  const Location& where() const { return m_where; }
  const std::string& path() const { return m_path; }

 private:
  Location m_where;
  std::string m_path;
};

// The closest candidate by edit distance, or "" when none is close enough to be a plausible typo.
std::string did_you_mean(const std::string& word, const std::initializer_list<std::string>& candidates);
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace scmp::experiments
