// Multiplier registry: name → design. The list is explicit (a static library would drop self-registering
// translation units that nothing references).
#include <utility>

#include "sim/base/error.hpp"
#include "sim/multiplier/multiplier.hpp"

namespace scmp::sim {

std::unique_ptr<IMultiplier> make_enable_multiplier();
std::unique_ptr<IMultiplier> make_thermometer_multiplier();
std::unique_ptr<IMultiplier> make_and_multiplier();
std::unique_ptr<IMultiplier> make_xnor_multiplier();

namespace {
struct Entry {
  Multiplier design;
  std::unique_ptr<IMultiplier> (*make)();
};
constexpr Entry k_registry[] = {
    {Multiplier::enable, make_enable_multiplier},
    {Multiplier::thermometer, make_thermometer_multiplier},
    {Multiplier::and_gate, make_and_multiplier},
    {Multiplier::xnor, make_xnor_multiplier},
};
}  // namespace

std::unique_ptr<IMultiplier> make_multiplier(Multiplier design) {
  for (const auto& e : k_registry) {
    if (e.design == design) return e.make();
  }
  throw InvalidArgument("multiplier", to_string(design), "not registered");
}

std::unique_ptr<IMultiplier> make_multiplier(const std::string& name) { return make_multiplier(parse_multiplier(name)); }

std::vector<std::string> multiplier_names() {
  std::vector<std::string> names;
  for (const auto& e : k_registry) names.push_back(to_string(e.design));
  return names;
}

}  // namespace scmp::sim
