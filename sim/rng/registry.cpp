// The RNG registry: YAML `kind:` string → constructor. Adding an RNG = one file + one line here.
#include <functional>
#include <utility>

#include "sim/base/error.hpp"
#include "sim/rng/lfsr.hpp"
#include "sim/rng/lfsr_galois.hpp"
#include "sim/rng/prng.hpp"
#include "sim/rng/ramp.hpp"
#include "sim/rng/rng.hpp"
#include "sim/rng/sobol.hpp"
#include "sim/rng/true_random.hpp"

namespace scmp::sim {
namespace {

using Factory = std::function<std::unique_ptr<IRng>(const RngSpec&)>;

const std::vector<std::pair<std::string, Factory>>& registry() {
  static const std::vector<std::pair<std::string, Factory>> r = {
      {"sobol", [](const RngSpec& s) { return std::make_unique<SobolRng>(s.bits, s.sobol_seed, s.seed_type); }},
      {"lfsr", [](const RngSpec& s) { return std::make_unique<FibonacciLfsr>(s.bits, s.seed, s.taps, s.require_maximal); }},
      {"lfsr_galois",
       [](const RngSpec& s) { return std::make_unique<GaloisLfsr>(s.bits, s.seed, s.taps, s.require_maximal); }},
      {"prng", [](const RngSpec& s) { return std::make_unique<CounterPrng>(s.bits, s.seed); }},
      {"ramp", [](const RngSpec& s) { return std::make_unique<RampRng>(s.bits); }},
      {"true_random", [](const RngSpec& s) { return std::make_unique<TrueRandomRng>(s.bits, s.seed); }},
  };
  return r;
}

}  // namespace

std::unique_ptr<IRng> make_rng(const RngSpec& spec) {
  for (const auto& [name, factory] : registry()) {
    if (name == spec.kind) return factory(spec);
  }
  std::string known;
  for (const auto& [name, factory] : registry()) known += (known.empty() ? "" : ", ") + name;
  throw InvalidArgument("rng.kind", spec.kind, "expected one of " + known);
}

std::vector<std::string> rng_kinds() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : registry()) names.push_back(name);
  return names;
}

}  // namespace scmp::sim
