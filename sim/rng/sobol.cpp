// Sobol generator with seeded direction vectors (REFERENCE.md §2.2).
#include "sim/rng/sobol.hpp"

#include <bit>

#include "sim/base/error.hpp"

namespace scmp::sim {

std::vector<std::uint32_t> SobolRng::default_seed(int bits, const std::string& seed_type) {
  std::vector<std::uint32_t> s(static_cast<std::size_t>(bits), 1u);
  if (seed_type == "k") {
    // The reference's K seed: exactly [1,1,1,1,9,1,41,255] at p = 8, else 9 at i=4 and 41 at i=6.
    if (bits == 8) return {1, 1, 1, 1, 9, 1, 41, 255};
    if (bits >= 5) s[4] = 9;
    if (bits >= 7) s[6] = 41;
  }
  return s;
}

SobolRng::SobolRng(int bits, std::vector<std::uint32_t> seed, const std::string& seed_type) : m_bits(bits) {
  require_range("sobol.bits", bits, 1, 16);
  if (seed_type != "q" && seed_type != "k") {
    throw InvalidArgument("sobol.seed_type", seed_type, "expected q or k");
  }
  if (seed.empty()) seed = default_seed(bits, seed_type);
  if (seed.size() != static_cast<std::size_t>(bits)) {
    std::string txt;
    for (auto s : seed) {
      txt += txt.empty() ? '[' : ',';
      txt += std::to_string(s);
    }
    throw InvalidArgument("sobol.seed", txt.empty() ? "[]" : txt + "]",
                          "expected " + std::to_string(bits) + " direction numerators (one per bit), got " +
                              std::to_string(seed.size()));
  }
  m_v.resize(seed.size());
  for (int i = 0; i < bits; ++i) {
    const std::uint32_t s = seed[static_cast<std::size_t>(i)];
    const std::uint32_t limit = std::uint32_t{1} << (i + 1);
    if (i == 0 ? s != 1 : (s % 2 == 0 || s >= limit)) {
      throw InvalidArgument("sobol.seed[" + std::to_string(i) + "]", std::to_string(s),
                            i == 0 ? "expected 1" : "expected an odd number below " + std::to_string(limit));
    }
    m_v[static_cast<std::size_t>(i)] = s << (bits - 1 - i);
  }
}

std::uint32_t SobolRng::next() {
  const std::uint32_t out = m_value;
  const int c = std::countr_one(m_index);  // position of the least-significant zero bit
  ++m_index;
  if (c < m_bits) m_value ^= m_v[static_cast<std::size_t>(c)];
  return out;
}

}  // namespace scmp::sim
