// PTX rcp.approx.f32 / div.full.f32 on the CPU: the correctly rounded reciprocal of the mantissa, corrected by
// MUFU.RCP's measured difference (the embedded table), then the exponent and the range scaling that the
// compiled div.full sequence applies (see triton_div.hpp; proven on every fp32 input by tools/triton_div/).
#include "sim/arith/triton_div.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <vector>

// The table file, assembled into the library by rcp_approx_table.S (.incbin).
extern "C" const unsigned char scmp_rcp_approx_table_begin[];
extern "C" const unsigned char scmp_rcp_approx_table_end[];

namespace scmp::sim {
namespace {

constexpr unsigned kMantissas = 1u << 23;

// 2 bits per mantissa: 0 → same as RN(1/m), 1 → +1 ulp, 2 → −1 ulp.
class DeltaTable {
 public:
  DeltaTable() : bits_(kMantissas / 16, 0u) {
    const unsigned char* p = scmp_rcp_approx_table_begin;
    const unsigned char* end = scmp_rcp_approx_table_end;
    auto fail = [] { throw std::logic_error("rcp_approx_f32.bin: corrupt table (rebuild from tools/triton_div)"); };
    static constexpr char kMagic[8] = {'S', 'C', 'M', 'P', 'R', 'C', 'P', '1'};
    if (end - p < 12) fail();
    for (int i = 0; i < 8; ++i) {
      if (p[i] != static_cast<unsigned char>(kMagic[i])) fail();
    }
    p += 8;
    const std::uint32_t count = p[0] | (p[1] << 8) | (p[2] << 16) | (std::uint32_t{p[3]} << 24);
    p += 4;
    std::int64_t index = -1;
    for (std::uint32_t n = 0; n < count; ++n) {
      std::uint64_t v = 0;
      for (int shift = 0;; shift += 7) {  // LEB128: (gap << 1) | (delta > 0)
        if (p == end || shift > 35) fail();
        v |= std::uint64_t{*p & 0x7Fu} << shift;
        if ((*p++ & 0x80u) == 0) break;
      }
      index += static_cast<std::int64_t>(v >> 1);
      if ((v >> 1) == 0 || index >= static_cast<std::int64_t>(kMantissas)) fail();
      const unsigned code = (v & 1u) ? 1u : 2u;
      bits_[index >> 4] |= code << (2 * (index & 15));
    }
    if (p != end) fail();
  }
  int delta(unsigned m) const {
    const unsigned code = (bits_[m >> 4] >> (2 * (m & 15))) & 3u;
    return code == 1 ? 1 : (code == 2 ? -1 : 0);
  }

 private:
  std::vector<std::uint32_t> bits_;
};

const DeltaTable& table() {
  static const DeltaTable t;  // thread-safe one-time decode (~1 M entries)
  return t;
}

float from_bits(std::uint32_t b) { return std::bit_cast<float>(b); }
std::uint32_t to_bits(float f) { return std::bit_cast<std::uint32_t>(f); }

// MUFU.RCP itself, for a positive input x = 1.m · 2^(e−127) whose reciprocal is normal (2^−126 ≤ x ≤ 2^126,
// subnormal x normalised first): the table's reciprocal of 1.m in (0.5, 1] with its exponent lowered by e − 127;
// infinite above the normal range.
std::uint32_t mufu_rcp_bits(std::uint32_t x) {
  std::int32_t e = static_cast<std::int32_t>(x >> 23);
  std::uint32_t m = x & 0x7FFFFFu;
  if (e == 0) {  // subnormal: 1.m' · 2^(1 − s − 127)
    const int s = std::countl_zero(m) - 8;
    m = (m << s) & 0x7FFFFFu;
    e = 1 - s;
  }
  const std::uint32_t r = to_bits(1.0f / from_bits(0x3F800000u | m)) + static_cast<std::uint32_t>(table().delta(m));
  const std::int32_t re = static_cast<std::int32_t>(r >> 23) - (e - 127);
  if (re >= 255) return 0x7F800000u;
  return (static_cast<std::uint32_t>(re) << 23) | (r & 0x7FFFFFu);
}

float mufu_rcp(float x) {
  const std::uint32_t b = to_bits(x);
  return from_bits((b & 0x80000000u) | mufu_rcp_bits(b & 0x7FFFFFFFu));
}

constexpr float kHuge = 0x1p126f;   // above: the divisor is scaled by 1/4 first (its reciprocal is subnormal)
constexpr float kTiny = 0x1p-126f;  // below (subnormal divisor): scaled by 2^24 first

}  // namespace

int rcp_approx_delta(unsigned mantissa) { return table().delta(mantissa & (kMantissas - 1)); }

float rcp_approx(float x) {
  if (std::isnan(x)) return std::numeric_limits<float>::quiet_NaN();
  if (x == 0.0f) return std::copysign(std::numeric_limits<float>::infinity(), x);
  if (std::isinf(x)) return std::copysign(0.0f, x);
  // A subnormal reciprocal is made by one rounded multiplication by 1/4 (measured: every input above 2^126).
  if (std::fabs(x) > kHuge) return mufu_rcp(x * 0.25f) * 0.25f;
  return mufu_rcp(x);
}

float div_full(float a, float b) {
  // The compiled div.full.f32 sequence: a huge divisor and the dividend are both scaled by 1/4, a subnormal
  // divisor and the dividend by 2^24, so that MUFU.RCP sees a normal operand with a normal reciprocal; then
  // one rounded product.
  const float ab = std::fabs(b);
  if (ab > kHuge) return (a * 0.25f) * rcp_approx(b * 0.25f);
  if (ab < kTiny && ab != 0.0f) return (a * 0x1p24f) * rcp_approx(b * 0x1p24f);
  return a * rcp_approx(b);
}

void append_sigma_divisions(std::vector<float>& a, std::vector<float>& b) {
  for (int p = 2; p <= 16; ++p) {
    for (int q : {(1 << (p - 1)) - 1, (1 << p) - 1}) {
      for (int L = 1; L <= (1 << p); ++L) {
        a.push_back(static_cast<float>(static_cast<double>(q) * q));
        b.push_back(static_cast<float>(L));
      }
    }
  }
}

}  // namespace scmp::sim
