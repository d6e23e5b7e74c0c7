// hardware.rng → sim::RngConfig, through sim's builder registry (sim/sng/rng_builders.hpp).
#include "experiments/rng_builders.hpp"

#include "experiments/rng_params_yaml.hpp"
#include "sim/sng/rng_builders.hpp"

namespace scmp::experiments {

namespace {

sim::RngParams params_of(const HardwareSection& hw) {
  if (!hw.rng.params || hw.rng.params.IsNull() || hw.rng.params.size() == 0) return {};
  return rng_params_from_node(hw.rng.params, "hardware.rng.params");
}
}  // namespace

std::vector<std::string> rng_builder_names() { return sim::rng_builder_names(); }

void validate_rng_builder(const HardwareSection& hw, const SourceMap& sources) {
  try {
    sim::validate_rng_builder(hw.rng.builder, params_of(hw));
    // Build once for a small lane count so parameter values (not only names) are checked at load.
    (void)sim::build_rng_config(hw.rng.builder, 2, hw.sc_prec, params_of(hw), 0);
  } catch (const ConfigError&) {
    throw;
  } catch (const sim::InvalidArgument& e) {
    std::string field = e.field();
    if (field.rfind("rng", 0) == 0) field = "hardware." + field;
    const std::string what = e.what();
    const std::string prefix = e.field() + " = " + e.value() + ": ";
    throw ConfigError(sources.find(field), field, e.value(), what.rfind(prefix, 0) == 0 ? what.substr(prefix.size()) : what);
  }
}

sim::RngConfig build_rng_config(const HardwareSection& hw, int lanes, std::uint64_t seed) {
  return sim::build_rng_config(hw.rng.builder, lanes, hw.sc_prec, params_of(hw), seed);
}

}  // namespace scmp::experiments
