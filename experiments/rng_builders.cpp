// hardware.rng → sim::RngConfig, through sim's builder registry (sim/sng/rng_builders.hpp).
#include "experiments/rng_builders.hpp"

#include "sim/sng/rng_builders.hpp"
#include "sim/rng/splitmix.hpp"
#include "sim/sng/rng_config_yaml.hpp"

namespace scmp::experiments {

namespace {

// An experiments-level addition to sim's builders: both operands fed by independent i.i.d. uniform p-bit
// sources (sim's counter PRNG) — the "iid random" baseline of the exhaustive-grid error tables (error ∝ 1/√L).
constexpr const char* kIid = "iid_random";

sim::RngConfig iid_config(int lanes, int sc_prec, const YAML::Node& params, std::uint64_t seed) {
  if (params && params.IsMap() && params["seed"]) seed = params["seed"].as<std::uint64_t>();
  sim::RngConfig c;
  c.name = kIid;
  sim::RngSpec a, b;
  a.kind = b.kind = "prng";
  a.bits = b.bits = sc_prec;
  a.seed = sim::derive_seed(seed, "iid_random.a");
  b.seed = sim::derive_seed(seed, "iid_random.b");
  c.pool = {a, b};
  c.a.assign(static_cast<std::size_t>(lanes), sim::LaneSource{0, {}, false});
  c.b.assign(static_cast<std::size_t>(lanes), sim::LaneSource{1, {}, false});
  return c;
}

sim::RngParams params_of(const HardwareSection& hw) {
  if (!hw.rng.params || hw.rng.params.IsNull() || hw.rng.params.size() == 0) return {};
  return sim::rng_params_from_node(hw.rng.params, "hardware.rng.params");
}
}  // namespace

std::vector<std::string> rng_builder_names() {
  auto names = sim::rng_builder_names();
  names.push_back(kIid);
  return names;
}

void validate_rng_builder(const HardwareSection& hw, const SourceMap& sources) {
  if (hw.rng.builder == kIid) {
    if (!hw.rng.params || !hw.rng.params.IsMap()) return;
    for (const auto& kv : hw.rng.params) {
      const std::string key = kv.first.as<std::string>();
      const std::string path = "hardware.rng.params." + key;
      std::uint64_t v = 0;
      if (key != "seed") throw ConfigError(sources.find(path), path, kv.second.IsScalar() ? kv.second.Scalar() : "?", "unknown parameter of iid_random (known: seed)");
      if (!kv.second.IsScalar() || !YAML::convert<std::uint64_t>::decode(kv.second, v)) {
        throw ConfigError(sources.find(path), path, kv.second.IsScalar() ? kv.second.Scalar() : "?", "expected a non-negative integer seed");
      }
    }
    return;
  }
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
  if (hw.rng.builder == kIid) return iid_config(lanes, hw.sc_prec, hw.rng.params, seed);
  return sim::build_rng_config(hw.rng.builder, lanes, hw.sc_prec, params_of(hw), seed);
}

}  // namespace scmp::experiments
