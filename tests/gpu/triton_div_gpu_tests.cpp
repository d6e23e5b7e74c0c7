// sim::div_full (the CPU emulation of Triton's division) equals PTX div.full.f32 on this GPU: every σ pair
// (sc_prec 2..16, both q_max, L = 1..2^p), every G ÷ꜰ q_max at sc_prec 8, and 2^22 random fp32 pairs (seed logged).
// The exhaustive proof over all 2^32 inputs is tools/triton_div/run.sh.
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "gpu/install.hpp"
#include "sim/arith/triton_div.hpp"
#include "support/catch.hpp"
#include "support/gpu_switch.hpp"
#if SCMP_HAVE_CUDA
#include "gpu/triton_div_device.hpp"
#endif

TEST_CASE("div.full on the GPU == sim::div_full", "[cuda][arith]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
#if SCMP_HAVE_CUDA
  std::vector<float> a, b;
  scmp::sim::append_sigma_divisions(a, b);
  for (int g = 1; g <= 256; ++g) {
    a.push_back(static_cast<float>(g));
    b.push_back(127.0f);
  }
  const std::uint64_t seed = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  for (int i = 0; i < (1 << 22); ++i) {
    a.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(rng())));
    b.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(rng())));
  }
  std::vector<float> q(a.size());
  scmp::gpu::div_full_on_device(a.data(), b.data(), q.data(), a.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const float cpu = scmp::sim::div_full(a[i], b[i]);
    const bool same = (std::isnan(cpu) && std::isnan(q[i])) || std::bit_cast<std::uint32_t>(cpu) == std::bit_cast<std::uint32_t>(q[i]);
    if (!same && differ++ < 5) {
      UNSCOPED_INFO(std::hex << std::bit_cast<std::uint32_t>(a[i]) << " / " << std::bit_cast<std::uint32_t>(b[i]) << ": gpu "
                             << std::bit_cast<std::uint32_t>(q[i]) << " cpu " << std::bit_cast<std::uint32_t>(cpu));
    }
  }
  CHECK(differ == 0);
#endif
}
