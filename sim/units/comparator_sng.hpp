// Comparator stochastic number generator: a boundary register and a strict less-than comparator.
#pragma once
#include <cstdint>

namespace scmp::sim {

// Contract:
// - Holds one boundary b ∈ [0, G] (loaded before cycle 0; constant for the run).
// - Each cycle it samples the shared RNG value r ∈ [0, G) and emits bit = [r < b] (STRICT <, REFERENCE.md §4.3:
//   b = 0 never fires, b = G always fires).
// - Combinational: the bit belongs to the same cycle as r; no state besides the boundary register.
class ComparatorSng {
 public:
  ComparatorSng() = default;
  explicit ComparatorSng(std::uint32_t boundary) : m_boundary(boundary) {}
  void load(std::uint32_t boundary) { m_boundary = boundary; }
  std::uint32_t boundary() const { return m_boundary; }
  bool operator()(std::uint32_t r) const { return r < m_boundary; }

 private:
  std::uint32_t m_boundary = 0;
};

}  // namespace scmp::sim
