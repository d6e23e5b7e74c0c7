// MT19937 (Matsumoto & Nishimura, 2002 reference algorithm) with CPython's seeding and randint draw.
#include "sim/rng/true_random.hpp"

#include "sim/base/error.hpp"

namespace scmp::sim {
namespace {
constexpr int kN = 624;
constexpr int kM = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfu;
constexpr std::uint32_t kUpper = 0x80000000u;
constexpr std::uint32_t kLower = 0x7fffffffu;
}  // namespace

void Mt19937::init_genrand(std::uint32_t s) {
  m_mt[0] = s;
  for (int i = 1; i < kN; ++i) {
    m_mt[i] = 1812433253u * (m_mt[i - 1] ^ (m_mt[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
  }
  m_mti = kN;
}

void Mt19937::init_by_array(const std::uint32_t* key, int length) {
  init_genrand(19650218u);
  int i = 1, j = 0;
  for (int k = (kN > length ? kN : length); k > 0; --k) {
    m_mt[i] = (m_mt[i] ^ ((m_mt[i - 1] ^ (m_mt[i - 1] >> 30)) * 1664525u)) + key[j] + static_cast<std::uint32_t>(j);
    ++i;
    ++j;
    if (i >= kN) {
      m_mt[0] = m_mt[kN - 1];
      i = 1;
    }
    if (j >= length) j = 0;
  }
  for (int k = kN - 1; k > 0; --k) {
    m_mt[i] = (m_mt[i] ^ ((m_mt[i - 1] ^ (m_mt[i - 1] >> 30)) * 1566083941u)) - static_cast<std::uint32_t>(i);
    ++i;
    if (i >= kN) {
      m_mt[0] = m_mt[kN - 1];
      i = 1;
    }
  }
  m_mt[0] = 0x80000000u;  // MSB is 1, assuring a non-zero initial array
  m_mti = kN;
}

void Mt19937::seed_python(std::uint64_t seed) {
  // CPython: key = 32-bit little-endian words of |seed|, at least one word.
  std::uint32_t key[2] = {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
  init_by_array(key, key[1] != 0 ? 2 : 1);
}

std::uint32_t Mt19937::next_u32() {
  if (m_mti >= kN) {
    int k = 0;
    for (; k < kN - kM; ++k) {
      const std::uint32_t y = (m_mt[k] & kUpper) | (m_mt[k + 1] & kLower);
      m_mt[k] = m_mt[k + kM] ^ (y >> 1) ^ ((y & 1u) ? kMatrixA : 0u);
    }
    for (; k < kN - 1; ++k) {
      const std::uint32_t y = (m_mt[k] & kUpper) | (m_mt[k + 1] & kLower);
      m_mt[k] = m_mt[k + (kM - kN)] ^ (y >> 1) ^ ((y & 1u) ? kMatrixA : 0u);
    }
    const std::uint32_t y = (m_mt[kN - 1] & kUpper) | (m_mt[0] & kLower);
    m_mt[kN - 1] = m_mt[kM - 1] ^ (y >> 1) ^ ((y & 1u) ? kMatrixA : 0u);
    m_mti = 0;
  }
  std::uint32_t y = m_mt[m_mti++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= (y >> 18);
  return y;
}

TrueRandomRng::TrueRandomRng(int bits, std::uint64_t seed) : m_bits(bits), m_seed(seed), m_mt(seed) {
  require_range("true_random.bits", bits, 1, 16);
}

std::uint32_t TrueRandomRng::next() {
  // randint(0, 2^p − 1) → _randbelow(2^p) → getrandbits(p + 1) until the draw is < 2^p.
  for (;;) {
    const std::uint32_t r = m_mt.next_u32() >> (31 - m_bits);
    if ((r >> m_bits) == 0) return r;
  }
}

}  // namespace scmp::sim
