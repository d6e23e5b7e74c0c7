// Named builders of RNG configurations (REFERENCE.md §3.4) — the reference's config_helpers, with every random
// choice drawn from an explicit seed and the antithetic complement really applied.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "sim/base/registry.hpp"
#include "sim/sng/rng_config.hpp"

namespace scmp::sim {

// A builder parameter as written in YAML: a flag, an integer, a name, an integer list, or a list of lists.
using RngParam = std::variant<bool, std::int64_t, std::string, std::vector<std::int64_t>, std::vector<std::vector<std::int64_t>>>;
using RngParams = std::map<std::string, RngParam>;

// Contract:
// - build_rng_config(name, lanes, p, params, random_seed) returns a config with `lanes` entries per side,
//   every pool RNG p bits wide, name = the builder's name. The same arguments give the same config.
// - Every random choice (permutations, taps choices, LFSR seeds, Sobol seeds, coin flips) comes from
//   random_seed (or the param "random_seed", which overrides it) through the counter PRNG.
// - Unknown builder → InvalidArgument("rng.builder", name, known names); unknown or ill-typed parameter →
//   InvalidArgument("rng.params.<key>", value, what the builder accepts).
//
// Builders and their parameters (defaults in brackets; taps default to the first maximal set of p bits,
// LFSR seeds to 125 — or 1 where p < 7 — and taps_choices to every maximal set of p bits):
//   sobol_simple                 —  a ← Sobol q seed, b ← Sobol k seed (the default everywhere)
//   sobol_antithetic             —  as simple, b lanes complemented: value ← (2^p−1) − value
//   sobol_2d                     —  a ← Sobol dimension 1, b ← Sobol dimension 2 (Joe–Kuo direction numbers
//                                1, 3, 5, 15, …): a true two-dimensional low-discrepancy pair, so that designs
//                                multiplying two streams (and, xnor) get Sobol×Sobol accuracy (docs/REFERENCE-NOTES.md)
//   iid_random                   —  a, b ← two independent counter PRNGs (seeded from random_seed): the i.i.d.
//                                baseline whose error falls like 1/√L
//   sobol_altseed                k_seed [2^(i+1)−1]
//   sobol_custom_seed            q_seed [q default], k_seed [k default], use_scrambling [false] (random bit
//                                permutation per a lane)
//   sobol_random_seed            use_scrambling [true] — the reference's broken make_sobol_dse_config: two
//                                random Sobol seeds, each lane permuted with probability ½
//   lfsr_default                 taps, seed — one LFSR; a plain, b bit-reversed
//   lfsr_independent             q_taps, k_taps [second maximal set], q_seed, k_seed [1], q_scramble [none],
//                                k_scramble [none]
//   lfsr_per_element_scramble    taps, seed, k_reverse_of_q [true] — one LFSR, random permutation per lane;
//                                b = reversed(a's permutation) or another random permutation
//   lfsr_fully_independent       taps_choices — one LFSR per lane and side, random taps and seed
//   lfsr_separated_random        taps_choices — two LFSRs with random taps and seeds
//   lfsr_random                  taps_choices, use_scrambling [true] — as separated, permutation w.p. ½
//   lfsr_single_rng_reverse      taps_choices, use_per_element_scrambling [true] — one random LFSR; a random
//                                permutation per lane (or none), b its reverse (or the global reverse)
RngConfig build_rng_config(const std::string& name, int lanes, int sc_prec, const RngParams& params = {},
                           std::uint64_t random_seed = 0);

std::vector<std::string> rng_builder_names();  // alphabetical
// Every builder's name, description and parameters (with types, defaults and docs), for `scmp list config`.
std::vector<ListedEntry> rng_builder_listing();

// The parameter names a builder accepts (for validation before building, e.g. at YAML load).
std::vector<std::string> rng_builder_params(const std::string& name);

// Throws like build_rng_config for an unknown builder or parameter name, without building.
void validate_rng_builder(const std::string& name, const RngParams& params);

// Direct builders (the same as build_rng_config with the named parameters).
RngConfig sobol_antithetic_config(int lanes, int sc_prec);
RngConfig sobol_2d_config(int lanes, int sc_prec);
RngConfig iid_random_config(int lanes, int sc_prec, std::uint64_t random_seed);
RngConfig sobol_altseed_config(int lanes, int sc_prec, std::vector<std::uint32_t> k_seed = {});
RngConfig sobol_custom_seed_config(int lanes, int sc_prec, std::vector<std::uint32_t> q_seed,
                                   std::vector<std::uint32_t> k_seed, bool use_scrambling, std::uint64_t random_seed);
RngConfig lfsr_default_config(int lanes, int sc_prec, std::vector<int> taps = {}, std::uint64_t seed = 0);

}  // namespace scmp::sim
