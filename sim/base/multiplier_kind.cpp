// Names of the multiplier designs.
#include "sim/base/multiplier_kind.hpp"

#include "sim/base/error.hpp"

namespace scmp::sim {

Multiplier parse_multiplier(const std::string& name) {
  if (name == "enable") return Multiplier::enable;
  if (name == "thermometer") return Multiplier::thermometer;
  if (name == "and") return Multiplier::and_gate;
  if (name == "xnor") return Multiplier::xnor;
  throw InvalidArgument("multiplier", name, "expected enable, thermometer, and or xnor");
}

std::string to_string(Multiplier m) {
  switch (m) {
    case Multiplier::enable: return "enable";
    case Multiplier::thermometer: return "thermometer";
    case Multiplier::and_gate: return "and";
    case Multiplier::xnor: return "xnor";
  }
  return "?";
}

}  // namespace scmp::sim
