// Owning device allocation (cudaMalloc; never managed memory), with host upload/download helpers.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <vector>

#include "gpu/cuda_check.hpp"

namespace scmp::gpu {

template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(std::size_t n) { resize(n); }
  explicit DeviceBuffer(const std::vector<T>& host) { upload(host); }
  ~DeviceBuffer() { release(); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& o) noexcept : m_ptr(o.m_ptr), m_size(o.m_size) { o.m_ptr = nullptr; o.m_size = 0; }
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    if (this != &o) { release(); m_ptr = o.m_ptr; m_size = o.m_size; o.m_ptr = nullptr; o.m_size = 0; }
    return *this;
  }
  void resize(std::size_t n) {
    if (n == m_size) return;
    release();
    if (n > 0) SCMP_CUDA(cudaMalloc(reinterpret_cast<void**>(&m_ptr), n * sizeof(T)));
    m_size = n;
  }
  void upload(const std::vector<T>& host) {
    resize(host.size());
    if (!host.empty()) SCMP_CUDA(cudaMemcpy(m_ptr, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice));
  }
  std::vector<T> download() const {
    std::vector<T> host(m_size);
    if (m_size > 0) SCMP_CUDA(cudaMemcpy(host.data(), m_ptr, m_size * sizeof(T), cudaMemcpyDeviceToHost));
    return host;
  }
  T* get() const { return m_ptr; }
  std::size_t size() const { return m_size; }

 private:
  void release() {
    if (m_ptr != nullptr) cudaFree(m_ptr);
    m_ptr = nullptr;
    m_size = 0;
  }
  T* m_ptr = nullptr;
  std::size_t m_size = 0;
};

}  // namespace scmp::gpu
