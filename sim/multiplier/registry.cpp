// The multiplier designs: one descriptor per design, listed here explicitly (a static library would drop
// self-registering translation units that nothing references). Names and descriptions: multiplier_table().
#include "sim/base/error.hpp"
#include "sim/multiplier/design.hpp"

namespace scmp::sim {

extern const MultiplierDesign k_enable_design, k_thermometer_design, k_and_design, k_xnor_design;

namespace {

constexpr const MultiplierDesign* k_designs[] = {&k_enable_design, &k_thermometer_design, &k_and_design, &k_xnor_design};

const MultiplierDesign* descriptor_of(Multiplier m) {
  for (const auto* d : k_designs) {
    if (d->id == m) return d;
  }
  return nullptr;
}

}  // namespace

const Registry<const MultiplierDesign*>& multiplier_registry() {
  using Entry = Registry<const MultiplierDesign*>::Entry;
  static const Registry<const MultiplierDesign*> registry("multiplier", [] {
    std::vector<Entry> entries;
    for (const auto& row : multiplier_table().rows()) {
      if (const auto* d = descriptor_of(row.value)) entries.push_back({row.name, row.description, {}, d});
    }
    return entries;
  }());
  return registry;
}

const MultiplierDesign& multiplier_design(Multiplier design) {
  if (const auto* d = descriptor_of(design)) return *d;
  throw InvalidArgument("multiplier", to_string(design), "no descriptor registered (sim/multiplier/registry.cpp)");
}

std::unique_ptr<IMultiplier> make_multiplier(Multiplier design) { return multiplier_design(design).unit(); }

std::unique_ptr<IMultiplier> make_multiplier(const std::string& name) {
  return multiplier_registry().at(name).factory->unit();
}

std::vector<std::string> multiplier_names() { return multiplier_registry().names(); }

}  // namespace scmp::sim
