// Ramp (temporal) source: the cycle counter itself, value(t) = t mod 2^p. A comparator against it emits
// [t < b]: b ones then zeros — a thermometer (unary) code, the deterministic "temporal" SC encoding.
#pragma once
#include "sim/rng/rng.hpp"

namespace scmp::sim {

class RampRng final : public IRng {
 public:
  explicit RampRng(int bits);  // bits 1..16

  int bits() const override { return m_bits; }
  std::uint64_t period() const override { return std::uint64_t{1} << m_bits; }
  void reset() override { m_count = 0; }
  std::uint32_t next() override;
  std::string kind() const override { return "ramp"; }

 private:
  int m_bits;
  std::uint32_t m_count = 0;
};

}  // namespace scmp::sim
