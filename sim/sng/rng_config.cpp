// RNG-to-lane wiring: the default config, validation and raw per-lane sequences.
#include "sim/sng/rng_config.hpp"

#include "sim/base/error.hpp"
#include "sim/sng/scramble.hpp"

namespace scmp::sim {

RngConfig sobol_simple_config(int lanes, int sc_prec) {
  RngConfig c;
  c.name = "sobol_simple";
  c.pool = {RngSpec{.kind = "sobol", .bits = sc_prec, .seed_type = "q"},
            RngSpec{.kind = "sobol", .bits = sc_prec, .seed_type = "k"}};
  c.a.assign(static_cast<std::size_t>(lanes), LaneSource{.rng_id = 0});
  c.b.assign(static_cast<std::size_t>(lanes), LaneSource{.rng_id = 1});
  return c;
}

void validate_rng_config(const RngConfig& config, int lanes, int sc_prec) {
  if (config.pool.empty()) throw InvalidArgument("rng.pool", "[]", "expected at least one RNG");
  for (std::size_t i = 0; i < config.pool.size(); ++i) {
    if (config.pool[i].bits != sc_prec) {
      throw InvalidArgument("rng.pool[" + std::to_string(i) + "].bits", std::to_string(config.pool[i].bits),
                            "expected sc_prec = " + std::to_string(sc_prec) + " (every RNG has sc_prec bits)");
    }
  }
  for (Side side : {Side::a, Side::b}) {
    const auto& entries = side == Side::a ? config.a : config.b;
    const std::string key = side == Side::a ? "rng.a" : "rng.b";
    if (static_cast<int>(entries.size()) < lanes) {
      throw InvalidArgument(key, std::to_string(entries.size()) + " lane entries",
                            "expected at least " + std::to_string(lanes) + " (one per lane used)");
    }
    for (std::size_t e = 0; e < entries.size(); ++e) {
      const auto& src = entries[e];
      const std::string at = key + "[" + std::to_string(e) + "]";
      require_range(at + ".rng_id", src.rng_id, 0, static_cast<int>(config.pool.size()) - 1);
      if (static_cast<int>(src.permutation.size()) > sc_prec) {
        throw InvalidArgument(at + ".permutation", std::to_string(src.permutation.size()) + " entries",
                              "expected at most sc_prec = " + std::to_string(sc_prec));
      }
      for (int bit : src.permutation) require_range(at + ".permutation", bit, 0, sc_prec - 1);
    }
  }
}

std::vector<std::uint32_t> raw_lane_sequence(const RngConfig& config, Side side, int lane, int sc_prec) {
  const auto& src = (side == Side::a ? config.a : config.b).at(static_cast<std::size_t>(lane));
  auto rng = make_rng(config.pool.at(static_cast<std::size_t>(src.rng_id)));
  auto seq = rng->simulate(std::size_t{1} << sc_prec);
  const std::uint32_t top = (std::uint32_t{1} << sc_prec) - 1;
  for (auto& v : seq) {
    if (!src.permutation.empty()) v = permute_bits(v, src.permutation);
    if (src.complement) v = top - v;
  }
  return seq;
}

}  // namespace scmp::sim
