// Named RNG configuration builders.
#include "sim/sng/rng_builders.hpp"

#include <algorithm>
#include <functional>

#include "sim/base/error.hpp"
#include "sim/rng/lfsr_taps.hpp"
#include "sim/rng/prng.hpp"
#include "sim/rng/splitmix.hpp"
#include "sim/rng/sobol.hpp"
#include "sim/sng/scramble.hpp"

namespace scmp::sim {

namespace {

// Typed access to a builder's parameters; remembers which keys were read so unknown ones can be reported.
class Params {
 public:
  Params(const RngParams& p, std::uint64_t seed) : m_p(p), m_seed(seed) {
    if (const auto it = p.find("random_seed"); it != p.end()) m_seed = static_cast<std::uint64_t>(integer("random_seed", 0));
  }
  bool flag(const std::string& key, bool dflt) const {
    const auto* v = find(key);
    if (!v) return dflt;
    if (const auto* b = std::get_if<bool>(v)) return *b;
    throw InvalidArgument("rng.params." + key, text(*v), "expected true or false");
  }
  std::int64_t integer(const std::string& key, std::int64_t dflt) const {
    const auto* v = find(key);
    if (!v) return dflt;
    if (const auto* i = std::get_if<std::int64_t>(v)) return *i;
    throw InvalidArgument("rng.params." + key, text(*v), "expected an integer");
  }
  std::vector<std::int64_t> list(const std::string& key) const {
    const auto* v = find(key);
    if (!v) return {};
    if (const auto* l = std::get_if<std::vector<std::int64_t>>(v)) return *l;
    throw InvalidArgument("rng.params." + key, text(*v), "expected a list of integers");
  }
  std::vector<std::vector<std::int64_t>> lists(const std::string& key) const {
    const auto* v = find(key);
    if (!v) return {};
    if (const auto* l = std::get_if<std::vector<std::vector<std::int64_t>>>(v)) return *l;
    if (const auto* l = std::get_if<std::vector<std::int64_t>>(v); l && l->empty()) return {};
    throw InvalidArgument("rng.params." + key, text(*v), "expected a list of integer lists");
  }
  std::uint64_t seed() const { return m_seed; }
  // The next unbiased draw in [0, n) of this builder's random stream.
  std::uint64_t draw(std::uint64_t n) { return prng_below(m_seed, m_index, n); }

  static std::string text(const RngParam& v) {
    if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* l = std::get_if<std::vector<std::int64_t>>(&v)) {
      std::string t = "[";
      for (std::size_t k = 0; k < l->size(); ++k) t += (k ? "," : "") + std::to_string((*l)[k]);
      return t + "]";
    }
    return "[[...]]";
  }

 private:
  const RngParam* find(const std::string& key) const {
    const auto it = m_p.find(key);
    return it == m_p.end() ? nullptr : &it->second;
  }
  const RngParams& m_p;
  std::uint64_t m_seed;
  std::uint64_t m_index = 0;
};

std::vector<int> to_ints(const std::vector<std::int64_t>& v) { return {v.begin(), v.end()}; }
std::vector<std::uint32_t> to_u32(const std::vector<std::int64_t>& v) { return {v.begin(), v.end()}; }

std::uint64_t default_lfsr_seed(int p) { return p >= 7 ? 125 : 1; }

RngSpec lfsr_spec(int p, std::vector<int> taps, std::uint64_t seed) {
  return RngSpec{.kind = "lfsr", .bits = p, .seed = seed, .taps = taps.empty() ? first_maximal_taps(p) : std::move(taps)};
}

std::vector<std::vector<int>> taps_choices(const Params& prm, int p) {
  auto given = prm.lists("taps_choices");
  std::vector<std::vector<int>> out;
  for (const auto& t : given) out.push_back(to_ints(t));
  if (out.empty()) out = maximal_taps(p, 64);
  return out;
}

// A random LFSR: taps drawn from the choices, seed uniform in 1..2^p−1 (the reference's randint(1, 2^p−1)).
RngSpec random_lfsr(Params& prm, int p, const std::vector<std::vector<int>>& choices) {
  const auto& taps = choices[prm.draw(choices.size())];
  const std::uint64_t seed = 1 + prm.draw((std::uint64_t{1} << p) - 1);
  return lfsr_spec(p, taps, seed);
}

// Fisher–Yates over the builder's random stream.
std::vector<int> draw_permutation(Params& prm, int p) {
  std::vector<int> perm(static_cast<std::size_t>(p));
  for (int i = 0; i < p; ++i) perm[static_cast<std::size_t>(i)] = i;
  for (int i = p - 1; i > 0; --i) std::swap(perm[static_cast<std::size_t>(i)], perm[prm.draw(static_cast<std::uint64_t>(i) + 1)]);
  return perm;
}

// The reference's optional scrambling of its random configs: with use_scrambling (default true), every lane of
// a, then of b, is given a random bit permutation with probability 1/2.
void maybe_permute_lanes(RngConfig& c, Params& prm, int p) {
  if (!prm.flag("use_scrambling", true)) return;
  for (auto* side : {&c.a, &c.b}) {
    for (auto& e : *side) {
      if (prm.draw(2) == 1) e.permutation = draw_permutation(prm, p);
    }
  }
}

RngConfig two_sided(const std::string& name, std::vector<RngSpec> pool, int lanes, int a_id, int b_id) {
  RngConfig c;
  c.name = name;
  c.pool = std::move(pool);
  c.a.assign(static_cast<std::size_t>(lanes), LaneSource{.rng_id = a_id});
  c.b.assign(static_cast<std::size_t>(lanes), LaneSource{.rng_id = b_id});
  return c;
}

// Every builder accepts random_seed besides its own parameters.
const ParamSpec k_random_seed{"random_seed", "int", "", "seed of every random choice (default: the experiment seed)"};

using Builder = std::function<RngConfig(int lanes, int p, Params&)>;
using BuilderRegistry = Registry<Builder>;

std::vector<ParamSpec> with_random_seed(std::vector<ParamSpec> params) {
  params.push_back(k_random_seed);
  return params;
}

const BuilderRegistry& builders() {
  static const BuilderRegistry table(
      "rng.builder",
      {
          {"sobol_simple", "a <- Sobol q seed, b <- Sobol k seed (the default everywhere)",
           with_random_seed({}),
           [](int lanes, int p, Params&) { return sobol_simple_config(lanes, p); }},
          {"sobol_antithetic", "as sobol_simple, b lanes complemented: value <- (2^p-1) - value",
           with_random_seed({}),
           [](int lanes, int p, Params&) { return sobol_antithetic_config(lanes, p); }},
          {"sobol_2d", "a <- Sobol dimension 1, b <- dimension 2: Sobol x Sobol accuracy for the and/xnor designs",
           with_random_seed({}),
           [](int lanes, int p, Params&) { return sobol_2d_config(lanes, p); }},
          {"iid_random", "a, b <- two independent counter PRNGs: the i.i.d. baseline (error ~ 1/sqrt(L))",
           with_random_seed({}),
           [](int lanes, int p, Params& prm) { return iid_random_config(lanes, p, prm.seed()); }},
          {"sobol_altseed", "a <- Sobol q seed, b <- Sobol with the given k seed",
           with_random_seed({{"k_seed", "int list", "", "Sobol direction numerators of b (default 2^(i+1)-1)"}}),
           [](int lanes, int p, Params& prm) { return sobol_altseed_config(lanes, p, to_u32(prm.list("k_seed"))); }},
          {"sobol_custom_seed", "a, b <- Sobol with given q and k seeds, optionally a random bit permutation per a lane",
           with_random_seed({{"q_seed", "int list", "", "direction numerators of a (default: the q seed)"},
                             {"k_seed", "int list", "", "direction numerators of b (default: the k seed)"},
                             {"use_scrambling", "bool", "false", "a random bit permutation per a lane"}}),
           [](int lanes, int p, Params& prm) {
             return sobol_custom_seed_config(lanes, p, to_u32(prm.list("q_seed")), to_u32(prm.list("k_seed")),
                                             prm.flag("use_scrambling", false), prm.seed());
           }},
          {"sobol_random_seed", "the reference's make_sobol_dse_config: two random Sobol seeds, lanes permuted w.p. 1/2",
           with_random_seed({{"use_scrambling", "bool", "true", "permute each lane with probability 1/2"}}),
           [](int lanes, int p, Params& prm) {
             const auto random_sobol_seed = [&] {
               std::vector<std::uint32_t> s{1};
               for (int i = 1; i < p; ++i) s.push_back(static_cast<std::uint32_t>(2 * prm.draw(std::uint64_t{1} << i) + 1));
               return s;
             };
             auto c = two_sided("sobol_random_seed",
                                {RngSpec{.kind = "sobol", .bits = p, .sobol_seed = random_sobol_seed()},
                                 RngSpec{.kind = "sobol", .bits = p, .sobol_seed = random_sobol_seed()}},
                                lanes, 0, 1);
             maybe_permute_lanes(c, prm, p);
             return c;
           }},
          {"lfsr_default", "one LFSR: a plain, b bit-reversed",
           with_random_seed({{"taps", "int list", "", "tap positions (default: the first maximal set of p bits)"},
                             {"seed", "int", "", "initial LFSR state (default 125, or 1 where p < 7)"}}),
           [](int lanes, int p, Params& prm) {
             return lfsr_default_config(lanes, p, to_ints(prm.list("taps")),
                                        static_cast<std::uint64_t>(prm.integer("seed", 0)));
           }},
          {"lfsr_independent", "two LFSRs (q, k) with their own taps, seeds and bit permutations",
           with_random_seed({{"q_taps", "int list", "", "taps of a's LFSR (default: the first maximal set)"},
                             {"k_taps", "int list", "", "taps of b's LFSR (default: the second maximal set)"},
                             {"q_seed", "int", "", "initial state of a's LFSR (default 125, or 1 where p < 7)"},
                             {"k_seed", "int", "1", "initial state of b's LFSR"},
                             {"q_scramble", "int list", "", "bit permutation of a (default: none)"},
                             {"k_scramble", "int list", "", "bit permutation of b (default: none)"}}),
           [](int lanes, int p, Params& prm) {
             auto k_taps = to_ints(prm.list("k_taps"));
             if (k_taps.empty()) {
               const auto sets = maximal_taps(p, 2);
               k_taps = sets.back();
             }
             auto c = two_sided("lfsr_independent",
                                {lfsr_spec(p, to_ints(prm.list("q_taps")),
                                           static_cast<std::uint64_t>(prm.integer("q_seed", static_cast<std::int64_t>(default_lfsr_seed(p))))),
                                 lfsr_spec(p, k_taps, static_cast<std::uint64_t>(prm.integer("k_seed", 1)))},
                                lanes, 0, 1);
             for (auto& e : c.a) e.permutation = to_ints(prm.list("q_scramble"));
             for (auto& e : c.b) e.permutation = to_ints(prm.list("k_scramble"));
             return c;
           }},
          {"lfsr_per_element_scramble", "one LFSR, a random permutation per lane; b = its reverse or another random one",
           with_random_seed({{"taps", "int list", "", "tap positions (default: the first maximal set of p bits)"},
                             {"seed", "int", "", "initial LFSR state (default 125, or 1 where p < 7)"},
                             {"k_reverse_of_q", "bool", "true", "b's permutation is the reverse of a's (else another random one)"}}),
           [](int lanes, int p, Params& prm) {
             const std::int64_t seed = prm.integer("seed", static_cast<std::int64_t>(default_lfsr_seed(p)));
             auto c = two_sided("lfsr_per_element_scramble", {lfsr_spec(p, to_ints(prm.list("taps")), static_cast<std::uint64_t>(seed))},
                                lanes, 0, 0);
             const bool reverse = prm.flag("k_reverse_of_q", true);
             for (int d = 0; d < lanes; ++d) {
               auto& qa = c.a[static_cast<std::size_t>(d)];
               qa.permutation = draw_permutation(prm, p);
               auto& kb = c.b[static_cast<std::size_t>(d)];
               kb.permutation = reverse ? std::vector<int>(qa.permutation.rbegin(), qa.permutation.rend()) : draw_permutation(prm, p);
             }
             return c;
           }},
          {"lfsr_fully_independent", "one LFSR per lane and side, random taps and seed",
           with_random_seed({{"taps_choices", "list of int lists", "", "tap sets to draw from (default: every maximal set of p bits)"}}),
           [](int lanes, int p, Params& prm) {
             const auto choices = taps_choices(prm, p);
             RngConfig c;
             c.name = "lfsr_fully_independent";
             for (int i = 0; i < 2 * lanes; ++i) c.pool.push_back(random_lfsr(prm, p, choices));
             for (int d = 0; d < lanes; ++d) {
               c.a.push_back(LaneSource{.rng_id = d});
               c.b.push_back(LaneSource{.rng_id = lanes + d});
             }
             return c;
           }},
          {"lfsr_separated_random", "two LFSRs with random taps and seeds",
           with_random_seed({{"taps_choices", "list of int lists", "", "tap sets to draw from (default: every maximal set of p bits)"}}),
           [](int lanes, int p, Params& prm) {
             const auto choices = taps_choices(prm, p);
             auto q = random_lfsr(prm, p, choices);
             auto k = random_lfsr(prm, p, choices);
             return two_sided("lfsr_separated_random", {q, k}, lanes, 0, 1);
           }},
          {"lfsr_random", "as lfsr_separated_random, each lane permuted w.p. 1/2",
           with_random_seed({{"taps_choices", "list of int lists", "", "tap sets to draw from (default: every maximal set of p bits)"},
                             {"use_scrambling", "bool", "true", "permute each lane with probability 1/2"}}),
           [](int lanes, int p, Params& prm) {
             const auto choices = taps_choices(prm, p);
             auto q = random_lfsr(prm, p, choices);
             auto k = random_lfsr(prm, p, choices);
             auto c = two_sided("lfsr_random", {q, k}, lanes, 0, 1);
             maybe_permute_lanes(c, prm, p);
             return c;
           }},
          {"lfsr_single_rng_reverse", "one random LFSR; a random permutation per lane (or none), b its reverse",
           with_random_seed({{"taps_choices", "list of int lists", "", "tap sets to draw from (default: every maximal set of p bits)"},
                             {"use_per_element_scrambling", "bool", "true", "a random permutation per lane (else none, b globally reversed)"}}),
           [](int lanes, int p, Params& prm) {
             const auto choices = taps_choices(prm, p);
             auto c = two_sided("lfsr_single_rng_reverse", {random_lfsr(prm, p, choices)}, lanes, 0, 0);
             const bool per_element = prm.flag("use_per_element_scrambling", true);
             for (int d = 0; d < lanes; ++d) {
               auto& qa = c.a[static_cast<std::size_t>(d)];
               auto& kb = c.b[static_cast<std::size_t>(d)];
               if (per_element) {
                 qa.permutation = draw_permutation(prm, p);
                 kb.permutation = std::vector<int>(qa.permutation.rbegin(), qa.permutation.rend());
               } else {
                 kb.permutation = reverse_permutation(p);
               }
             }
             return c;
           }},
      },
      RegistryOrder::by_name);
  return table;
}

const BuilderRegistry::Entry& entry(const std::string& name) { return builders().at(name, "unknown RNG config builder; "); }

}  // namespace

std::vector<std::string> rng_builder_names() { return builders().names(); }

std::vector<ListedEntry> rng_builder_listing() { return listing(builders()); }

std::vector<std::string> rng_builder_params(const std::string& name) {
  std::vector<std::string> names;
  for (const auto& p : entry(name).params) names.push_back(p.name);
  return names;
}

void validate_rng_builder(const std::string& name, const RngParams& params) {
  const auto allowed = rng_builder_params(name);
  for (const auto& [key, value] : params) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw InvalidArgument("rng.params." + key, Params::text(value),
                            "unknown parameter of builder " + name + "; accepted: " + join_names(allowed));
    }
  }
}

RngConfig build_rng_config(const std::string& name, int lanes, int sc_prec, const RngParams& params,
                           std::uint64_t random_seed) {
  validate_rng_builder(name, params);
  require_range("lanes", lanes, 1, 1 << 24);
  require_range("sc_prec", sc_prec, 2, 16);
  Params prm(params, random_seed);
  RngConfig c = entry(name).factory(lanes, sc_prec, prm);
  c.name = name;
  validate_rng_config(c, lanes, sc_prec);
  return c;
}

RngConfig sobol_antithetic_config(int lanes, int sc_prec) {
  RngConfig c = sobol_simple_config(lanes, sc_prec);
  c.name = "sobol_antithetic";
  for (auto& e : c.b) e.complement = true;  // the reference sets this flag and ignores it (§12.5)
  return c;
}

RngConfig sobol_2d_config(int lanes, int sc_prec) {
  // Joe–Kuo dimension 2 (primitive polynomial x + 1): m_1 = 1, m_k = 2·m_{k−1} XOR m_{k−1} → 1, 3, 5, 15, 17, …
  std::vector<std::uint32_t> m{1};
  while (static_cast<int>(m.size()) < sc_prec) m.push_back((m.back() << 1) ^ m.back());
  return two_sided("sobol_2d",
                   {RngSpec{.kind = "sobol", .bits = sc_prec, .seed_type = "q"},
                    RngSpec{.kind = "sobol", .bits = sc_prec, .sobol_seed = std::move(m), .seed_type = "k"}},
                   lanes, 0, 1);
}

RngConfig iid_random_config(int lanes, int sc_prec, std::uint64_t random_seed) {
  return two_sided("iid_random",
                   {RngSpec{.kind = "prng", .bits = sc_prec, .seed = derive_seed(random_seed, "iid_random.a")},
                    RngSpec{.kind = "prng", .bits = sc_prec, .seed = derive_seed(random_seed, "iid_random.b")}},
                   lanes, 0, 1);
}

RngConfig sobol_altseed_config(int lanes, int sc_prec, std::vector<std::uint32_t> k_seed) {
  if (k_seed.empty()) {
    for (int i = 0; i < sc_prec; ++i) k_seed.push_back((std::uint32_t{2} << i) - 1);
  }
  return two_sided("sobol_altseed",
                   {RngSpec{.kind = "sobol", .bits = sc_prec, .seed_type = "q"},
                    RngSpec{.kind = "sobol", .bits = sc_prec, .sobol_seed = std::move(k_seed), .seed_type = "k"}},
                   lanes, 0, 1);
}

RngConfig sobol_custom_seed_config(int lanes, int sc_prec, std::vector<std::uint32_t> q_seed,
                                   std::vector<std::uint32_t> k_seed, bool use_scrambling, std::uint64_t random_seed) {
  auto c = two_sided("sobol_custom_seed",
                     {RngSpec{.kind = "sobol", .bits = sc_prec, .sobol_seed = std::move(q_seed), .seed_type = "q"},
                      RngSpec{.kind = "sobol", .bits = sc_prec, .sobol_seed = std::move(k_seed), .seed_type = "k"}},
                     lanes, 0, 1);
  if (use_scrambling) {
    for (std::size_t d = 0; d < c.a.size(); ++d) {
      c.a[d].permutation = random_permutation(sc_prec, splitmix64_at(random_seed, d));
    }
  }
  return c;
}

RngConfig lfsr_default_config(int lanes, int sc_prec, std::vector<int> taps, std::uint64_t seed) {
  auto c = two_sided("lfsr_default", {lfsr_spec(sc_prec, std::move(taps), seed == 0 ? default_lfsr_seed(sc_prec) : seed)},
                     lanes, 0, 0);
  for (auto& e : c.b) e.permutation = reverse_permutation(sc_prec);
  return c;
}

}  // namespace scmp::sim
