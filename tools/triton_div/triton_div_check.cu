// Proves scmp::sim::rcp_approx / div_full (the CPU emulation of PTX rcp.approx.f32 / div.full.f32, i.e.
// Triton's fp32 `/`) against the GPU: every one of the 2^32 fp32 inputs of rcp.approx and of 1 ÷ꜰ x, every
// σ = f(q_max²) ÷ꜰ f(L) (p = 2..16, bipolar and unipolar q_max, L = 1..2^p), every G ÷ꜰ q_max (G = 1..65535),
// 2^20 random m ÷ꜰ q_max per q_max, and random pairs over the whole range and around the rescaling bounds.
// Exit 0 only if every result is bit-identical (NaN == NaN). Built and run by tools/triton_div/run.sh.
#include <cuda_runtime.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "sim/arith/triton_div.hpp"

namespace {

__device__ float dev_rcp(float x) {
  float r;
  asm("rcp.approx.f32 %0, %1;" : "=f"(r) : "f"(x));
  return r;
}
__device__ float dev_div(float a, float b) {
  float r;
  asm("div.full.f32 %0, %1, %2;" : "=f"(r) : "f"(a), "f"(b));
  return r;
}

// Exhaustive slice: inputs x = base + i.
__global__ void rcp_slice(std::uint32_t base, std::uint32_t n, float* rcp, float* one_div) {
  const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const float x = __uint_as_float(base + i);
  rcp[i] = dev_rcp(x);
  one_div[i] = dev_div(1.0f, x);
}

__global__ void div_pairs(const float* a, const float* b, float* q, std::size_t n) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i < n) q[i] = dev_div(a[i], b[i]);
}

std::uint32_t bits(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
bool same(float x, float y) { return (std::isnan(x) && std::isnan(y)) || bits(x) == bits(y); }

struct Tally {
  const char* name;
  std::atomic<std::uint64_t> checked{0}, wrong{0};
  std::atomic<int> shown{0};
  void miss(const char* what, float a, float b, float gpu, float cpu) {
    wrong += 1;
    if (shown.fetch_add(1) < 12) {
      std::printf("  MISMATCH %s %s: a=%08x (%g) b=%08x (%g) gpu=%08x cpu=%08x\n", name, what, bits(a), a, bits(b),
                  b, bits(gpu), bits(cpu));
    }
  }
  bool report() const {
    std::printf("%-28s %14llu checked, %llu differ\n", name, static_cast<unsigned long long>(checked.load()),
                static_cast<unsigned long long>(wrong.load()));
    return wrong.load() == 0;
  }
};

template <class F>
void parallel_for(std::size_t n, F f) {
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::size_t i = t; i < n; i += threads) f(i);
    });
  }
  for (auto& th : pool) th.join();
}

// GPU div.full over host pairs, compared with the CPU emulation.
void check_pairs(Tally& tally, const std::vector<float>& a, const std::vector<float>& b) {
  const std::size_t n = a.size();
  float *da, *db, *dq;
  cudaMalloc(&da, n * 4);
  cudaMalloc(&db, n * 4);
  cudaMalloc(&dq, n * 4);
  cudaMemcpy(da, a.data(), n * 4, cudaMemcpyHostToDevice);
  cudaMemcpy(db, b.data(), n * 4, cudaMemcpyHostToDevice);
  div_pairs<<<(n + 255) / 256, 256>>>(da, db, dq, n);
  std::vector<float> q(n);
  cudaMemcpy(q.data(), dq, n * 4, cudaMemcpyDeviceToHost);
  cudaFree(da);
  cudaFree(db);
  cudaFree(dq);
  constexpr std::size_t kBlock = 4096;
  parallel_for((n + kBlock - 1) / kBlock, [&](std::size_t blk) {
    for (std::size_t i = blk * kBlock; i < std::min(n, (blk + 1) * kBlock); ++i) {
      const float cpu = scmp::sim::div_full(a[i], b[i]);
      if (!same(q[i], cpu)) tally.miss("div", a[i], b[i], q[i], cpu);
    }
  });
  tally.checked += n;
}

}  // namespace

int main() {
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) {
    std::fprintf(stderr, "triton_div_check: no CUDA device\n");
    return 1;
  }
  std::printf("device: %s (sm_%d%d)\n", prop.name, prop.major, prop.minor);
  bool ok = true;

  // 1. Every fp32 input of rcp.approx and of 1 ÷ꜰ x.
  {
    Tally rcp{"rcp.approx.f32 (all 2^32)"}, one{"1 div.full x (all 2^32)"};
    constexpr std::uint32_t kSlice = 1u << 26;
    float *d_rcp, *d_one;
    cudaMalloc(&d_rcp, kSlice * 4);
    cudaMalloc(&d_one, kSlice * 4);
    std::vector<float> h_rcp(kSlice), h_one(kSlice);
    for (std::uint64_t base = 0; base < (1ull << 32); base += kSlice) {
      rcp_slice<<<kSlice / 256, 256>>>(static_cast<std::uint32_t>(base), kSlice, d_rcp, d_one);
      cudaMemcpy(h_rcp.data(), d_rcp, kSlice * 4, cudaMemcpyDeviceToHost);
      cudaMemcpy(h_one.data(), d_one, kSlice * 4, cudaMemcpyDeviceToHost);
      constexpr std::uint32_t kBlock = 1u << 16;
      parallel_for(kSlice / kBlock, [&](std::size_t blk) {
        for (std::uint32_t i = blk * kBlock; i < (blk + 1) * kBlock; ++i) {
          float x;
          const std::uint32_t xb = static_cast<std::uint32_t>(base) + i;
          std::memcpy(&x, &xb, 4);
          const float r = scmp::sim::rcp_approx(x);
          if (!same(h_rcp[i], r)) rcp.miss("rcp", x, x, h_rcp[i], r);
          const float o = scmp::sim::div_full(1.0f, x);
          if (!same(h_one[i], o)) one.miss("1/x", 1.0f, x, h_one[i], o);
        }
      });
      rcp.checked += kSlice;
      one.checked += kSlice;
    }
    cudaFree(d_rcp);
    cudaFree(d_one);
    ok &= rcp.report();
    ok &= one.report();
  }

  std::vector<int> q_maxes;
  for (int p = 2; p <= 16; ++p) {
    q_maxes.push_back((1 << (p - 1)) - 1);
    q_maxes.push_back((1 << p) - 1);
  }
  // 2. σ = f(q_max²) ÷ꜰ f(L) for every sc_prec, both modes, every L = 1..2^p.
  {
    Tally t{"sigma q_max^2 / L"};
    std::vector<float> a, b;
    scmp::sim::append_sigma_divisions(a, b);
    check_pairs(t, a, b);
    ok &= t.report();
  }
  // 3. G ÷ꜰ q_max for every G = 1..65535 and every q_max.
  {
    Tally t{"G / q_max"};
    std::vector<float> a, b;
    for (int q : q_maxes) {
      for (int g = 1; g <= 65535; ++g) {
        a.push_back(static_cast<float>(g));
        b.push_back(static_cast<float>(q));
      }
    }
    check_pairs(t, a, b);
    ok &= t.report();
  }
  std::mt19937_64 rng(20261201);  // fixed seed: the check is reproducible
  // 4. m ÷ꜰ q_max: 2^20 positive m per q_max, log-uniform over [1e-5, 1e6] and random finite bit patterns.
  {
    Tally t{"m / q_max"};
    std::vector<float> a, b;
    std::uniform_real_distribution<double> lg(std::log(1e-5), std::log(1e6));
    for (int q : q_maxes) {
      for (int i = 0; i < (1 << 20); ++i) {
        float m;
        if (i & 1) {
          m = static_cast<float>(std::exp(lg(rng)));
        } else {
          const std::uint32_t xb = static_cast<std::uint32_t>(rng()) & 0x7F7FFFFFu;
          std::memcpy(&m, &xb, 4);
        }
        a.push_back(m);
        b.push_back(static_cast<float>(q));
      }
    }
    check_pairs(t, a, b);
    ok &= t.report();
  }
  // 5. Random pairs: any bit patterns (2^26), and divisors around the rescaling bounds 2^±126 (2^24).
  {
    Tally t{"random pairs"}, edge{"divisor near 2^+-126"};
    std::vector<float> a(1 << 26), b(1 << 26);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::uint32_t ab = static_cast<std::uint32_t>(rng()), bb = static_cast<std::uint32_t>(rng());
      std::memcpy(&a[i], &ab, 4);
      std::memcpy(&b[i], &bb, 4);
    }
    check_pairs(t, a, b);
    ok &= t.report();
    a.assign(1 << 24, 0.0f);
    b.assign(1 << 24, 0.0f);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::uint32_t exps[] = {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254};
      const std::uint32_t e = exps[rng() % 11];
      const std::uint32_t bb = (static_cast<std::uint32_t>(rng()) & 0x807FFFFFu) | (e << 23);
      const std::uint32_t ab = static_cast<std::uint32_t>(rng());
      std::memcpy(&a[i], &ab, 4);
      std::memcpy(&b[i], &bb, 4);
    }
    check_pairs(edge, a, b);
    ok &= edge.report();
  }
  std::printf("triton_div_check: %s\n", ok ? "PASSED (bit-identical everywhere)" : "FAILED");
  return ok ? 0 : 1;
}
