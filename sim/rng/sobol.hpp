// 1-D Sobol generator, SCGen-compatible (REFERENCE.md §2.2): a p-bit value register, an index counter and a
// direction-vector ROM V[0..p-1]. Each cycle: emit value, then value ^= V[lowest zero bit of index], index++.
#pragma once
#include "sim/rng/rng.hpp"

namespace scmp::sim {

class SobolRng final : public IRng {
 public:
  // seed: direction numerators s_i (s_0 = 1, s_i odd and < 2^(i+1)); empty = default of seed_type ("q"/"k").
  SobolRng(int bits, std::vector<std::uint32_t> seed, const std::string& seed_type = "q");

  static std::vector<std::uint32_t> default_seed(int bits, const std::string& seed_type);

  int bits() const override { return m_bits; }
  // The first 2^p outputs are one Sobol period (a permutation of 0..2^p−1 for valid seeds). Past it the
  // register keeps stepping as the reference's does (no XOR when the lowest zero bit of index is ≥ p), so
  // output j + 2^p = output j XOR V[p−1] and the sequence only repeats after 2^(p+1) cycles.
  std::uint64_t period() const override { return std::uint64_t{2} << m_bits; }
  void reset() override {
    m_index = 0;
    m_value = 0;
  }
  std::uint32_t next() override;
  std::string kind() const override { return "sobol"; }
  const std::vector<std::uint32_t>& direction_vectors() const { return m_v; }

 private:
  int m_bits;
  std::vector<std::uint32_t> m_v;  // V_i = s_i · 2^(p−1−i)
  std::uint64_t m_index = 0;
  std::uint32_t m_value = 0;
};

}  // namespace scmp::sim
