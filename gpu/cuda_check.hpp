// Turns CUDA runtime failures into scmp::sim::Error (library code throws; it never exits or prints).
#pragma once
#include <cuda_runtime.h>

#include <string>

#include "sim/error.hpp"

namespace scmp::gpu {

inline void cuda_check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) {
    throw scmp::sim::Error(std::string("CUDA error in ") + what + ": " + cudaGetErrorName(e) + " (" +
                           cudaGetErrorString(e) + ")");
  }
}

}  // namespace scmp::gpu

#define SCMP_CUDA(call) ::scmp::gpu::cuda_check((call), #call)
