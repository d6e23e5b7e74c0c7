// The Hopper wgmma GEMM (gpu/wgmma_gemm.cu) against the mma.sync GEMM and the CPU model, bit for bit: core
// problems with many K stages, chunks, split-K and mixed lengths, and the device pipeline's fused epilogues
// (chunk_d, per_head slice) — on a compute capability 9.0 device; elsewhere `gemm = wgmma` must be refused.
#include <chrono>
#include <random>

#include "gpu/install.hpp"
#include "sim/engine/random_problem.hpp"
#include "sim/error.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/tables/table_core.hpp"
#include "support/catch.hpp"
#include "support/gpu_switch.hpp"
#include "support/same_bits.hpp"
#if SCMP_HAVE_CUDA
#include <cuda_runtime.h>

#include "gpu/core.hpp"
#include "gpu/pipeline.hpp"
#include "gpu/wgmma_gemm.hpp"
#endif

namespace {
#if SCMP_HAVE_CUDA
using scmp::gpu::GemmPath;

// Whether device 0 is a Hopper (9.0); the wgmma tests then require the sm_90a build (SCMP_REQUIRE_GPU=1 fails
// a build without it, which would otherwise silently test nothing).
bool hopper() {
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) {
    cudaGetLastError();
    return false;
  }
  return prop.major == 9 && prop.minor == 0;
}

std::uint64_t fresh_seed() {
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^ 0x39c5bb1dull;
}

scmp::gpu::CoreRunOptions with(GemmPath path) {
  scmp::gpu::CoreRunOptions o;
  o.gemm = path;
  return o;
}

scmp::sim::Tensor randn(std::mt19937_64& g, std::vector<std::int64_t> shape) {
  scmp::sim::Tensor t(shape, 0.0f);
  std::normal_distribution<float> nd;
  for (auto& v : t.data) v = nd(g);
  return t;
}
#endif
}  // namespace

TEST_CASE("wgmma GEMM equals mma.sync and the model on multi-stage problems", "[cuda][gpu][wgmma]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  if (!hopper()) SCMP_SKIP("wgmma needs a compute capability 9.0 device");
  REQUIRE(scmp::gpu::wgmma_supported(0));  // a Hopper and no sm_90a code: the build lost its 90a target
  const std::uint64_t seed = fresh_seed();
  INFO("seed=" << seed);
  std::mt19937_64 g(seed);
  auto pick = [&](int n) { return static_cast<int>(g() % static_cast<std::uint64_t>(n)); };
  const scmp::sim::Multiplier ms[] = {scmp::sim::Multiplier::enable, scmp::sim::Multiplier::thermometer,
                                      scmp::sim::Multiplier::and_gate};
  for (int i = 0; i < 24; ++i) {
    scmp::testing::RandomSpec s;
    const int rows[] = {1, 64, 65, 127, 128, 129, 300};
    s.rows_a = rows[pick(7)];
    s.rows_b = rows[pick(7)];
    s.batch = 1 + pick(2);
    const int depths[] = {32, 96, 128, 257, 1000};
    s.depth = depths[pick(5)];
    const int chunks[] = {0, 32, 64, 128, 100};
    s.chunk = std::min(chunks[pick(5)], s.depth);
    s.lanes = s.chunk > 0 ? s.chunk : s.depth;
    s.sc_prec = 8;
    const int Ls[] = {256, 255, 100, 32, 1};
    s.stoc_len = Ls[pick(5)];
    s.rng_levels = 256;
    s.multiplier = ms[pick(3)];
    s.signs = pick(4) != 0;
    s.per_row_len = pick(3) == 0;
    const std::uint64_t cs = g();
    INFO("draw " << i << " case_seed=" << cs << " B=" << s.batch << " N=" << s.rows_a << " M=" << s.rows_b << " D=" << s.depth
                 << " chunk=" << s.chunk << " L=" << s.stoc_len << " mult=" << scmp::sim::to_string(s.multiplier)
                 << " signs=" << s.signs << " mp=" << s.per_row_len);
    auto owned = scmp::testing::random_problem(s, cs);
    const auto want = scmp::sim::accumulate_tables(owned.problem, 0);
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, with(GemmPath::wgmma)) == want);
    REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, with(GemmPath::mma)) == want);
    if (i % 4 == 0) {
      auto no_split = with(GemmPath::wgmma);
      no_split.split_k = false;
      REQUIRE(scmp::gpu::accumulate_cuda(owned.problem, no_split) == want);
    }
  }
#endif
}

TEST_CASE("wgmma GEMM: device pipeline fused epilogues equal the host bit for bit", "[cuda][gpu][wgmma][pipeline]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  if (!hopper()) SCMP_SKIP("wgmma needs a compute capability 9.0 device");
  scmp::gpu::install();
  const std::uint64_t seed = fresh_seed();
  INFO("seed=" << seed);
  std::mt19937_64 g(seed);
  struct Case {
    scmp::sim::Granularity gran;
    std::vector<std::int64_t> a, b;
    int chunk_d;
  };
  const Case cases[] = {{scmp::sim::Granularity::per_row, {130, 512}, {200, 512}, 128},   // fused chunk epilogue
                        {scmp::sim::Granularity::per_row, {3, 70, 128}, {3, 129, 128}, 0},  // 3-D, int32 S
                        {scmp::sim::Granularity::per_head, {4, 130, 64}, {4, 63, 64}, 0},  // slice epilogue
                        {scmp::sim::Granularity::per_tensor, {200, 300}, {150, 300}, 0}};
  for (const Case& c : cases) {
    for (const int L : {256, 64}) {
      scmp::sim::MatmulOptions o;
      o.granularity = c.gran;
      o.sc_prec = 8;
      o.stoc_len = L;
      o.chunk_d = c.chunk_d;
      o.backend = "cpu";
      const auto a = randn(g, c.a), b = randn(g, c.b);
      INFO("granularity=" << static_cast<int>(c.gran) << " chunk_d=" << c.chunk_d << " L=" << L);
      const auto want = scmp::sim::sc_matmul(a, b, o);
      const auto wg = scmp::gpu::sc_matmul_device(a, b, o, 0, GemmPath::wgmma);
      const auto mma = scmp::gpu::sc_matmul_device(a, b, o, 0, GemmPath::mma);
      scmp::testing::require_same_bits(wg.data, want.y.data);
      scmp::testing::require_same_bits(mma.data, want.y.data);
    }
  }
#endif
}

TEST_CASE("gemm = wgmma is refused on a device without it", "[cuda][gpu][wgmma]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  if (scmp::gpu::wgmma_supported(0)) SCMP_SKIP("this device runs wgmma");
  scmp::testing::RandomSpec s;
  auto owned = scmp::testing::random_problem(s, 7);
  CHECK_THROWS_AS(scmp::gpu::accumulate_cuda(owned.problem, with(GemmPath::wgmma)), scmp::sim::Error);
  CHECK(scmp::gpu::accumulate_cuda(owned.problem, with(GemmPath::automatic)) == scmp::sim::accumulate_tables(owned.problem, 0));
#endif
}
