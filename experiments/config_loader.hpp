// Loading a configuration file: YAML parsing, `include:` of other files, `${name}` variables, and the map
// from every key path to the file, line and column it was written at.
#pragma once
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "experiments/config_error.hpp"

namespace scmp::experiments {

// Contract:
// - `include: file.yaml` or `include: [a.yaml, b.yaml]` (paths relative to the including file) loads those
//   files first, in order; the including file's keys then override theirs (maps merge key by key, anything
//   else is replaced). Includes nest; a cycle or a missing file is a ConfigError at the include entry.
// - `variables: {name: value}` (top level, after merging) defines ${name}. A scalar that is exactly
//   "${name}" becomes the variable's node (any type); "${name}" inside a longer string is replaced by its
//   text. An undefined variable is a ConfigError at the scalar that uses it.
// - The result has neither `include` nor `variables` keys. Malformed YAML is a ConfigError with the
//   parser's location.
struct LoadedConfig {
  std::string path;         // the main file
  YAML::Node root;          // merged, substituted tree
  SourceMap sources;        // key path → location
  std::string text;         // the YAML text as given, included files expanded (root attribute config_yaml)
};

LoadedConfig load_config_file(const std::string& path);
// Same, from text (file name only used in messages and to resolve relative includes from `base_dir`).
LoadedConfig load_config_text(const std::string& text, const std::string& name, const std::string& base_dir = ".");

// Records the location of `node` and all its children under `path` (used for sweep values too).
void record_locations(const YAML::Node& node, const std::string& path, const std::string& file, SourceMap& sources);

// "a.b" + "c" → "a.b.c"; "" + "c" → "c".
std::string join_path(const std::string& parent, const std::string& key);

}  // namespace scmp::experiments
