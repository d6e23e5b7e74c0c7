// `scmp bench --ceiling`: the tensor-core loops behind Ceilings (ceiling.hpp). Each block runs a fixed number
// of MMAs on data already in registers (mma.sync) or shared memory (wgmma), several independent accumulators
// in flight; the grid covers every SM several times; the time is the median of a few launches.
#include <cuda_runtime.h>

#include <algorithm>
#include <vector>

#include "gpu/bmma.cuh"
#include "gpu/ceiling.hpp"
#include "gpu/cuda_check.hpp"
#include "gpu/device_guard.hpp"
#include "gpu/event_timing.hpp"
#include "gpu/wgmma_gemm.hpp"
#include "gpu/wgmma.cuh"

namespace scmp::gpu {
namespace {

constexpr int kMmaAcc = 8;        // independent m16n8 accumulators per warp
constexpr int kWgThreads = 256;   // two warpgroups per block

__global__ void __launch_bounds__(256) mma_sync_loop(int iters, int* sink) {
  uint32_t a[4], b[2];
  const unsigned seed = (blockIdx.x * 256 + threadIdx.x) * 2654435761u;
#pragma unroll
  for (int i = 0; i < 4; ++i) a[i] = seed ^ (0x9e3779b9u * (i + 1));
  b[0] = seed * 7u + 1u;
  b[1] = seed * 13u + 5u;
  int c[kMmaAcc][4] = {};
  for (int it = 0; it < iters; ++it) {
#pragma unroll
    for (int j = 0; j < kMmaAcc; ++j) bmma_and(c[j], a, b);
  }
  int s = 0;
#pragma unroll
  for (int j = 0; j < kMmaAcc; ++j) s += c[j][0] + c[j][1] + c[j][2] + c[j][3];
  if (s == 0x7fffffff) *sink = s;  // keeps the loop; practically never written
}

// Each warpgroup: A = 64 rows, B = 128 rows of one 128-byte-swizzled K slice (8 KB + 16 KB), four K steps per
// iteration alternating two accumulators.
__global__ void __launch_bounds__(kWgThreads, 1) wgmma_loop(int iters, int* sink, int* ran) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  extern __shared__ unsigned char raw[];
  unsigned char* smem = raw + ((1024 - (static_cast<unsigned>(__cvta_generic_to_shared(raw)) & 1023)) & 1023);
  for (int i = threadIdx.x; i < (64 * 2 + 128) * 128 / 4; i += blockDim.x) {
    reinterpret_cast<unsigned*>(smem)[i] = (i + 1) * 2654435761u ^ blockIdx.x;
  }
  fence_proxy_async();
  __syncthreads();
  const int wg = threadIdx.x / 128;
  const unsigned char* sa = smem + wg * 64 * 128;
  const unsigned char* sb = smem + 2 * 64 * 128;
  int d0[64] = {}, d1[64] = {};
  for (int it = 0; it < iters; ++it) {
    wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < 4; kk += 2) {
      wgmma_and_m64n128k256(d0, smem_desc_sw128(sa + kk * 32), smem_desc_sw128(sb + kk * 32));
      wgmma_and_m64n128k256(d1, smem_desc_sw128(sa + kk * 32 + 32), smem_desc_sw128(sb + kk * 32 + 32));
    }
    wgmma_commit();
    wgmma_wait<1>();
  }
  wgmma_wait<0>();
  int s = 0;
#pragma unroll
  for (int j = 0; j < 64; ++j) s += d0[j] + d1[j];
  if (s == 0x7fffffff) *sink = s;
  if (blockIdx.x == 0 && threadIdx.x == 0) *ran = 1;
#else
  (void)iters; (void)sink;
  if (blockIdx.x == 0 && threadIdx.x == 0) *ran = 0;
#endif
}

}  // namespace

Ceilings measure_ceilings(int device) {
  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    cudaGetLastError();
    throw sim::Error("scmp bench --ceiling needs a CUDA device");
  }
  DeviceGuard on(device);
  cudaDeviceProp prop{};
  SCMP_CUDA(cudaGetDeviceProperties(&prop, device));
  const int sms = prop.multiProcessorCount;
  int* sink = nullptr;
  SCMP_CUDA(cudaMalloc(&sink, 2 * sizeof(int)));
  SCMP_CUDA(cudaMemset(sink, 0, 2 * sizeof(int)));
  Ceilings c;
  {
    const int blocks = sms * 4, iters = 16384;
    const double ms = median_event_ms([&] { mma_sync_loop<<<blocks, 256>>>(iters, sink); }, 5, 1);
    const double products = static_cast<double>(blocks) * 8 * iters * kMmaAcc * (16.0 * 8 * 256);
    c.mma_sync = products / (ms * 1e-3);
  }
  if (!wgmma_supported(device)) {
    c.wgmma_note = "wgmma needs compute capability 9.0 and a build with sm_90a";
  } else {
    const int bytes = (64 * 2 + 128) * 128 + 1024, blocks = sms * 2, iters = 8192;
    SCMP_CUDA(cudaFuncSetAttribute(wgmma_loop, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes));
    const double ms = median_event_ms([&] { wgmma_loop<<<blocks, kWgThreads, bytes>>>(iters, sink, sink + 1); }, 5, 1);
    int ran = 0;
    SCMP_CUDA(cudaMemcpy(&ran, sink + 1, sizeof ran, cudaMemcpyDeviceToHost));
    const double products = static_cast<double>(blocks) * 2 * iters * 4 * (64.0 * 128 * 256);
    if (ran == 1) c.wgmma = products / (ms * 1e-3);
    else c.wgmma_note = "the wgmma loop did not run (no sm_90a code for this device)";
  }
  cudaFree(sink);
  return c;
}

}  // namespace scmp::gpu
