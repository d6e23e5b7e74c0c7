// What the two LFSR forms (lfsr.hpp, lfsr_galois.hpp) share: the checked parameters (width, seed, Fibonacci
// tap set, period), the register and its reset, its kind name. Each form adds only its mask and its next().
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/rng/lfsr_taps.hpp"
#include "sim/rng/rng.hpp"

namespace scmp::sim::detail {

class LfsrBase : public IRng {
 public:
  int bits() const final { return m_bits; }
  // 2^n − 1 for a maximal tap set; 0 when the set is not maximal (period not computed).
  std::uint64_t period() const final { return m_period; }
  void reset() final { m_reg = m_seed; }
  std::string kind() const final { return m_kind; }
  const std::vector<int>& taps() const { return m_taps; }

 protected:
  // kind: the registry name ("lfsr", "lfsr_galois"), also in errors; throws InvalidArgument like
  // checked_lfsr_parameters.
  LfsrBase(const char* kind, int bits, std::uint64_t seed, std::vector<int> taps, bool require_maximal)
      : m_kind(kind), m_bits(bits) {
    auto checked = checked_lfsr_parameters(kind, bits, seed, std::move(taps), require_maximal);
    m_seed = checked.seed;
    m_taps = std::move(checked.taps);
    m_period = checked.period;
    m_reg = m_seed;
  }

  const char* m_kind;
  int m_bits;
  std::uint32_t m_seed = 0;
  std::vector<int> m_taps;
  std::uint32_t m_reg = 0;
  std::uint64_t m_period = 0;
};

}  // namespace scmp::sim::detail
