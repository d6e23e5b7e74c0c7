// hardware.rng.params (YAML) → sim::RngParams, the typed parameters of sim's RNG configuration builders.
#include "experiments/rng_params_yaml.hpp"

#include "sim/base/error.hpp"

namespace scmp::experiments {

using sim::InvalidArgument;
using sim::RngParams;

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

}  // namespace

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

}  // namespace scmp::experiments
