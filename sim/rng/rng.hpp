// Random number generators of SC hardware: the sources that feed stochastic number generators.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/base/registry.hpp"

namespace scmp::sim {

// Contract:
// - An RNG is a p-bit register machine (p = bits(), 1..16 unless an implementation states otherwise).
// - next() is one clock cycle: it returns the value the register holds *now*, then advances the state.
//   So the first next() after reset() returns the initial state (the reference's convention, §2).
// - reset() restores the construction-time state; simulate(n) = reset() then n × next() (repeatable).
// - Outputs lie in [0, 2^bits). period() is the number of cycles after which the output sequence repeats.
// - Construction validates every parameter and throws InvalidArgument naming it.
class IRng {
 public:
  virtual ~IRng() = default;
  virtual int bits() const = 0;
  virtual std::uint64_t period() const = 0;
  virtual void reset() = 0;
  virtual std::uint32_t next() = 0;
  virtual std::string kind() const = 0;

  std::vector<std::uint32_t> simulate(std::size_t count) {
    reset();
    std::vector<std::uint32_t> out(count);
    for (auto& v : out) v = next();
    return out;
  }
};

// Parameters of any RNG, as written in configuration files. Only the fields of the chosen kind are read.
struct RngSpec {
  std::string kind = "sobol";               // sobol | lfsr | lfsr_galois | prng | ramp | true_random
  int bits = 8;                              // register width p
  std::vector<std::uint32_t> sobol_seed;     // sobol: direction numerators (empty = default of seed_type)
  std::string seed_type = "q";               // sobol: "q" or "k" default seeds (§2.2)
  std::uint64_t seed = 1;                    // lfsr/lfsr_galois: initial state (≠ 0); prng/true_random: seed
  std::vector<int> taps;                     // lfsr/lfsr_galois: tap positions (empty = first maximal set)
  bool require_maximal = true;               // lfsr/lfsr_galois: reject taps whose period is not 2^bits − 1

  bool operator==(const RngSpec&) const = default;
};

// The RNG families: name (RngSpec::kind), description, the RngSpec fields each reads, constructor.
using RngFactory = std::function<std::unique_ptr<IRng>(const RngSpec&)>;
const Registry<RngFactory>& rng_registry();

// Builds the RNG a spec names. Throws InvalidArgument for an unknown kind or invalid parameters.
std::unique_ptr<IRng> make_rng(const RngSpec& spec);

// Names make_rng accepts, in registry order.
std::vector<std::string> rng_kinds();

}  // namespace scmp::sim
