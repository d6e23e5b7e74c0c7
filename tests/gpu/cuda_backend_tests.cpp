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
#include "support/same_bits.hpp"
#include "sim/engine/random_problem.hpp"
#include "sim/matmul/random_config.hpp"
#if SCMP_HAVE_CUDA
#include "gpu/core.hpp"
#include "gpu/wgmma_gemm.hpp"
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

#if SCMP_HAVE_CUDA
namespace {
// Each draw: the fast path (wide tiles, split-K), the bit-by-bit packing kernel, the naive kernel, and on
// every fourth draw the narrow tiles, all equal to the CPU model.
void check_random_draws(int draws) {
  const std::uint64_t seed = fresh_seed();
  INFO("seed=" << seed);
  std::mt19937_64 g(seed);
  for (int i = 0; i < draws; ++i) {
    const auto spec = draw_spec(g);
    const std::uint64_t case_seed = g();
    INFO("draw " << i << " case_seed=" << case_seed << " " << describe(spec));
    auto owned = scmp::testing::random_problem(spec, case_seed);
    const auto& p = owned.problem;
    const auto fast = scmp::gpu::accumulate_cuda(p);
    scmp::gpu::CoreRunOptions generic_opt;
    generic_opt.generic_pack = true;
    const auto generic = scmp::gpu::accumulate_cuda(p, generic_opt);
    scmp::gpu::CoreRunOptions naive_opt;
    naive_opt.naive = true;
    const auto naive = scmp::gpu::accumulate_cuda(p, naive_opt);
    const double work = static_cast<double>(p.batch) * p.rows_a * p.rows_b * p.depth * p.geometry.stoc_len;
    const auto want = (i % 8 == 0 && work < 3e7) ? scmp::sim::accumulate_reference(p) : scmp::sim::accumulate_tables(p, 0);
    REQUIRE(fast == want);
    REQUIRE(generic == want);
    REQUIRE(naive == want);
    if (i % 2 == 0) {  // the longest pack work items (several b rows per thread) whatever the size
      scmp::gpu::CoreRunOptions long_opt;
      long_opt.pack_min_items = 0;
      REQUIRE(scmp::gpu::accumulate_cuda(p, long_opt) == want);
    }
    if (i % 4 == 0) {
      scmp::gpu::CoreRunOptions narrow_opt;
      narrow_opt.narrow_tiles = true;
      REQUIRE(scmp::gpu::accumulate_cuda(p, narrow_opt) == want);
    }
    // Both binary GEMMs wherever the device has both (the default above runs wgmma there).
    scmp::gpu::CoreRunOptions mma_opt;
    mma_opt.gemm = scmp::gpu::GemmPath::mma;
    REQUIRE(scmp::gpu::accumulate_cuda(p, mma_opt) == want);
    if (scmp::gpu::wgmma_supported(0)) {
      scmp::gpu::CoreRunOptions wgmma_opt;
      wgmma_opt.gemm = scmp::gpu::GemmPath::wgmma;
      REQUIRE(scmp::gpu::accumulate_cuda(p, wgmma_opt) == want);
    }
  }
}
}  // namespace
#endif

TEST_CASE("cuda core equals the naive kernel and the CPU model on random problems", "[cuda][gpu]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  check_random_draws(48);  // the default run stays short; scripts/gpu-check runs [cuda_many] (320 draws)
#endif
}

TEST_CASE("cuda core on 320 random problems (scripts/gpu-check)", "[.][cuda_many][gpu]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  check_random_draws(320);
#endif
}

TEST_CASE("split-K over one long chunk equals the model", "[cuda][gpu]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  const std::uint64_t seed = fresh_seed();
  INFO("seed=" << seed);
  std::mt19937_64 g(seed);
  const scmp::sim::Multiplier ms[] = {scmp::sim::Multiplier::enable, scmp::sim::Multiplier::and_gate, scmp::sim::Multiplier::xnor};
  for (auto mult : ms) {
    for (bool signs : {false, true}) {
      // 2×2 tiles with K = 1000·256 bits: the launcher splits K over up to 31 blocks per tile.
      scmp::testing::RandomSpec s;
      s.rows_a = 129 + static_cast<int>(g() % 100); s.rows_b = 129 + static_cast<int>(g() % 100);
      s.depth = 1000; s.lanes = 1000; s.sc_prec = 8; s.stoc_len = 256; s.rng_levels = 256;
      s.multiplier = mult; s.signs = signs;
      const std::uint64_t cs = g();
      INFO("mult=" << scmp::sim::to_string(mult) << " signs=" << signs << " case_seed=" << cs);
      auto owned = scmp::testing::random_problem(s, cs);
      const auto want = scmp::sim::accumulate_tables(owned.problem, 0);
      REQUIRE(scmp::gpu::accumulate_cuda(owned.problem) == want);
      scmp::gpu::CoreRunOptions no_split;
      no_split.split_k = false;
      REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, no_split) == want);
    }
  }
#endif
}

TEST_CASE("slabs over lanes (a small memory budget) equal the model", "[cuda][gpu]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  const std::uint64_t seed = fresh_seed();
  INFO("seed=" << seed);
  std::mt19937_64 g(seed);
  const scmp::sim::Multiplier ms[] = {scmp::sim::Multiplier::enable, scmp::sim::Multiplier::and_gate, scmp::sim::Multiplier::xnor};
  for (int rep = 0; rep < 6; ++rep) {
    scmp::testing::RandomSpec s;
    s.rows_a = 60 + static_cast<int>(g() % 80); s.rows_b = 60 + static_cast<int>(g() % 80);
    const bool chunked = rep % 2 == 1;
    s.depth = chunked ? 1000 : 2000 + static_cast<int>(g() % 64);
    s.chunk = chunked ? (rep == 3 ? 100 : 96) : 0;
    s.lanes = chunked ? s.chunk : s.depth;
    s.sc_prec = 8; s.stoc_len = 256; s.rng_levels = 256;
    s.multiplier = ms[rep / 2];
    s.signs = true;
    s.per_row_len = rep == 4;
    const std::uint64_t cs = g();
    INFO("rep " << rep << " case_seed=" << cs << " " << describe(s));
    auto owned = scmp::testing::random_problem(s, cs);
    if (s.per_row_len) {  // four lengths: few parts and launches (each distinct xnor pair is its own packed b)
      const int lens[] = {256, 128, 64, 1};
      for (auto& l : owned.problem.stoc_len_a) l = lens[g() % 4];
      for (auto& l : owned.problem.stoc_len_b) l = lens[g() % 4];
    }
    const scmp::gpu::CoreShape shape = scmp::gpu::core_shape_of(owned.problem);
    // A budget of 40 % of the unslabbed packed operands: about three slabs.
    scmp::gpu::CoreRunOptions small;
    small.max_packed_bytes = scmp::gpu::CorePlan(shape).device_bytes() * 2 / 5;
    CAPTURE(small.max_packed_bytes);
    REQUIRE(scmp::gpu::CorePlan(shape, small).slabs() > 1);
    const auto want = scmp::sim::accumulate_tables(owned.problem, 0);
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, small) == want);
    small.generic_pack = true;
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, small) == want);
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

// Signed operands whose chunks all have 32, 64 or 128 lanes take the sign-mask mode (magnitude plane +
// positive-lane masks, gpu/bit_operand.hpp); the bit-by-bit pack keeps the two-plane mode; the word-parallel pack
// also with the exact __vsetltu2 compare (sc_prec > 14): all equal the model.
TEST_CASE("sign-mask mode (chunks of 32, 64, 128 lanes) equals the model", "[cuda][gpu]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  const std::uint64_t seed = fresh_seed();
  INFO("seed=" << seed);
  std::mt19937_64 g(seed);
  const scmp::sim::Multiplier ms[] = {scmp::sim::Multiplier::enable, scmp::sim::Multiplier::thermometer,
                                      scmp::sim::Multiplier::and_gate};
  const int depths[] = {384, 192, 96, 160, 128, 64, 32};
  const int chunks[] = {128, 64, 32, 64, 0, 0, 0};
  const int Ls[] = {256, 100, 7, 255, 1};
  for (int rep = 0; rep < 14; ++rep) {
    scmp::testing::RandomSpec s;
    s.batch = 1 + static_cast<int>(g() % 2);
    s.rows_a = 1 + static_cast<int>(g() % 260);
    s.rows_b = 1 + static_cast<int>(g() % 200);
    s.depth = depths[rep % 7];
    s.chunk = chunks[rep % 7];
    s.lanes = s.chunk > 0 ? s.chunk : s.depth;
    s.sc_prec = 8;
    s.stoc_len = Ls[g() % 5];
    s.rng_levels = rep % 3 == 0 ? 100 : 256;
    s.multiplier = ms[g() % 3];
    s.signs = true;
    s.per_row_len = rep % 4 == 1;
    const std::uint64_t cs = g();
    INFO("rep " << rep << " case_seed=" << cs << " " << describe(s));
    auto owned = scmp::testing::random_problem(s, cs);
    const auto want = scmp::sim::accumulate_tables(owned.problem, 0);
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem) == want);  // wgmma (two planes) where the device has it
    scmp::gpu::CoreRunOptions mask_opt;  // sign masks are the mma.sync GEMM's
    mask_opt.gemm = scmp::gpu::GemmPath::mma;
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, mask_opt) == want);
    scmp::gpu::CoreRunOptions generic_opt = mask_opt;
    generic_opt.generic_pack = true;
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, generic_opt) == want);
    scmp::gpu::CoreRunOptions exact_opt = mask_opt;  // the __vsetltu2 compare that sc_prec > 14 needs
    exact_opt.exact_compare = true;
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, exact_opt) == want);
    scmp::gpu::CoreRunOptions long_opt = mask_opt;  // several b rows per pack thread, 32 words per row
    long_opt.pack_min_items = 0;
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, long_opt) == want);
    long_opt.exact_compare = true;
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, long_opt) == want);
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
    scmp::testing::require_same_bits(got.y.data, want.y.data);
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
      // Few distinct lengths: every distinct xnor (length_a, length_b) pair is its own packed b and launch,
      // and each launch costs much under the sanitizer.
      const int lens[] = {100, 64, 37, 1};
      for (std::size_t r = 0; r < owned.problem.stoc_len_a.size(); ++r) owned.problem.stoc_len_a[r] = lens[r % 4];
      for (std::size_t r = 0; r < owned.problem.stoc_len_b.size(); ++r) owned.problem.stoc_len_b[r] = lens[(r / 3) % 4];
      INFO("case " << i << " mult=" << scmp::sim::to_string(mult) << " signs=" << signs);
      const auto want = scmp::sim::accumulate_tables(owned.problem, 0);
      REQUIRE(scmp::gpu::accumulate_cuda(owned.problem) == want);
      scmp::gpu::CoreRunOptions generic_opt, naive_opt, narrow_opt;
      generic_opt.generic_pack = true;
      naive_opt.naive = true;
      narrow_opt.narrow_tiles = true;
      REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, generic_opt) == want);
      REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, naive_opt) == want);
      REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, narrow_opt) == want);
      scmp::gpu::CoreRunOptions gemm_opt;  // the GEMM the default did not take
      gemm_opt.gemm = scmp::gpu::wgmma_supported(0) ? scmp::gpu::GemmPath::mma : scmp::gpu::GemmPath::automatic;
      REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, gemm_opt) == want);
    }
  }
  // Sign-mask mode (chunks of 64 lanes, the last of 32), mixed lengths.
  {
    scmp::testing::RandomSpec s;
    s.rows_a = 130; s.rows_b = 70; s.depth = 160; s.chunk = 64; s.lanes = 64; s.sc_prec = 8; s.stoc_len = 100;
    s.rng_levels = 256; s.signs = true; s.per_row_len = true;
    auto owned = scmp::testing::random_problem(s, 998);
    const auto want = scmp::sim::accumulate_tables(owned.problem, 0);
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem) == want);
    scmp::gpu::CoreRunOptions long_opt;
    long_opt.pack_min_items = 0;
    long_opt.gemm = scmp::gpu::GemmPath::mma;  // sign masks are the mma.sync GEMM's
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, long_opt) == want);
  }
  // Split-K (atomic adds into a zeroed output): one long single chunk.
  scmp::testing::RandomSpec s;
  s.rows_a = 130; s.rows_b = 70; s.depth = 512; s.lanes = 512; s.sc_prec = 8; s.stoc_len = 256; s.rng_levels = 256;
  auto owned = scmp::testing::random_problem(s, 999);
  REQUIRE(scmp::gpu::accumulate_cuda(owned.problem) == scmp::sim::accumulate_tables(owned.problem, 0));
#endif
}
