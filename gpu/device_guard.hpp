// Which CUDA device work runs on. Kernels launch on the calling thread's current device, so code that must run
// where its operands live makes that device current for a scope and gives the caller's device back after.
#pragma once
#include <cuda_runtime.h>

#include "gpu/cuda_check.hpp"

namespace scmp::gpu {

class DeviceGuard {
 public:
  explicit DeviceGuard(int device) {
    SCMP_CUDA(cudaGetDevice(&m_previous));
    m_device = device;
    if (m_device != m_previous) SCMP_CUDA(cudaSetDevice(m_device));
  }
  ~DeviceGuard() {
    if (m_device != m_previous) cudaSetDevice(m_previous);  // cannot throw from a destructor; setting back cannot fail
  }
  DeviceGuard(const DeviceGuard&) = delete;
  DeviceGuard& operator=(const DeviceGuard&) = delete;

 private:
  int m_previous = 0, m_device = 0;
};

}  // namespace scmp::gpu
