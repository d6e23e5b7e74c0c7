// The benchmarks' clock (bench.cu, ceiling.cu): the median time of a GPU operation between two CUDA events.
#pragma once
#include <cuda_runtime.h>

#include <algorithm>
#include <vector>

#include "gpu/cuda_check.hpp"

namespace scmp::gpu {

// Runs f `warmups` times (clocks up, module loaded), then `runs` times, each between two events on the default
// stream; returns the median in ms (0 without runs). A launch error throws through SCMP_CUDA.
template <class F>
double median_event_ms(F&& f, int runs, int warmups) {
  cudaEvent_t e0, e1;
  SCMP_CUDA(cudaEventCreate(&e0));
  SCMP_CUDA(cudaEventCreate(&e1));
  for (int i = 0; i < warmups; ++i) f();
  SCMP_CUDA(cudaGetLastError());
  SCMP_CUDA(cudaDeviceSynchronize());
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    SCMP_CUDA(cudaEventRecord(e0));
    f();
    SCMP_CUDA(cudaEventRecord(e1));
    SCMP_CUDA(cudaEventSynchronize(e1));
    float ms = 0;
    SCMP_CUDA(cudaEventElapsedTime(&ms, e0, e1));
    t.push_back(ms);
  }
  SCMP_CUDA(cudaGetLastError());
  cudaEventDestroy(e0);
  cudaEventDestroy(e1);
  std::sort(t.begin(), t.end());
  return t.empty() ? 0.0 : t[t.size() / 2];
}

}  // namespace scmp::gpu
