// div_full_on_device: PTX div.full.f32 over host arrays (gpu/triton_div_device.hpp).
#include "gpu/triton_div_device.hpp"

#include "gpu/cuda_check.hpp"
#include "gpu/device_buffer.hpp"
#include "gpu/triton_div.cuh"

namespace scmp::gpu {
namespace {
__global__ void div_full_kernel(const float* a, const float* b, float* q, std::size_t n) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    q[i] = div_full(a[i], b[i]);
  }
}
}  // namespace

void div_full_on_device(const float* a, const float* b, float* q, std::size_t n) {
  if (n == 0) return;
  DeviceBuffer<float> da(n), db(n), dq(n);
  SCMP_CUDA(cudaMemcpy(da.get(), a, n * sizeof(float), cudaMemcpyHostToDevice));
  SCMP_CUDA(cudaMemcpy(db.get(), b, n * sizeof(float), cudaMemcpyHostToDevice));
  div_full_kernel<<<1024, 256>>>(da.get(), db.get(), dq.get(), n);
  SCMP_CUDA(cudaGetLastError());
  SCMP_CUDA(cudaMemcpy(q, dq.get(), n * sizeof(float), cudaMemcpyDeviceToHost));
}

}  // namespace scmp::gpu
