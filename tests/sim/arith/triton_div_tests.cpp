// sim::rcp_approx / div_full: the CPU emulation of PTX rcp.approx.f32 / div.full.f32 (Triton's fp32 `/`).
// The exhaustive proof runs on a GPU (tools/triton_div/run.sh; tests/gpu/triton_div_gpu_tests.cpp re-checks a
// sample in every gpu-check). These CPU tests pin the table and check the emulation against facts measured on
// the reference's H200 independently of it (REFERENCE.md §0): the L at which div.full(q_max², L) ≠ IEEE.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>

#include "sim/arith/triton_div.hpp"
#include "support/catch.hpp"

using scmp::sim::div_full;
using scmp::sim::rcp_approx;

TEST_CASE("rcp_approx table: ±1 ulp from RN(1/m) for 1,108,522 of 2^23 mantissas (H200)", "[sim][arith]") {
  std::uint32_t plus = 0, minus = 0;
  for (std::uint32_t m = 0; m < (1u << 23); ++m) {
    const int d = scmp::sim::rcp_approx_delta(m);
    REQUIRE(d >= -1);
    REQUIRE(d <= 1);
    plus += d == 1;
    minus += d == -1;
  }
  CHECK(plus == 733799);
  CHECK(minus == 374723);
  CHECK(scmp::sim::rcp_approx_delta(0) == 0);  // rcp(1) = 1
}

TEST_CASE("div.full(q_max², L) differs from IEEE exactly at the L the reference measured", "[sim][arith]") {
  // REFERENCE.md §0, measured on the H200 with Triton: the L ≤ 256 where f(16129) ÷ꜰ L ≠ f(16129) ÷ᵢ L, and
  // where f(65025) ÷ꜰ L ≠ IEEE.
  const std::set<int> bipolar = {7,   11,  13,  14,  22,  26,  28,  31,  37,  41,  44,  45,  47,  52,  53,  56,  62,
                                 63,  67,  69,  71,  74,  79,  82,  88,  90,  94,  95,  97,  104, 106, 112, 119, 123,
                                 124, 125, 126, 133, 134, 138, 139, 141, 142, 147, 148, 155, 158, 159, 164, 169, 173,
                                 175, 176, 180, 181, 188, 189, 190, 191, 193, 194, 199, 207, 208, 209, 212, 219, 224,
                                 238, 239, 241, 245, 246, 248, 249, 250, 252, 253, 255};
  const std::set<int> unipolar = {13,  21,  23,  26,  33,  42,  46,  52,  63,  66,  71,  75,  83,  84,  91,  92,  104,
                                  105, 111, 117, 123, 126, 132, 133, 139, 142, 150, 155, 163, 166, 167, 168, 173, 175,
                                  179, 182, 183, 184, 189, 193, 201, 208, 209, 210, 213, 222, 223, 234, 241, 243, 245,
                                  246, 247, 252, 255};
  int differ_1024 = 0;
  for (int L = 1; L <= 1024; ++L) {
    const float l = static_cast<float>(L);
    const bool b = div_full(16129.0f, l) != 16129.0f / l;
    const bool u = div_full(65025.0f, l) != 65025.0f / l;
    differ_1024 += b;
    if (L <= 256) {
      INFO("L = " << L);
      CHECK(b == (bipolar.count(L) == 1));
      CHECK(u == (unipolar.count(L) == 1));
    }
  }
  CHECK(differ_1024 == 303);  // "303 of L = 1..1024"
}

TEST_CASE("div_full: exact cases, specials and the rescaled ranges", "[sim][arith]") {
  const float inf = std::numeric_limits<float>::infinity();
  for (int k = -140; k <= 127; ++k) {  // dividing by a power of two is exact (and so is its reciprocal)
    const float p = std::ldexp(1.0f, k);
    if (k >= -126) CHECK(div_full(3.0f, p) == std::ldexp(3.0f, -k));
  }
  CHECK(rcp_approx(0.0f) == inf);
  CHECK(rcp_approx(-0.0f) == -inf);
  CHECK(std::bit_cast<std::uint32_t>(rcp_approx(inf)) == 0u);
  CHECK(std::isnan(rcp_approx(std::numeric_limits<float>::quiet_NaN())));
  CHECK(std::isnan(div_full(0.0f, 0.0f)));
  // Measured on the H200: a reciprocal below the normal range is rounded once (not flushed), and a huge divisor
  // scales the dividend by 1/4 before the product.
  CHECK(std::bit_cast<std::uint32_t>(rcp_approx(std::bit_cast<float>(0x7E840000u))) == 0x007C1F08u);
  CHECK(std::bit_cast<std::uint32_t>(div_full(std::bit_cast<float>(0xB7BDC92Du), std::bit_cast<float>(0xFE9D2B63u))) ==
        0x0000009Bu);
  CHECK(std::bit_cast<std::uint32_t>(div_full(std::bit_cast<float>(0x3EF1FEAFu), std::bit_cast<float>(0x7E9EEF83u))) ==
        0x0030B91Du);
  // Odd signs are symmetric.
  for (float b : {3.0f, 7.0f, 127.0f, 1e-30f, 3e37f}) {
    CHECK(div_full(-1.0f, b) == -div_full(1.0f, b));
    CHECK(div_full(1.0f, -b) == -div_full(1.0f, b));
  }
}
