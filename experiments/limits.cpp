// Resource limits: the table of names, parsing of --limit, the one refusal message.
#include "experiments/limits.hpp"

#include <limits>
#include <utility>

#include "sim/error.hpp"

namespace scmp::experiments {

namespace {
std::vector<std::pair<std::string, std::int64_t Limits::*>> table() {
  return {{"operand_elements", &Limits::operand_elements}, {"output_elements", &Limits::output_elements},
          {"grid_points", &Limits::grid_points},           {"yaml_nodes", &Limits::yaml_nodes},
          {"yaml_depth", &Limits::yaml_depth},             {"config_bytes", &Limits::config_bytes},
          {"index_rows", &Limits::index_rows},             {"hdf5_check_seconds", &Limits::hdf5_check_seconds}};
}
}  // namespace

Limits& limits() {
  static Limits l;
  return l;
}

std::vector<std::string> limit_names() {
  std::vector<std::string> names;
  for (const auto& [n, m] : table()) names.push_back(n);
  return names;
}

void set_limit(const std::string& assignment) {
  const auto eq = assignment.find('=');
  std::string names;
  for (const auto& n : limit_names()) names += (names.empty() ? "" : ", ") + n;
  if (eq == std::string::npos) throw sim::InvalidArgument("--limit", assignment, "expected NAME=VALUE with NAME one of " + names);
  const std::string name = assignment.substr(0, eq), text = assignment.substr(eq + 1);
  for (const auto& [n, member] : table()) {
    if (n != name) continue;
    std::int64_t v = 0;
    std::size_t used = 0;
    try {
      v = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size() || v < 1) throw sim::InvalidArgument("--limit " + name, text, "expected a positive integer");
    limits().*member = v;
    return;
  }
  throw sim::InvalidArgument("--limit", assignment, "unknown limit '" + name + "'; known: " + names);
}

void check_limit(const std::string& name, std::int64_t amount, const std::string& field, const std::string& value,
                 const std::string& what) {
  for (const auto& [n, member] : table()) {
    if (n != name) continue;
    const std::int64_t lim = limits().*member;
    if (amount <= lim) return;
    const std::string amount_text = amount == std::numeric_limits<std::int64_t>::max() ? "more than 2^63" : std::to_string(amount);
    throw sim::InvalidArgument(field, value,
                               what + " (" + amount_text + ") exceeds the limit " + name + " = " + std::to_string(lim) +
                                   " (raise it with --limit " + name + "=N; docs/RELIABILITY.md)");
  }
  throw sim::Error("internal: unknown limit " + name);
}

std::int64_t checked_product(const std::vector<std::int64_t>& dims) {
  std::int64_t n = 1;
  for (const auto d : dims) {
    if (d < 0 || __builtin_mul_overflow(n, d, &n)) return std::numeric_limits<std::int64_t>::max();
  }
  return n;
}

}  // namespace scmp::experiments
