// Primitive-polynomial test over GF(2) for LFSR tap sets, and the reference-order tap search.
#include "sim/rng/lfsr_taps.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>

#include "sim/base/error.hpp"

namespace scmp::sim {
namespace {

using Poly = std::uint64_t;  // bit i = coefficient of z^i; degree ≤ 32

// (x · y) mod p, where deg x, deg y < n = deg p.
Poly mulmod(Poly x, Poly y, Poly p, int n) {
  Poly r = 0;
  while (y != 0) {
    if (y & 1u) r ^= x;
    y >>= 1;
    x <<= 1;
    if ((x >> n) & 1u) x ^= p;
  }
  return r;
}

Poly powmod_z(std::uint64_t e, Poly p, int n) {
  Poly result = 1, base = 2;  // base = z
  if (n == 1) base = 2 ^ p;   // reduce z mod a degree-1 polynomial
  while (e != 0) {
    if (e & 1u) result = mulmod(result, base, p, n);
    base = mulmod(base, base, p, n);
    e >>= 1;
  }
  return result;
}

std::vector<std::uint64_t> prime_factors(std::uint64_t v) {
  std::vector<std::uint64_t> f;
  for (std::uint64_t q = 2; q * q <= v; ++q) {
    if (v % q == 0) {
      f.push_back(q);
      while (v % q == 0) v /= q;
    }
  }
  if (v > 1) f.push_back(v);
  return f;
}

}  // namespace

bool is_maximal_taps(int bits, const std::vector<int>& taps) {
  require_range("lfsr.bits", bits, 2, 32);
  Poly p = Poly{1} << bits;
  for (int t : taps) {
    require_range("lfsr.taps", t, 0, bits - 1);
    p ^= Poly{1} << t;
  }
  if ((p & 1u) == 0) return false;  // no bit-0 tap: bit 0 is shifted out, the map is not invertible
  const std::uint64_t order = (std::uint64_t{1} << bits) - 1;
  if (powmod_z(order, p, bits) != 1) return false;
  for (std::uint64_t q : prime_factors(order)) {
    if (powmod_z(order / q, p, bits) == 1) return false;
  }
  return true;
}

std::vector<std::vector<int>> maximal_taps(int bits, int limit) {
  require_range("lfsr.bits", bits, 2, 32);
  std::vector<std::vector<int>> found;
  std::vector<int> pick;
  // Combinations of {0..bits-2} of size k in lexicographic (itertools) order.
  std::function<void(int, int)> combine = [&](int start, int k) {
    if (static_cast<int>(found.size()) >= limit) return;
    if (k == 0) {
      std::vector<int> taps = pick;
      taps.push_back(bits - 1);
      std::sort(taps.begin(), taps.end(), std::greater<>());
      if (is_maximal_taps(bits, taps)) found.push_back(taps);
      return;
    }
    for (int i = start; i <= bits - 2; ++i) {
      pick.push_back(i);
      combine(i + 1, k - 1);
      pick.pop_back();
    }
  };
  for (int count = 2; count <= bits && static_cast<int>(found.size()) < limit; count += 2) {
    combine(0, count - 1);
  }
  return found;
}

std::vector<int> first_maximal_taps(int bits) {
  auto sets = maximal_taps(bits, 1);
  if (sets.empty()) throw InvalidArgument("lfsr.bits", std::to_string(bits), "no maximal tap set exists");
  return sets.front();
}

LfsrParameters checked_lfsr_parameters(const std::string& kind, int bits, std::uint64_t seed, std::vector<int> taps,
                                       bool require_maximal) {
  require_range(kind + ".bits", bits, 3, 24);
  if (seed == 0) throw InvalidArgument(kind + ".seed", "0", "expected a non-zero initial state");
  require_range<std::uint64_t>(kind + ".seed", seed, 1, (std::uint64_t{1} << bits) - 1);
  if (taps.empty()) taps = first_maximal_taps(bits);
  for (int t : taps) require_range(kind + ".taps", t, 0, bits - 1);
  std::sort(taps.begin(), taps.end(), std::greater<>());
  taps.erase(std::unique(taps.begin(), taps.end()), taps.end());
  const bool maximal = is_maximal_taps(bits, taps);
  if (require_maximal && !maximal) {
    std::string txt;
    for (int t : taps) {
      txt += txt.empty() ? '[' : ',';
      txt += std::to_string(t);
    }
    throw InvalidArgument(kind + ".taps", txt + "]",
                          "not a maximal-length tap set for " + std::to_string(bits) +
                              " bits (right-shift form needs bit 0 and bit n-1 and a primitive polynomial)");
  }
  return {static_cast<std::uint32_t>(seed), std::move(taps), maximal ? (std::uint64_t{1} << bits) - 1 : 0};
}

}  // namespace scmp::sim
