// The CUDA backend (gpu/core.cu, gpu/install.cpp) against the model: tensor-core GEMM == naive kernel ==
// accumulate_tables / accumulate_reference on randomly drawn core problems, and sc_matmul cuda == cpu.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>

#include "gpu/install.hpp"
#include "sim/engine/core_problem.hpp"
#include "sim/error.hpp"
#include "sim/matmul/backend.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/tables/table_core.hpp"
#include "support/catch.hpp"
#include "support/gpu_switch.hpp"
#include "sim/engine/random_problem.hpp"
#include "sim/matmul/random_config.hpp"
#if SCMP_HAVE_CUDA
#include "gpu/core.hpp"
#endif

namespace {

std::uint64_t fresh_seed() {
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^ 0x9e3779b97f4a7c15ull;
}

#if SCMP_HAVE_CUDA
// Odd shapes around the tile sizes (128 rows of a, 64 of b, 512-bit stages), every multiplier and option.
scmp::testing::RandomSpec draw_spec(std::mt19937_64& g) {
  auto pick = [&](int n) { return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(g)); };
  scmp::testing::RandomSpec s;
  s.sc_prec = pick(4) == 0 ? 4 + pick(4) : 8;
  const int period = 1 << s.sc_prec;
  const int Ls[] = {1, 7, 16, 100, 255, 256};
  s.stoc_len = std::min(Ls[pick(6)], period);
  const int Gs[] = {period, period / 2, 100};
  s.rng_levels = std::min(Gs[pick(3)], period);
  const int rows[] = {1, 2, 17, 63, 64, 65, 127, 129, 200};
  s.rows_a = rows[pick(9)];
  s.rows_b = rows[pick(9)];
  s.batch = pick(4) == 0 ? 2 + pick(2) : 1;
  const int depths[] = {1, 3, 31, 32, 64, 96, 100, 130, 257};
  s.depth = depths[pick(9)];
  if (pick(3) == 0) s.chunk = 1 + pick(s.depth);
  s.lanes = s.chunk > 0 ? std::min(s.chunk, s.depth) : (pick(4) == 0 ? 1 + pick(s.depth) : s.depth);
  const scmp::sim::Multiplier ms[] = {scmp::sim::Multiplier::enable, scmp::sim::Multiplier::thermometer,
                                      scmp::sim::Multiplier::and_gate, scmp::sim::Multiplier::xnor};
  s.multiplier = ms[pick(4)];
  s.signs = pick(3) != 0;
  s.per_row_len = pick(3) == 0;
  const scmp::sim::MaskFamily fams[] = {scmp::sim::MaskFamily::off, scmp::sim::MaskFamily::counter,
                                        scmp::sim::MaskFamily::bitrev, scmp::sim::MaskFamily::random};
  s.family = fams[pick(4)];
  return s;
}

std::string describe(const scmp::testing::RandomSpec& s) {
  return "B=" + std::to_string(s.batch) + " N=" + std::to_string(s.rows_a) + " M=" + std::to_string(s.rows_b) +
         " D=" + std::to_string(s.depth) + " lanes=" + std::to_string(s.lanes) + " chunk=" + std::to_string(s.chunk) +
         " p=" + std::to_string(s.sc_prec) + " L=" + std::to_string(s.stoc_len) + " G=" + std::to_string(s.rng_levels) +
         " mult=" + scmp::sim::to_string(s.multiplier) + " signs=" + std::to_string(s.signs) +
         " mp=" + std::to_string(s.per_row_len) + " mask=" + scmp::sim::to_string(s.family);
}
#endif

}  // namespace

TEST_CASE("cuda core equals the naive kernel and the CPU model on random problems", "[cuda][gpu]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  const std::uint64_t seed = fresh_seed();
  INFO("seed=" << seed);
  std::mt19937_64 g(seed);
  const int draws = 320;
  for (int i = 0; i < draws; ++i) {
    const auto spec = draw_spec(g);
    const std::uint64_t case_seed = g();
    INFO("draw " << i << " case_seed=" << case_seed << " " << describe(spec));
    auto owned = scmp::testing::random_problem(spec, case_seed);
    const auto& p = owned.problem;
    const auto fast = scmp::gpu::accumulate_cuda(p);
    const auto generic = scmp::gpu::accumulate_cuda(p, {false, true});
    const auto naive = scmp::gpu::accumulate_cuda(p, {true, false});
    const double work = static_cast<double>(p.batch) * p.rows_a * p.rows_b * p.depth * p.geometry.stoc_len;
    const auto want = (i % 8 == 0 && work < 3e7) ? scmp::sim::accumulate_reference(p) : scmp::sim::accumulate_tables(p, 0);
    REQUIRE(fast == want);
    REQUIRE(generic == want);
    REQUIRE(naive == want);
  }
#endif
}

TEST_CASE("mixed precision: rows at four levels sorted into one launch equal the model", "[cuda][gpu]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  const std::uint64_t seed = fresh_seed();
  INFO("seed=" << seed);
  std::mt19937_64 g(seed);
  for (int rep = 0; rep < 6; ++rep) {
    scmp::testing::RandomSpec s;
    s.rows_a = 300 + static_cast<int>(g() % 50);
    s.rows_b = 70 + static_cast<int>(g() % 20);
    s.depth = rep % 2 ? 256 : 200;
    s.chunk = rep % 3 == 0 ? 64 : 0;
    s.lanes = s.chunk > 0 ? s.chunk : s.depth;
    s.sc_prec = 8;
    s.stoc_len = 256;
    s.rng_levels = rep % 2 ? 256 : 128;
    const std::uint64_t cs = g();
    INFO("rep " << rep << " case_seed=" << cs);
    auto owned = scmp::testing::random_problem(s, cs);
    const int levels[] = {256, 128, 64, 32};
    for (int n = 0; n < s.rows_a; ++n) owned.problem.stoc_len_a.push_back(levels[g() % 4]);
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem) == scmp::sim::accumulate_tables(owned.problem, 0));
  }
#endif
}

TEST_CASE("sc_matmul with backend cuda equals backend cpu bit for bit", "[cuda][gpu]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
  scmp::gpu::install();
  const std::uint64_t seed = fresh_seed();
  INFO("seed=" << seed);
  std::mt19937_64 g(seed);
  for (int i = 0; i < 300; ++i) {
    auto c = scmp::testing::draw_case(g());
    INFO(c.text);
    c.options.backend = "cpu";
    scmp::sim::MatmulResult want;
    try {
      want = scmp::sim::sc_matmul(c.a, c.b, c.options);
    } catch (const scmp::sim::InvalidArgument&) {
      continue;  // a drawn combination the model rejects; the cuda run must reject it too
    }
    c.options.backend = "cuda";
    const auto got = scmp::sim::sc_matmul(c.a, c.b, c.options);
    REQUIRE(got.accumulators == want.accumulators);
    REQUIRE(got.y.data.size() == want.y.data.size());
    for (std::size_t k = 0; k < want.y.data.size(); ++k) {
      INFO("k=" << k);
      REQUIRE(std::memcmp(&got.y.data[k], &want.y.data[k], sizeof(float)) == 0);
    }
  }
}

TEST_CASE("cuda backend refuses cleanly without a GPU", "[gpu]") {
  scmp::gpu::install();
  auto& backend = scmp::sim::find_backend("cuda");
  if (scmp::gpu::device_count() > 0) {
    CHECK(backend.available());
    return;
  }
  CHECK_FALSE(backend.available());
  CHECK_FALSE(backend.unavailable_reason().empty());
  scmp::testing::RandomSpec s;
  auto owned = scmp::testing::random_problem(s, 7);
  CHECK_THROWS_AS(backend.accumulate(owned.problem, 1), scmp::sim::Error);
}

TEST_CASE("cuda core rejects a problem that cannot fit", "[cuda][gpu]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  scmp::gpu::CoreShape shape;
  shape.rows_a = 1 << 20;
  shape.rows_b = 1 << 20;
  shape.depth = 1 << 16;
  shape.lanes = 1 << 16;
  shape.geometry = {8, 256, 256};
  shape.is_signed = true;
  shape.streams = [](scmp::sim::Side side, int L) -> const scmp::sim::LaneStreams& {
    static std::map<std::pair<int, int>, scmp::sim::LaneStreams> cache;
    auto key = std::make_pair(side == scmp::sim::Side::a ? 0 : 1, L);
    auto it = cache.find(key);
    if (it == cache.end()) {
      it = cache.emplace(key, scmp::sim::prepare_lane_streams(scmp::sim::sobol_simple_config(1 << 16, 8), side, 1 << 16,
                                                              {8, L, 256}, {})).first;
    }
    return it->second;
  };
  CHECK_THROWS_AS(scmp::gpu::CorePlan(shape), scmp::sim::InvalidArgument);
#endif
}

TEST_CASE("short GPU run for compute-sanitizer (every kernel variant once)", "[cuda][gpu][sanitize]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  const scmp::sim::Multiplier ms[] = {scmp::sim::Multiplier::enable, scmp::sim::Multiplier::and_gate, scmp::sim::Multiplier::xnor};
  int i = 0;
  for (auto mult : ms) {
    for (bool signs : {false, true}) {
      scmp::testing::RandomSpec s;
      s.rows_a = 130; s.rows_b = 70; s.depth = 96; s.chunk = signs ? 40 : 0; s.lanes = signs ? 40 : 96;
      s.sc_prec = 8; s.stoc_len = 100; s.rng_levels = 256; s.multiplier = mult; s.signs = signs; s.per_row_len = true;
      auto owned = scmp::testing::random_problem(s, 1000 + i++);
      const auto want = scmp::sim::accumulate_tables(owned.problem, 0);
      REQUIRE(scmp::gpu::accumulate_cuda(owned.problem) == want);
      REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, {false, true}) == want);
      REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, {true, false}) == want);
    }
  }
#endif
}
