// The RNG registry: YAML `kind:` string → constructor, with each family's description and parameters (the
// RngSpec fields it reads). Adding an RNG = sim/rng/<name>.{hpp,cpp} + one entry here.
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

const ParamSpec k_bits{"bits", "int", "8", "register width p (1..16; lfsr kinds 3..24)"};
const ParamSpec k_seed{"seed", "int", "1", "seed of the generator"};

std::vector<ParamSpec> lfsr_params() {
  return {k_bits,
          {"seed", "int", "1", "initial state, 1..2^p-1"},
          {"taps", "int list", "", "tap positions (default: the first maximal set of p bits)"},
          {"require_maximal", "bool", "true", "reject taps whose period is not 2^p - 1"}};
}

}  // namespace

const Registry<RngFactory>& rng_registry() {
  static const Registry<RngFactory> r(
      "rng.kind",
      {
          {"sobol", "Sobol sequence (one dimension, direction numerators from a q or k seed)",
           {k_bits,
            {"sobol_seed", "int list", "", "direction numerators, p of them (default: those of seed_type)"},
            {"seed_type", "name", "q", "default seed set: q or k"}},
           [](const RngSpec& s) { return std::make_unique<SobolRng>(s.bits, s.sobol_seed, s.seed_type); }},
          {"lfsr", "Fibonacci LFSR (external XOR feedback)", lfsr_params(),
           [](const RngSpec& s) { return std::make_unique<FibonacciLfsr>(s.bits, s.seed, s.taps, s.require_maximal); }},
          {"lfsr_galois", "Galois LFSR (internal XOR feedback)", lfsr_params(),
           [](const RngSpec& s) { return std::make_unique<GaloisLfsr>(s.bits, s.seed, s.taps, s.require_maximal); }},
          {"prng", "counter-based pseudo-random: SplitMix64(seed, t), i.i.d. uniform p-bit draws", {k_bits, k_seed},
           [](const RngSpec& s) { return std::make_unique<CounterPrng>(s.bits, s.seed); }},
          {"ramp", "the cycle counter t mod 2^p: a thermometer (unary, temporal) code", {k_bits},
           [](const RngSpec& s) { return std::make_unique<RampRng>(s.bits); }},
          {"true_random", "CPython random (MT19937) bit for bit: the reference's TrueRandom", {k_bits, k_seed},
           [](const RngSpec& s) { return std::make_unique<TrueRandomRng>(s.bits, s.seed); }},
      });
  return r;
}

std::unique_ptr<IRng> make_rng(const RngSpec& spec) { return rng_registry().at(spec.kind).factory(spec); }

std::vector<std::string> rng_kinds() { return rng_registry().names(); }

}  // namespace scmp::sim
