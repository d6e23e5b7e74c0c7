// sc_matmul: input validation (every reference ValueError plus the §12 fixes) and exact properties.
#include <cmath>
#include <random>

#include "sim/error.hpp"
#include "sim/matmul/cache.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/metrics/error_metrics.hpp"
#include "sim/quant/smoothquant.hpp"
#include "sim/sng/rng_builders.hpp"
#include "support/catch.hpp"
#include "support/seeds.hpp"
#include "random_config.hpp"

using namespace scmp::sim;
using scmp::testing::random_tensor;

namespace {

// Runs sc_matmul expecting InvalidArgument on `field`, whose message contains `value`.
void expect_error(const Tensor& a, const Tensor& b, const MatmulOptions& o, const std::string& field, const std::string& value) {
  try {
    sc_matmul(a, b, o);
    FAIL("expected an error on " << field);
  } catch (const InvalidArgument& e) {
    INFO(e.what());
    CHECK(e.field() == field);
    CHECK(std::string(e.what()).find(value) != std::string::npos);
  }
}


}  // namespace

TEST_CASE("sc_matmul rejects bad parameters naming the parameter and the value", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/1");
  CAPTURE(seed);
  std::mt19937_64 g(seed);
  const Tensor a = random_tensor(g, {3, 10}), b = random_tensor(g, {4, 10});
  MatmulOptions o;
  SECTION("stoc_len") {
    o.stoc_len = 0;
    expect_error(a, b, o, "stoc_len", "0");
    o.stoc_len = 257;
    expect_error(a, b, o, "stoc_len", "257");
  }
  SECTION("rng_levels") {
    o.rng_levels = 0;
    expect_error(a, b, o, "rng_levels", "0");
    o.rng_levels = 300;
    expect_error(a, b, o, "rng_levels", "300");
  }
  SECTION("sc_prec") {
    o.sc_prec = 1;
    expect_error(a, b, o, "sc_prec", "1");
    o.sc_prec = 17;
    expect_error(a, b, o, "sc_prec", "17");
  }
  SECTION("groups") {
    o.group_a = 0;
    expect_error(a, b, o, "group_a", "0");
    o.group_a = 1;
    o.group_b = -2;
    expect_error(a, b, o, "group_b", "-2");
  }
  SECTION("chunk_d") {
    o.chunk_d = -1;
    expect_error(a, b, o, "chunk_d", "-1");
    o.chunk_d = 4;
    o.granularity = Granularity::per_tensor;
    expect_error(a, b, o, "granularity", "per_tensor");
    o.granularity = Granularity::per_row;
    o.mode = Mode::unipolar;
    expect_error(a, b, o, "mode", "unipolar");
    o.mode = Mode::bipolar;
    o.group_a = 2;
    expect_error(a, b, o, "group_a", "2");
    o.group_a = 1;
    const Tensor a3 = random_tensor(g, {2, 3, 10}), b3 = random_tensor(g, {2, 4, 10});
    expect_error(a3, b3, o, "a.shape", "(2,3,10)");
  }
  SECTION("per_head") {
    o.granularity = Granularity::per_head;
    expect_error(a, b, o, "a.shape", "(3,10)");
    const Tensor a3 = random_tensor(g, {2, 3, 10}), b3 = random_tensor(g, {2, 4, 10});
    o.mode = Mode::unipolar;
    expect_error(a3, b3, o, "mode", "unipolar");
  }
  SECTION("rng config with too few lanes") {
    o.rng = sobol_simple_config(9, 8);
    expect_error(a, b, o, "rng.a", "9 lane entries");
  }
  SECTION("NaN and Inf operands name the operand and the index") {
    Tensor bad = a;
    bad.data[1 * 10 + 7] = std::nanf("");
    expect_error(bad, b, o, "a[1][7]", "nan");
    Tensor badb = b;
    badb.data[3 * 10 + 2] = -INFINITY;
    expect_error(a, badb, o, "b[3][2]", "inf");
  }
  SECTION("empty tensors and shape mismatches") {
    expect_error(Tensor({0, 10}), b, o, "a.shape", "(0,10)");
    expect_error(a, random_tensor(g, {4, 9}), o, "b.shape", "D mismatch");
    expect_error(a, random_tensor(g, {1, 4, 10}), o, "b.shape", "rank");
    expect_error(random_tensor(g, {2, 3, 10}), random_tensor(g, {3, 4, 10}), o, "b.shape", "batch mismatch");
    expect_error(random_tensor(g, {10}), b, o, "a.shape", "(10)");
  }
  SECTION("smooth_scales length and values") {
    o.smooth_scales = std::vector<float>(9, 1.0f);
    expect_error(a, b, o, "smooth_scales.size", "9");
    o.smooth_scales = std::vector<float>(10, 1.0f);
    (*o.smooth_scales)[4] = 0.0f;
    expect_error(a, b, o, "smooth_scales[4]", "0");
  }
  SECTION("row stream lengths") {
    o.row_stoc_len_a = {256, 128};
    expect_error(a, b, o, "row_stoc_len_a.size", "2");
    o.row_stoc_len_a = {256, 128, 0};
    expect_error(a, b, o, "row_stoc_len_a[2]", "0");
    o.row_stoc_len_a = {256, 128, 64};
    o.row_stoc_len_b = {1, 2, 3, 999};
    expect_error(a, b, o, "row_stoc_len_b[3]", "999");
    o.row_stoc_len_b.clear();
    o.granularity = Granularity::per_tensor;
    expect_error(a, b, o, "row_stoc_len_a", "per_tensor");
  }
  SECTION("xnor needs bipolar") {
    o.multiplier = Multiplier::xnor;
    o.mode = Mode::unipolar;
    expect_error(a, b, o, "multiplier", "xnor");
  }
}

TEST_CASE("negating a negates a bipolar result exactly", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/2");
  for (int i = 0; i < 30; ++i) {
    auto c = scmp::testing::draw_case(seed + static_cast<std::uint64_t>(i));
    c.options.mode = Mode::bipolar;
    if (c.options.multiplier == Multiplier::xnor) c.options.multiplier = Multiplier::enable;  // xnor is not odd
    // Negation must not move a tie of the grouped quantizer: x/s is odd in x, rne is odd — levels negate.
    INFO(c.text);
    const auto y = sc_matmul(c.a, c.b, c.options);
    Tensor na = c.a;
    for (auto& v : na.data) v = -v;
    const auto yn = sc_matmul(na, c.b, c.options);
    for (std::size_t k = 0; k < y.accumulators.size(); ++k) REQUIRE(yn.accumulators[k] == -y.accumulators[k]);
    for (std::size_t k = 0; k < y.y.data.size(); ++k) REQUIRE(yn.y.data[k] == -y.y.data[k]);
  }
}

TEST_CASE("zero operands give zero", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/3");
  for (int i = 0; i < 20; ++i) {
    auto c = scmp::testing::draw_case(seed + static_cast<std::uint64_t>(i));
    if (c.options.multiplier == Multiplier::xnor) c.options.multiplier = Multiplier::and_gate;
    INFO(c.text);
    std::fill(c.a.data.begin(), c.a.data.end(), 0.0f);
    const auto r = sc_matmul(c.a, c.b, c.options);
    if (c.options.mode == Mode::bipolar) {
      for (auto s : r.accumulators) REQUIRE(s == 0);
    }
    for (auto v : r.y.data) REQUIRE(v == 0.0f);
  }
}

TEST_CASE("chunk_d >= D equals no chunking", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/4");
  CAPTURE(seed);
  std::mt19937_64 g(seed);
  for (int D : {1, 5, 33, 64}) {
    const Tensor a = random_tensor(g, {4, D}), b = random_tensor(g, {3, D});
    MatmulOptions o;
    o.stoc_len = 100;
    const auto plain = sc_matmul(a, b, o);
    for (int c : {D, D + 1, 1000}) {
      o.chunk_d = c;
      const auto chunked = sc_matmul(a, b, o);
      CHECK(chunked.accumulators == plain.accumulators);
      CHECK(chunked.y.data == plain.y.data);
    }
    o.chunk_d = 0;
  }
}

TEST_CASE("chunk_d path: one accumulator per chunk, lanes reused by local index", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/5");
  CAPTURE(seed);
  std::mt19937_64 g(seed);
  const Tensor a = random_tensor(g, {3, 23}), b = random_tensor(g, {2, 23});
  MatmulOptions o;
  o.chunk_d = 8;
  o.stoc_len = 64;
  const auto r = sc_matmul(a, b, o);
  CHECK(r.chunks == 3);
  CHECK(r.accumulators.size() == 3u * 3u * 2u);
}

TEST_CASE("halve equals the explicit stoc_len and rng_levels it stands for", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/6");
  CAPTURE(seed);
  std::mt19937_64 g(seed);
  const Tensor a = random_tensor(g, {5, 19}), b = random_tensor(g, {6, 19});
  for (int p : {4, 8}) {
    MatmulOptions h;
    h.sc_prec = p;
    h.halve = true;
    MatmulOptions e;
    e.sc_prec = p;
    e.stoc_len = 1 << (p - 1);
    e.rng_levels = 1 << (p - 1);
    const auto rh = sc_matmul(a, b, h), re = sc_matmul(a, b, e);
    CHECK(rh.accumulators == re.accumulators);
    CHECK(rh.y.data == re.y.data);
    CHECK(rh.geometry == re.geometry);
    // An explicit stoc_len is kept; only G is halved (§6.10).
    h.stoc_len = 1 << p;
    e.stoc_len = 1 << p;
    CHECK(sc_matmul(a, b, h).y.data == sc_matmul(a, b, e).y.data);
    // Unipolar ignores halve.
    h.mode = e.mode = Mode::unipolar;
    h.stoc_len.reset();
    MatmulOptions u;
    u.sc_prec = p;
    u.mode = Mode::unipolar;
    CHECK(sc_matmul(a, b, h).y.data == sc_matmul(a, b, u).y.data);
  }
}

TEST_CASE("mixed precision: uniform row lengths equal the uniform stoc_len", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/7");
  CAPTURE(seed);
  std::mt19937_64 g(seed);
  const Tensor a = random_tensor(g, {4, 30}), b = random_tensor(g, {5, 30});
  for (int chunk : {0, 8}) {
    MatmulOptions o;
    o.chunk_d = chunk;
    o.stoc_len = 96;
    const auto uni = sc_matmul(a, b, o);
    MatmulOptions m = o;
    m.row_stoc_len_a.assign(4, 96);
    const auto mp = sc_matmul(a, b, m);
    CHECK(mp.accumulators == uni.accumulators);
    CHECK(mp.y.data == uni.y.data);
    // Pair (n, m) runs min(L_a[n], L_b[m]): a row at 64 against b rows at 256 equals a uniform L = 64 run.
    MatmulOptions m2 = o;
    m2.stoc_len.reset();
    m2.row_stoc_len_a = {64, 256, 256, 256};
    const auto mixed = sc_matmul(a, b, m2);
    MatmulOptions l64 = o;
    l64.stoc_len = 64;
    const auto r64 = sc_matmul(a, b, l64);
    MatmulOptions l256 = o;
    l256.stoc_len = 256;
    const auto r256 = sc_matmul(a, b, l256);
    for (int mm = 0; mm < 5; ++mm) {
      CHECK(mixed.y.data[static_cast<std::size_t>(mm)] == r64.y.data[static_cast<std::size_t>(mm)]);
      CHECK(mixed.y.data[static_cast<std::size_t>(5 + mm)] == r256.y.data[static_cast<std::size_t>(5 + mm)]);
    }
  }
}

TEST_CASE("SmoothQuant keeps the exact product and reduces error on outlier channels", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/8");
  CAPTURE(seed);
  std::mt19937_64 g(seed);
  Tensor a = random_tensor(g, {16, 64}), b = random_tensor(g, {24, 64});
  for (int row = 0; row < 16; ++row) {
    for (int ch : {3, 17, 40}) a.data[static_cast<std::size_t>(row * 64 + ch)] *= 60.0f;  // activation outliers
  }
  const auto s = compute_smooth_scales(accumulate_act_scales(a), b, 0.5);
  const auto [as, bs] = apply_smoothing(a, b, s);
  const auto exact = exact_product(a, b), exact_s = exact_product(as, bs);
  double max_ref = 0, max_diff = 0;
  for (std::size_t i = 0; i < exact.size(); ++i) {
    max_ref = std::max(max_ref, std::fabs(exact[i]));
    max_diff = std::max(max_diff, std::fabs(exact[i] - exact_s[i]));
  }
  CHECK(max_diff <= 1e-5 * max_ref);  // only fp32 rounding of a/s and b·s
  // Quantization error: the product of the dequantized levels (per_row), without and with smoothing.
  const auto fake_quant_mse = [&](const Tensor& x, const Tensor& w) {
    MatmulOptions q;
    q.keep_levels = true;
    const auto r = sc_matmul(x, w, q);
    Tensor xh = x, wh = w;
    for (std::size_t i = 0; i < xh.data.size(); ++i) xh.data[i] = r.qa->level[i] * r.qa->scale[i / 64];
    for (std::size_t i = 0; i < wh.data.size(); ++i) wh.data[i] = r.qb->level[i] * r.qb->scale[i / 64];
    return error_metrics(Tensor({16, 24}, [&] {
                           const auto p = exact_product(xh, wh);
                           return std::vector<float>(p.begin(), p.end());
                         }()),
                         a, b)
        .mse;
  };
  const double q_plain = fake_quant_mse(a, b), q_smooth = fake_quant_mse(as, bs);
  INFO("fake-quant mse " << q_plain << " -> " << q_smooth);
  CHECK(q_smooth < 0.5 * q_plain);
  MatmulOptions o;
  o.granularity = Granularity::per_tensor;
  o.smooth_scales = s;
  const auto smoothed = sc_matmul(a, b, o);
  // smooth_scales inside sc_matmul equals smoothing by hand (§10).
  MatmulOptions by_hand;
  by_hand.granularity = Granularity::per_tensor;
  CHECK(sc_matmul(as, bs, by_hand).y.data == smoothed.y.data);
}

TEST_CASE("multiplier designs: thermometer equals enable; xnor and and estimate the product", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/9");
  CAPTURE(seed);
  std::mt19937_64 g(seed);
  const Tensor a = random_tensor(g, {6, 48}), b = random_tensor(g, {7, 48});
  MatmulOptions o;
  const auto en = sc_matmul(a, b, o);
  o.multiplier = Multiplier::thermometer;
  CHECK(sc_matmul(a, b, o).accumulators == en.accumulators);
  const auto exact = error_metrics(en.y, a, b);
  for (Multiplier m : {Multiplier::and_gate, Multiplier::xnor}) {
    o.multiplier = m;
    const auto r = sc_matmul(a, b, o);
    const auto e = error_metrics(r.y, a, b);
    INFO(to_string(m) << " rel_fro " << e.rel_fro << " (enable " << exact.rel_fro << ")");
    CHECK(e.rel_fro < 0.5);
    CHECK(e.cosine > 0.8);
  }
}

TEST_CASE("changing only the scramble family changes the result (no stale cache)", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/10");
  CAPTURE(seed);
  std::mt19937_64 g(seed);
  const Tensor a = random_tensor(g, {8, 40}), b = random_tensor(g, {8, 40});
  MatmulOptions o;
  o.stoc_len = 32;
  o.scramble.family = MaskFamily::bitrev;
  const auto bitrev = sc_matmul(a, b, o);
  o.scramble.family = MaskFamily::off;
  const auto off = sc_matmul(a, b, o);
  o.scramble.family = MaskFamily::counter;
  const auto counter = sc_matmul(a, b, o);
  CHECK(bitrev.accumulators != off.accumulators);
  CHECK(bitrev.accumulators != counter.accumulators);
  o.scramble.family = MaskFamily::bitrev;
  CHECK(sc_matmul(a, b, o).accumulators == bitrev.accumulators);  // and back again: the cached entry is right
  clear_stream_cache();
  CHECK(sc_matmul(a, b, o).accumulators == bitrev.accumulators);
  // The rescale switch too (G ≠ 2^p).
  o.rng_levels = 128;
  o.scramble.rescale = true;
  const auto on = sc_matmul(a, b, o);
  o.scramble.rescale = false;
  CHECK(sc_matmul(a, b, o).accumulators != on.accumulators);
}

TEST_CASE("the antithetic config really complements the b side", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/11");
  CAPTURE(seed);
  std::mt19937_64 g(seed);
  const Tensor a = random_tensor(g, {5, 20}), b = random_tensor(g, {5, 20});
  MatmulOptions o;
  o.stoc_len = 64;
  const auto simple = sc_matmul(a, b, o);
  o.rng = build_rng_config("sobol_antithetic", 20, 8);
  CHECK(sc_matmul(a, b, o).accumulators != simple.accumulators);
}

TEST_CASE("keep_levels returns the quantized operands", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/12");
  CAPTURE(seed);
  std::mt19937_64 g(seed);
  const Tensor a = random_tensor(g, {3, 11}), b = random_tensor(g, {2, 11});
  MatmulOptions o;
  o.keep_levels = true;
  const auto r = sc_matmul(a, b, o);
  REQUIRE(r.qa);
  CHECK(r.qa->boundary.size() == 33u);
  CHECK(r.qa->scale.size() == 3u);
  for (std::size_t i = 0; i < 33; ++i) {
    const int q = static_cast<int>(std::fabs(r.qa->level[i]));
    CHECK(r.qa->boundary[i] == (2 * q * 256 + 127) / 254);
  }
}

TEST_CASE("per_row 3-D equals 2-D per slice bit for bit; per_tensor 3-D uses one global range", "[sim][matmul]") {
  const std::uint64_t seed = scmp::testing::test_seed("sc_matmul_tests/13");
  CAPTURE(seed);
  std::mt19937_64 g(seed);
  const Tensor a = random_tensor(g, {3, 4, 13}), b = random_tensor(g, {3, 5, 13});
  for (Mode mode : {Mode::bipolar, Mode::unipolar}) {
    MatmulOptions o;
    o.mode = mode;
    o.stoc_len = 100;
    o.group_a = 2;
    const auto r3 = sc_matmul(a, b, o);
    REQUIRE(r3.y.shape == std::vector<std::int64_t>{3, 4, 5});
    for (int h = 0; h < 3; ++h) {
      Tensor ah({4, 13}), bh({5, 13});
      std::copy_n(a.data.begin() + h * 52, 52, ah.data.begin());
      std::copy_n(b.data.begin() + h * 65, 65, bh.data.begin());
      const auto r2 = sc_matmul(ah, bh, o);
      CHECK(std::equal(r2.y.data.begin(), r2.y.data.end(), r3.y.data.begin() + h * 20));
    }
  }
  // per_tensor: scaling slice 0 of a by 10 changes the quantization (and result) of slice 1 as well.
  MatmulOptions t;
  t.granularity = Granularity::per_tensor;
  t.keep_levels = true;
  const auto base = sc_matmul(a, b, t);
  Tensor a10 = a;
  for (int i = 0; i < 52; ++i) a10.data[static_cast<std::size_t>(i)] *= 10.0f;
  const auto scaled = sc_matmul(a10, b, t);
  CHECK(base.qa->scale.size() == 1u);
  CHECK(scaled.qa->scale[0] != base.qa->scale[0]);
}
