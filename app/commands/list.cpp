// `scmp list [--names] <registry>`: prints each entry of a registry — its name, one-line description and
// parameters — read from the registry itself (sim/base/registry.hpp), so the listing cannot drift from what
// the configuration accepts. `--names` prints the bare names, one per line (for scripts).
#include <algorithm>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "app/command.hpp"
#include "experiments/workload.hpp"
#include "mp/policy.hpp"
#include "sim/matmul/backend.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/multiplier/design.hpp"
#include "sim/rng/rng.hpp"
#include "sim/sng/rng_builders.hpp"
#include "sim/sng/scramble.hpp"

namespace {

using scmp::sim::ListedEntry;

struct Listed {
  const char* name;
  const char* what;  // which configuration key selects among the entries
  std::function<std::vector<ListedEntry>()> entries;
};

const std::vector<Listed>& registries() {
  using namespace scmp;
  static const std::vector<Listed> r = {
      {"rng", "RNG families (hardware.rng pool kinds, scmp rng --kind)", [] { return sim::listing(sim::rng_registry()); }},
      {"config", "RNG configuration builders (hardware.rng.builder)", [] { return sim::rng_builder_listing(); }},
      {"multiplier", "multiplier designs (hardware.multiplier)", [] { return sim::listing(sim::multiplier_registry()); }},
      {"scramble", "per-lane mask families (hardware.scramble)", [] { return sim::listing(sim::mask_family_table()); }},
      {"granularity", "scaling granularities (hardware.granularity)", [] { return sim::listing(sim::granularity_table()); }},
      {"mode", "quantization modes (hardware.mode)", [] { return sim::listing(sim::mode_table()); }},
      {"backend", "matmul backends (scmp sweep --backend)", [] { return sim::listing(sim::backend_registry()); }},
      {"policy", "mixed-precision policies (mp.impl)", [] { return sim::listing(mp::policy_registry()); }},
      {"source", "workload operand sources (workload.operators.<op>.a.source)",
       [] { return sim::listing(experiments::operand_source_registry()); }},
  };
  return r;
}

std::string usage() {
  std::string u =
      "usage: scmp list [--names] <registry>\n\n"
      "Prints every entry of a registry: name, description and parameters (type, default, meaning).\n"
      "  --names     only the names, one per line\n\n"
      "registries:\n";
  for (const auto& r : registries()) {
    std::string name = r.name;
    name.resize(std::max<std::size_t>(name.size() + 2, 13), ' ');
    u += "  " + name + r.what + "\n";
  }
  return u;
}

void print_entries(const std::vector<ListedEntry>& entries) {
  std::size_t width = 0;
  for (const auto& e : entries) width = std::max(width, e.name.size());
  for (const auto& e : entries) {
    std::string name = e.name;
    name.resize(width + 2, ' ');
    std::cout << name << (e.description.empty() ? "-" : e.description) << "\n";
    for (const auto& p : e.params) {
      std::cout << std::string(width + 4, ' ') << p.name << " (" << p.type
                << (p.default_value.empty() ? "" : ", default " + p.default_value) << "): " << p.doc << "\n";
    }
  }
}

int run(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << usage();
    return scmp::app::exit_ok;
  }
  std::vector<std::string> rest;
  bool names_only = false;
  for (const auto& a : args) {
    if (a == "--names") names_only = true;
    else rest.push_back(a);
  }
  if (rest.size() != 1) {
    std::cerr << usage();
    return scmp::app::exit_bad_input;
  }
  const std::string& what = rest[0];
  for (const auto& r : registries()) {
    if (what != r.name) continue;
    const auto entries = r.entries();
    if (names_only) {
      for (const auto& e : entries) std::cout << e.name << "\n";
    } else {
      print_entries(entries);
    }
    return scmp::app::exit_ok;
  }
  std::cerr << "scmp list: unknown registry '" << what << "'\n" << usage();
  return scmp::app::exit_bad_input;
}

}  // namespace

SCMP_COMMAND(list, "print a registry's entries with descriptions and parameters (rng, config, multiplier, scramble, …)",
             run);
