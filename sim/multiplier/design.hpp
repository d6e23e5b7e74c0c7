// One descriptor per multiplier design: everything the model needs to know about a design, in one place, so
// that the engine, the tables, the reference evaluation and the backends ask the descriptor instead of switching
// on the Multiplier value. A design is one file sim/multiplier/<design>_multiplier.cpp (its unit, its formulas
// and its descriptor), its enum value and name row in sim/base/multiplier_kind.hpp and one line in
// sim/multiplier/registry.cpp; the GPU takes its bit formulation from the descriptor (a_by_popcount, packed_gate).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/base/registry.hpp"
#include "sim/multiplier/multiplier.hpp"

namespace scmp::sim {

// The gate of the packed-word count, one popcount per 64 cycles (packed_count, the GPU's binary GEMM).
enum class PackedGate {
  and_popc,  // Σ popc(a & b)
  xor_popc,  // L − 2·Σ popc(a ^ b): the xnor of two bipolar streams, counted ±1
};

struct MultiplierDesign {
  Multiplier id;
  // a's stream enters the count only through its popcount k_a (enable, thermometer): the table path indexes a
  // by k_a (rows 0..L) instead of by its boundary (rows 0..G), and the GPU replays a as a thermometer code.
  bool a_by_popcount = false;
  // The streams are bipolar-encoded ((x+1)/2, xnor): the sign is inside the encoding, so the design takes no
  // sign-magnitude signs and needs bipolar mode.
  bool bipolar_stream = false;
  // The packed form of the count: a's words (a thermometer code of k_a where a_by_popcount) gated with b's.
  PackedGate packed_gate = PackedGate::and_popc;
  // Lane register bits besides the two comparator boundaries, the two RNG indices and the lane counter
  // (thermometer: its enable down-counter), for the activity/area model.
  int (*extra_lane_bits)(int stoc_len) = [](int) { return 0; };
  // The definition (core_problem.hpp lane_count): c for prepared streams ra, rb, length L, boundaries ba, bb.
  std::int64_t (*lane_count)(const std::uint16_t* ra, const std::uint16_t* rb, int stoc_len, int ba, int bb) = nullptr;
  // The same unsigned count from packed comparator words ([r < boundary] per cycle, padding bits 0).
  std::int64_t (*packed_count)(const std::uint64_t* a, const std::uint64_t* b, int words, int stoc_len) = nullptr;
  // Closed-form activity of one lane run (ActivityCounts' definitions) from the popcounts k_a, k_b of the two
  // comparator streams, the unsigned count and the sign product.
  LaneActivity (*activity)(std::int64_t k_a, std::int64_t k_b, int stoc_len, std::int64_t unsigned_count,
                           int sign) = nullptr;
  // The cycle-stepped unit composed from sim/units, built from this descriptor (unit()).
  std::unique_ptr<IMultiplier> (*make_unit)(const MultiplierDesign& design) = nullptr;

  std::unique_ptr<IMultiplier> unit() const { return make_unit(*this); }
};

namespace detail {
template <class Unit>
std::unique_ptr<IMultiplier> make_unit(const MultiplierDesign& design) {
  return std::make_unique<Unit>(design);
}
}  // namespace detail

// The registry of designs (names and descriptions from multiplier_table(), in its order).
const Registry<const MultiplierDesign*>& multiplier_registry();
// The descriptor of a design. Throws InvalidArgument("multiplier", …) for a value without one.
const MultiplierDesign& multiplier_design(Multiplier design);

}  // namespace scmp::sim
