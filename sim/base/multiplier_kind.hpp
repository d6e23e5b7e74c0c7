// The multiplier designs of one SC lane, by name: shared by the cycle engine, the tables, the backends and
// the configuration layer (the design's behaviour lives in sim/multiplier/).
#pragma once
#include <string>

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

Multiplier parse_multiplier(const std::string& name);  // "enable" | "thermometer" | "and" | "xnor"
std::string to_string(Multiplier m);

}  // namespace scmp::sim
