// Multiple GPUs: the device pipeline runs on the device that holds its operands, whichever device is current,
// gives the caller's device back, refuses operands split over devices, and serves one thread per device.
#include <chrono>
#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

#include "gpu/install.hpp"
#include "sim/error.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "support/catch.hpp"
#include "support/gpu_switch.hpp"
#include "support/same_bits.hpp"
#if SCMP_HAVE_CUDA
#include <cuda_runtime.h>

#include "gpu/device_guard.hpp"
#include "gpu/pipeline.hpp"
#endif

#if SCMP_HAVE_CUDA
namespace {

using scmp::sim::Granularity;
using scmp::sim::MatmulOptions;
using scmp::sim::Mode;
using scmp::sim::Multiplier;
using scmp::sim::Tensor;

void cuda_ok(cudaError_t e, const char* what) {  // throws (not REQUIRE: also used from worker threads)
  if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

// fp32 values on one chosen device (allocated and freed with that device current).
struct OnDevice {
  int device;
  float* data = nullptr;
  std::size_t size;
  OnDevice(int d, std::size_t n) : device(d), size(n) {
    scmp::gpu::DeviceGuard on(device);
    cuda_ok(cudaMalloc(&data, n * sizeof(float)), "cudaMalloc");
  }
  OnDevice(int d, const std::vector<float>& host) : OnDevice(d, host.size()) {
    cuda_ok(cudaMemcpy(data, host.data(), size * sizeof(float), cudaMemcpyHostToDevice), "cudaMemcpy");
  }
  ~OnDevice() {
    scmp::gpu::DeviceGuard on(device);
    cudaFree(data);
  }
  OnDevice(const OnDevice&) = delete;
  OnDevice& operator=(const OnDevice&) = delete;
  std::vector<float> download() const {
    std::vector<float> host(size);
    scmp::gpu::DeviceGuard on(device);
    cuda_ok(cudaDeviceSynchronize(), "cudaDeviceSynchronize");  // run() may return with its GEMM in flight
    cuda_ok(cudaMemcpy(host.data(), data, size * sizeof(float), cudaMemcpyDeviceToHost), "cudaMemcpy");
    return host;
  }
};

Tensor random_tensor(std::mt19937_64& g, std::vector<std::int64_t> shape) {
  Tensor t(shape, 0.0f);
  std::normal_distribution<float> nd;
  for (auto& v : t.data) v = nd(g);
  return t;
}

int current_device() {
  int d = -1;
  REQUIRE(cudaGetDevice(&d) == cudaSuccess);
  return d;
}

// One configuration of each pipeline path.
struct Case {
  const char* name;
  std::vector<std::int64_t> sa, sb;
  MatmulOptions o;
};

std::vector<Case> cases(std::mt19937_64& g) {
  std::vector<Case> out;
  MatmulOptions o;
  o.stoc_len = 100;
  out.push_back({"per_row 2-D", {37, 300}, {45, 300}, o});
  MatmulOptions c = o;
  c.chunk_d = 64;
  c.multiplier = Multiplier::and_gate;
  out.push_back({"per_row chunk_d", {20, 200}, {33, 200}, c});
  MatmulOptions u = o;
  u.mode = Mode::unipolar;
  u.group_a = 5;
  u.row_stoc_len_a = std::vector<int>(19, 64);
  u.row_stoc_len_a[3] = 256;
  u.row_stoc_len_b = std::vector<int>(23, 128);
  out.push_back({"per_row unipolar, groups, per-row lengths", {19, 130}, {23, 130}, u});
  MatmulOptions t = o;
  t.granularity = Granularity::per_tensor;
  t.mode = Mode::unipolar;
  t.multiplier = Multiplier::thermometer;
  out.push_back({"per_tensor unipolar 3-D", {2, 17, 96}, {2, 9, 96}, t});
  MatmulOptions h = o;
  h.granularity = Granularity::per_head;
  h.multiplier = Multiplier::xnor;
  h.stoc_len = 256;
  out.push_back({"per_head", {3, 40, 64}, {3, 24, 64}, h});
  MatmulOptions s = o;
  std::uniform_real_distribution<float> ud(0.25f, 4.0f);
  s.smooth_scales = std::vector<float>(72);
  for (auto& v : *s.smooth_scales) v = ud(g);
  out.push_back({"per_row smoothed", {16, 72}, {8, 72}, s});
  return out;
}

}  // namespace
#endif

TEST_CASE("device pipeline runs on the device that holds the operands", "[cuda][gpu][pipeline][multi_gpu]") {
  SCMP_NEED_GPUS(scmp::gpu::device_count(), 2);
#if SCMP_HAVE_CUDA
  scmp::gpu::install();
  const int devices = scmp::gpu::device_count();
  const std::uint64_t seed = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^ 0xd0e5ull;
  INFO("seed=" << seed << " devices=" << devices);
  std::mt19937_64 g(seed);
  const int entry = current_device();
  for (Case& c : cases(g)) {
    INFO("case: " << c.name);
    const Tensor a = random_tensor(g, c.sa), b = random_tensor(g, c.sb);
    c.o.backend = "cpu";
    const auto want = scmp::sim::sc_matmul(a, b, c.o);
    REQUIRE(cudaSetDevice(0) == cudaSuccess);
    scmp::gpu::DevicePipeline pipe(c.sa, c.sb, c.o);  // planned on device 0
    // Each device in turn holds the operands while another one is current; twice round, so that the plans
    // made on the first visit are reused.
    for (int round = 0; round < 2; ++round) {
      for (int d = 0; d < devices; ++d) {
        const int current = (d + 1) % devices;
        INFO("round " << round << ": operands on device " << d << ", device " << current << " current");
        OnDevice da(d, a.data), db(d, b.data), dy(d, want.y.data.size());
        REQUIRE(cudaSetDevice(current) == cudaSuccess);
        pipe.run({da.data, c.sa}, {db.data, c.sb}, dy.data);
        CHECK(current_device() == current);
        scmp::testing::require_same_bits(dy.download(), want.y.data);
      }
    }
  }
  // Operands split over two devices are refused, naming the operand and both devices.
  const std::vector<std::int64_t> sa{4, 32}, sb{5, 32};
  scmp::gpu::DevicePipeline pipe(sa, sb, MatmulOptions{});
  OnDevice a0(0, 4 * 32), b0(0, 5 * 32), y0(0, 4 * 5), b1(1, 5 * 32), y1(1, 4 * 5);
  const auto message = [&](const float* a, const float* b, float* y) -> std::string {
    try {
      pipe.run({a, sa}, {b, sb}, y);
    } catch (const scmp::sim::InvalidArgument& e) {
      return e.what();
    }
    return "";
  };
  REQUIRE(cudaMemset(a0.data, 0, a0.size * sizeof(float)) == cudaSuccess);
  const std::string eb = message(a0.data, b1.data, y0.data);
  CHECK(eb.find("b.data") != std::string::npos);
  CHECK(eb.find("memory of CUDA device 1") != std::string::npos);
  CHECK(eb.find("device 0") != std::string::npos);
  const std::string ey = message(a0.data, b0.data, y1.data);
  CHECK(ey.find("y") != std::string::npos);
  CHECK(ey.find("memory of CUDA device 1") != std::string::npos);
  REQUIRE(cudaSetDevice(entry) == cudaSuccess);
#endif
}

TEST_CASE("one device pipeline per thread runs on every device at once", "[cuda][gpu][pipeline][multi_gpu]") {
  SCMP_NEED_GPUS(scmp::gpu::device_count(), 2);
#if SCMP_HAVE_CUDA
  scmp::gpu::install();
  const int devices = scmp::gpu::device_count();
  std::mt19937_64 g(7);
  MatmulOptions o;
  o.stoc_len = 128;
  o.chunk_d = 128;
  const std::vector<std::int64_t> sa{300, 1000}, sb{260, 1000};
  const Tensor a = random_tensor(g, sa), b = random_tensor(g, sb);
  o.backend = "cpu";
  const auto want = scmp::sim::sc_matmul(a, b, o);
  std::vector<std::vector<float>> got(static_cast<std::size_t>(devices));
  std::vector<std::string> errors(static_cast<std::size_t>(devices));
  std::vector<std::thread> threads;
  for (int d = 0; d < devices; ++d) {
    threads.emplace_back([&, d] {
      try {
        // Each thread's current device starts as 0: the operands alone send the work to device d.
        OnDevice da(d, a.data), db(d, b.data), dy(d, want.y.data.size());
        scmp::gpu::DevicePipeline pipe(sa, sb, o);
        for (int run = 0; run < 3; ++run) pipe.run({da.data, sa}, {db.data, sb}, dy.data);
        got[static_cast<std::size_t>(d)] = dy.download();
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(d)] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int d = 0; d < devices; ++d) {
    INFO("device " << d);
    CHECK(errors[static_cast<std::size_t>(d)].empty());
    scmp::testing::require_same_bits(got[static_cast<std::size_t>(d)], want.y.data);
  }
#endif
}
