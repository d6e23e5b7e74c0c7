// `scmp list rng|multiplier|scramble|backend|policy|config|source`: prints the names each registry accepts.
#include <iostream>
#include <string>
#include <vector>

#include "app/command.hpp"
#include "experiments/experiment_config.hpp"
#include "experiments/rng_builders.hpp"
#include "mp/policy.hpp"
#include "sim/matmul/backend.hpp"
#include "sim/multiplier/multiplier.hpp"
#include "sim/rng/rng.hpp"

namespace {

const char* kUsage =
    "usage: scmp list <registry>\n\n"
    "registries:\n"
    "  rng         RNG families (hardware.rng pool kinds)\n"
    "  config      RNG configuration builders (hardware.rng.builder)\n"
    "  multiplier  multiplier designs (hardware.multiplier)\n"
    "  scramble    per-lane mask families (hardware.scramble)\n"
    "  backend     matmul backends (scmp sweep --backend)\n"
    "  policy      mixed-precision policies (mp.impl)\n"
    "  source      workload operand sources (workload.operators.<op>.a.source)\n";

int run(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kUsage;
    return scmp::app::exit_ok;
  }
  if (args.size() != 1) {
    std::cerr << kUsage;
    return scmp::app::exit_bad_input;
  }
  const std::string& what = args[0];
  std::vector<std::string> names;
  if (what == "rng") names = scmp::sim::rng_kinds();
  else if (what == "config") names = scmp::experiments::rng_builder_names();
  else if (what == "multiplier") names = scmp::sim::multiplier_names();
  else if (what == "scramble") names = {"off", "counter", "bitrev", "random"};
  else if (what == "backend") names = scmp::sim::backend_names();
  else if (what == "policy") {
    names = scmp::mp::policy_names();
    bool has_uniform = false;
    for (const auto& n : names) has_uniform = has_uniform || n == "uniform";
    if (!has_uniform) names.insert(names.begin(), "uniform");
  } else if (what == "source") names = scmp::experiments::operand_source_names();
  else {
    std::cerr << "scmp list: unknown registry '" << what << "'\n" << kUsage;
    return scmp::app::exit_bad_input;
  }
  for (const auto& n : names) std::cout << n << "\n";
  return scmp::app::exit_ok;
}

}  // namespace

SCMP_COMMAND(list, "print the names a registry accepts (rng, config, multiplier, scramble, backend, policy, source)", run);
