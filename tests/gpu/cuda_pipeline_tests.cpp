// The device-resident pipeline (gpu/pipeline.cu): smoothing + quantize + core + dequantize on the GPU equals the
// host sc_matmul (backend "cpu") bit for bit; operands that are not device memory, and NaN/Inf operands, are
// refused with the host's messages. (Several GPUs: multi_gpu_tests.cpp.)
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "gpu/install.hpp"
#include "sim/error.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "support/catch.hpp"
#include "support/gpu_switch.hpp"
#include "support/same_bits.hpp"
#if SCMP_HAVE_CUDA
#include <cuda_runtime.h>

#include "gpu/pipeline.hpp"
#endif

namespace {

#if SCMP_HAVE_CUDA
scmp::sim::Tensor random_tensor(std::mt19937_64& g, std::vector<std::int64_t> shape) {
  scmp::sim::Tensor t(shape, 0.0f);
  std::normal_distribution<float> nd;
  const float scale = std::ldexp(1.0f, static_cast<int>(g() % 9) - 4);
  const int zero_row = static_cast<int>(g() % 4);  // sometimes a whole row of zeros (the 1e-5 floor)
  const std::int64_t cols = shape.back();
  for (std::size_t i = 0; i < t.data.size(); ++i) {
    const bool zero = zero_row == 0 && i / static_cast<std::size_t>(cols) == 0;
    t.data[i] = zero ? 0.0f : nd(g) * scale;
  }
  return t;
}

// a, b through the host sc_matmul (backend "cpu") and the device pipeline: either both refuse (false) or the
// device's y equals the host's bit for bit (true).
bool device_equals_host(const scmp::sim::Tensor& a, const scmp::sim::Tensor& b, scmp::sim::MatmulOptions o,
                        std::size_t budget = 0) {
  o.backend = "cpu";
  scmp::sim::MatmulResult want;
  try {
    want = scmp::sim::sc_matmul(a, b, o);
  } catch (const scmp::sim::InvalidArgument&) {
    CHECK_THROWS_AS(scmp::gpu::sc_matmul_device(a, b, o, budget), scmp::sim::InvalidArgument);
    return false;
  }
  const auto got = scmp::gpu::sc_matmul_device(a, b, o, budget);
  REQUIRE(got.shape == want.y.shape);
  scmp::testing::require_same_bits(got.data, want.y.data);
  return true;
}
#endif

}  // namespace

TEST_CASE("device pipeline equals host sc_matmul bit for bit", "[cuda][gpu][pipeline]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  scmp::gpu::install();
  const std::uint64_t seed =
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^ 0x51ed2701ull;
  INFO("seed=" << seed);
  std::mt19937_64 g(seed);
  auto pick = [&](int n) { return static_cast<int>(g() % static_cast<std::uint64_t>(n)); };
  int compared = 0;
  for (int i = 0; i < 40; ++i) {
    scmp::sim::MatmulOptions o;
    o.sc_prec = pick(4) == 0 ? 5 + pick(3) : 8;
    const int period = 1 << o.sc_prec;
    const int Ls[] = {period, period / 2, 100, 37};
    o.stoc_len = std::min(Ls[pick(4)], period);
    if (pick(3) == 0) o.rng_levels = period / 2;
    const scmp::sim::Multiplier ms[] = {scmp::sim::Multiplier::enable, scmp::sim::Multiplier::thermometer,
                                        scmp::sim::Multiplier::and_gate, scmp::sim::Multiplier::xnor};
    o.multiplier = ms[pick(4)];
    const int Ns[] = {1, 17, 64, 130}, Ds[] = {1, 32, 96, 100, 256, 300};
    const int N = Ns[pick(4)], M = Ns[pick(4)], D = Ds[pick(6)];
    const int kind = pick(4);  // 0: 2-D, 1: 3-D, 2: chunk_d, 3: mixed precision rows
    std::vector<std::int64_t> sa{N, D}, sb{M, D};
    if (kind == 1) {
      const int B = 1 + pick(3);
      sa = {B, N, D};
      sb = {B, M, D};
    }
    if (kind == 0 && pick(2) == 0) {
      o.group_a = 1 + pick(N);
      o.group_b = 1 + pick(M);
    }
    std::size_t budget = 0;
    if (kind == 2) {
      const int cds[] = {32, 64, 40, 1100};
      o.chunk_d = cds[pick(4)];
      if (o.chunk_d == 1100) {  // the block-per-chunk quantizer (chunks wider than 1024)
        sa.back() = 2300;
        sb.back() = 2300;
      }
      if (o.chunk_d != 1100 && pick(2) == 0) budget = 4u << 20;  // slabs of chunks: the fused sum continues across launches
    }
    if (kind == 3) {
      const int lens[] = {*o.stoc_len, std::max(1, *o.stoc_len / 2), std::max(1, *o.stoc_len / 4), 7};
      for (int n = 0; n < N; ++n) o.row_stoc_len_a.push_back(lens[pick(4)]);
      for (int m = 0; m < M; ++m) o.row_stoc_len_b.push_back(lens[pick(4)]);
    }
    if (kind != 2 && pick(3) == 0) o.mode = scmp::sim::Mode::unipolar;  // §5.2 grouped asymmetric (xnor: refused)
    if (pick(5) == 0) {  // §5.7 smoothing first
      std::uniform_real_distribution<float> ud(0.2f, 5.0f);
      o.smooth_scales = std::vector<float>(static_cast<std::size_t>(sa.back()));
      for (auto& v : *o.smooth_scales) v = (pick(8) == 0 ? -1.0f : 1.0f) * ud(g);
    }
    auto a = random_tensor(g, sa), b = random_tensor(g, sb);
    if (o.mode == scmp::sim::Mode::unipolar && pick(2) == 0) {  // a shifted range: zero point clamped at 0 or q_max
      const float shift = pick(2) == 0 ? 4.0f : -4.0f;
      for (auto& v : a.data) v += shift;
    }
    INFO("draw " << i << " N=" << N << " M=" << M << " D=" << sa.back() << " budget=" << budget << " kind=" << kind << " p=" << o.sc_prec
                 << " L=" << *o.stoc_len << " mult=" << scmp::sim::to_string(o.multiplier) << " chunk_d=" << o.chunk_d
                 << " groups=" << o.group_a << "," << o.group_b << " mode=" << scmp::sim::to_string(o.mode)
                 << " smoothed=" << o.smooth_scales.has_value());
    if (device_equals_host(a, b, o, budget)) ++compared;
  }
  CHECK(compared > 20);
#endif
}

TEST_CASE("device pipeline refuses host memory and options the host refuses", "[cuda][gpu][pipeline]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  const std::vector<std::int64_t> sa{4, 32}, sb{5, 32};
  scmp::sim::MatmulOptions o;
  scmp::gpu::DevicePipeline pipe(sa, sb, o);
  std::vector<float> host_a(4 * 32, 1.0f);
  float* dev = nullptr;
  REQUIRE(cudaMalloc(&dev, (4 * 32 + 5 * 32 + 4 * 5) * sizeof(float)) == cudaSuccess);
  REQUIRE(cudaMemset(dev, 0, (4 * 32 + 5 * 32 + 4 * 5) * sizeof(float)) == cudaSuccess);
  try {
    const auto message = [&](const scmp::gpu::DeviceOperand& x, const scmp::gpu::DeviceOperand& y, float* out) -> std::string {
      try {
        pipe.run(x, y, out);
      } catch (const scmp::sim::InvalidArgument& e) {
        return e.what();
      }
      return "";
    };
    const std::string ea = message({host_a.data(), sa}, {dev + 128, sb}, dev + 288);
    CHECK(ea.find("a.data") != std::string::npos);
    CHECK(ea.find("host memory") != std::string::npos);
    const std::string eb = message({dev, sa}, {host_a.data(), sb}, dev + 288);
    CHECK(eb.find("b.data") != std::string::npos);
    const std::string ey = message({dev, sa}, {dev + 128, sb}, nullptr);
    CHECK(ey.find("y") != std::string::npos);
    CHECK(ey.find("null") != std::string::npos);
    CHECK_THROWS_AS(pipe.run({dev, sa}, {dev + 128, {6, 32}}, dev + 288), scmp::sim::InvalidArgument);
    CHECK_NOTHROW(pipe.run({dev, sa}, {dev + 128, sb}, dev + 288));
  } catch (...) {
    cudaFree(dev);
    throw;
  }
  cudaFree(dev);
  o.smooth_scales = std::vector<float>(31, 1.0f);  // D mismatch: the host's message
  std::string es;
  try {
    scmp::gpu::DevicePipeline bad(sa, sb, o);
  } catch (const scmp::sim::InvalidArgument& e) {
    es = e.what();
  }
  CHECK(es.find("smooth_scales.size") != std::string::npos);
  o.smooth_scales = std::vector<float>(32, 1.0f);
  CHECK_NOTHROW(scmp::gpu::DevicePipeline(sa, sb, o));
  o.smooth_scales.reset();
  o.mode = scmp::sim::Mode::unipolar;
  CHECK_NOTHROW(scmp::gpu::DevicePipeline(sa, sb, o));
  o.multiplier = scmp::sim::Multiplier::xnor;  // xnor needs bipolar streams, as on the host
  CHECK_THROWS_AS(scmp::gpu::DevicePipeline(sa, sb, o), scmp::sim::InvalidArgument);
  o.multiplier = scmp::sim::Multiplier::enable;
  o.mode = scmp::sim::Mode::bipolar;
  o.granularity = scmp::sim::Granularity::per_head;
  CHECK_THROWS_AS(scmp::gpu::DevicePipeline(sa, sb, o), scmp::sim::InvalidArgument);  // per_head needs 3-D
#endif
}

TEST_CASE("device pipeline refuses NaN/Inf operands with the host's message", "[cuda][gpu][pipeline]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  scmp::gpu::install();
  const std::uint64_t seed =
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^ 0xbadf100ull;
  INFO("seed=" << seed);
  std::mt19937_64 g(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(g() % n); };
  struct Path {
    const char* name;
    std::vector<std::int64_t> sa, sb;
    scmp::sim::MatmulOptions o;
  };
  std::vector<Path> paths;
  scmp::sim::MatmulOptions o;
  o.backend = "cpu";
  paths.push_back({"per_row", {17, 100}, {9, 100}, o});
  auto c = o;
  c.chunk_d = 32;
  paths.push_back({"chunk_d", {17, 100}, {9, 100}, c});
  auto c2 = o;
  c2.chunk_d = 1100;
  paths.push_back({"chunk_d > 1024", {3, 2300}, {2, 2300}, c2});
  auto u = o;
  u.mode = scmp::sim::Mode::unipolar;
  u.group_b = 4;
  paths.push_back({"per_row unipolar 3-D", {2, 17, 100}, {2, 9, 100}, u});
  auto t = o;
  t.granularity = scmp::sim::Granularity::per_tensor;
  paths.push_back({"per_tensor", {17, 100}, {9, 100}, t});
  auto h = o;
  h.granularity = scmp::sim::Granularity::per_head;
  paths.push_back({"per_head", {2, 17, 100}, {2, 9, 100}, h});
  auto sm = o;
  sm.smooth_scales = std::vector<float>(100, 1.0f);
  (*sm.smooth_scales)[7] = 1e-3f;  // a ÷ s overflows where a is large
  paths.push_back({"smoothed", {17, 100}, {9, 100}, sm});
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  for (const Path& p : paths) {
    for (int poison = 0; poison < 4; ++poison) {  // 0: two NaN in a; 1: −Inf in b; 2: NaN in a and b; 3: a ÷ s overflow
      if (poison == 3 && !p.o.smooth_scales) continue;
      auto a = random_tensor(g, p.sa), b = random_tensor(g, p.sb);
      if (poison == 0 || poison == 2) {
        a.data[pick(a.data.size())] = nan;
        a.data[pick(a.data.size())] = nan;
      }
      if (poison == 1 || poison == 2) b.data[pick(b.data.size())] = -inf;
      if (poison == 3) {
        a.data[7 + 100 * pick(17)] = 3e38f;
        if (pick(2) == 0) b.data[pick(b.data.size())] = nan;  // an input NaN in b is reported before a smoothed Inf in a
      }
      INFO("path " << p.name << " poison " << poison);
      std::string want, got;
      try {
        scmp::sim::sc_matmul(a, b, p.o);
      } catch (const scmp::sim::InvalidArgument& e) {
        want = e.what();
      }
      try {
        scmp::gpu::sc_matmul_device(a, b, p.o);
      } catch (const scmp::sim::InvalidArgument& e) {
        got = e.what();
      }
      REQUIRE_FALSE(want.empty());
      CHECK(got == want);
    }
  }
#endif
}

TEST_CASE("device pipeline per_tensor and per_head equal host sc_matmul bit for bit", "[cuda][gpu][pipeline]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  scmp::gpu::install();
  const std::uint64_t fresh =
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^ 0x7e45a11dull;
  int compared = 0, refused = 0;
  for (const std::uint64_t seed : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{3}, fresh}) {
    INFO("seed=" << seed);
    std::mt19937_64 g(seed);
    auto pick = [&](int n) { return static_cast<int>(g() % static_cast<std::uint64_t>(n)); };
    for (int i = 0; i < 12; ++i) {
      scmp::sim::MatmulOptions o;
      const int kind = pick(3);  // 0: per_tensor bipolar, 1: per_tensor unipolar, 2: per_head
      o.granularity = kind == 2 ? scmp::sim::Granularity::per_head : scmp::sim::Granularity::per_tensor;
      o.mode = kind == 1 ? scmp::sim::Mode::unipolar : scmp::sim::Mode::bipolar;
      o.sc_prec = pick(4) == 0 ? 6 + pick(2) : 8;
      const int period = 1 << o.sc_prec;
      const int Ls[] = {256, 100, 16};
      o.stoc_len = std::min(Ls[pick(3)], period);
      if (pick(4) == 0) o.rng_levels = period / 2;
      const scmp::sim::Multiplier ms[] = {scmp::sim::Multiplier::enable, scmp::sim::Multiplier::thermometer,
                                          scmp::sim::Multiplier::and_gate, scmp::sim::Multiplier::xnor};
      o.multiplier = ms[pick(kind == 1 ? 3 : 4)];
      const int Ns[] = {1, 17, 63, 130}, Ds[] = {1, 31, 100, 257};
      const int N = Ns[pick(4)], M = Ns[pick(4)], D = Ds[pick(4)];
      std::vector<std::int64_t> sa{N, D}, sb{M, D};
      if (kind == 2 || pick(2) == 0) {  // per_tensor 3-D: one range over all slices
        const int B = 1 + pick(3);
        sa = {B, N, D};
        sb = {B, M, D};
      }
      auto a = random_tensor(g, sa), b = random_tensor(g, sb);
      if (kind == 1 && pick(2) == 0) {  // shifted ranges: zero point at 0 or q_max after the clamp
        const float shift = (pick(2) == 0 ? 3.0f : -3.0f) * std::ldexp(1.0f, pick(5) - 2);
        for (auto& v : a.data) v += shift;
      }
      INFO("draw " << i << " kind=" << kind << " a=" << sa.size() << "-D N=" << N << " M=" << M << " D=" << D << " p=" << o.sc_prec
                   << " L=" << *o.stoc_len << " G=" << (o.rng_levels ? *o.rng_levels : 0)
                   << " mult=" << scmp::sim::to_string(o.multiplier));
      if (device_equals_host(a, b, o)) ++compared;
      else ++refused;
    }
  }
  INFO("refused=" << refused);
  CHECK(compared > 30);
#endif
}

TEST_CASE("device pipeline per_head: GEMM-epilogue and split-K paths equal host sc_matmul", "[cuda][gpu][pipeline]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  scmp::gpu::install();
  const std::uint64_t fresh =
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^ 0x5ead0ull;
  // D = 31 at L = 256 is 8 K stages a tile: no split-K, so the GEMM writes y itself (slice epilogue).
  // D = 257 on a 1-tile grid is 65 stages: split-K, int32 S and the separate dequantization pass.
  struct Shape {
    int B, N, M, D;
  };
  const Shape shapes[] = {{3, 130, 63, 31}, {2, 1, 129, 64}, {1, 17, 17, 257}};
  const scmp::sim::Multiplier ms[] = {scmp::sim::Multiplier::enable, scmp::sim::Multiplier::thermometer,
                                      scmp::sim::Multiplier::and_gate, scmp::sim::Multiplier::xnor};
  for (const std::uint64_t seed : {std::uint64_t{11}, fresh}) {
    INFO("seed=" << seed);
    std::mt19937_64 g(seed);
    for (const Shape& s : shapes) {
      for (const auto mult : ms) {
        scmp::sim::MatmulOptions o;
        o.granularity = scmp::sim::Granularity::per_head;
        o.sc_prec = 8;
        o.stoc_len = 256;
        o.multiplier = mult;
        const auto a = random_tensor(g, {s.B, s.N, s.D}), b = random_tensor(g, {s.B, s.M, s.D});
        INFO("B=" << s.B << " N=" << s.N << " M=" << s.M << " D=" << s.D << " mult=" << scmp::sim::to_string(mult));
        REQUIRE(device_equals_host(a, b, o));
      }
    }
  }
#endif
}
