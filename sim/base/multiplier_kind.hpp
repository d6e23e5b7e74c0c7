// The multiplier designs of one SC lane, by name: shared by the cycle engine, the tables, the backends and
// the configuration layer (the design's behaviour lives in sim/multiplier/).
#pragma once
#include <string>

#include "sim/base/registry.hpp"

namespace scmp::sim {

// How one lane multiplies two stochastic numbers (REFERENCE.md §6.1, §13). For a pair with stream length L,
// prepared streams ra, rb of the pair's lane, and boundaries ba, bb:
//   enable      : b's RNG index advances only when a's bit is 1 (UnarySim FSUMul):
//                 k_a = #{t<L : ra[t] < ba};  c = #{j<k_a : rb[j] < bb}
//   thermometer : en(t) = [t < k_a] replayed against b's stream: c = #{t<L : t<k_a && rb[t] < bb} (= enable)
//   and         : two independent streams: c = #{t<L : ra[t] < ba && rb[t] < bb}
//   xnor        : bipolar streams (value x encoded as P(1) = (x+1)/2): c = 2·#{t<L : [ra<ba] == [rb<bb]} − L
// Sign-magnitude bipolar (the reference's bipolar mode): c is multiplied by sign_a·sign_b, i.e. an up/down
// counter; xnor takes no signs (they are inside its encoding).
enum class Multiplier { enable, thermometer, and_gate, xnor };

// The designs' configuration names and one-line descriptions (`scmp list multiplier`, hardware.multiplier),
// in listing order. The behaviour of each lives in its descriptor (sim/multiplier/design.hpp).
inline const NameTable<Multiplier>& multiplier_table() {
  static const NameTable<Multiplier> table(
      "multiplier", {
                        {Multiplier::enable, "enable", "enable-signal AND (UnarySim FSUMul): b's RNG steps only on a's ones"},
                        {Multiplier::thermometer, "thermometer",
                         "a's popcount k_a replayed as en(t) = [t < k_a] against b's stream (counts as enable)"},
                        {Multiplier::and_gate, "and", "AND of two independent comparator streams (unipolar product)"},
                        {Multiplier::xnor, "xnor", "XNOR of two bipolar-encoded streams, up/down count; takes no signs"},
                    });
  return table;
}

// "enable" | "thermometer" | "and" | "xnor"; InvalidArgument("multiplier", name, "expected one of …").
inline Multiplier parse_multiplier(const std::string& name) { return multiplier_table().parse(name); }
inline std::string to_string(Multiplier m) { return multiplier_table().name(m); }

}  // namespace scmp::sim
