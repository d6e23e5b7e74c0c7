// Internal to gpu/pipeline.cu (included once, there): DevicePipeline's per-device state (core plan, quantizer
// outputs, the non-finite record) and the operand checks (which device holds a pointer).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>
#include <memory>

#include "gpu/core.hpp"
#include "gpu/device_buffer.hpp"
#include "gpu/pipeline_quantize.cuh"
#include "sim/error.hpp"

namespace scmp::gpu {
namespace {

using sim::InvalidArgument;

// The device of an operand or of y: device memory, else InvalidArgument naming the field and what it is.
int operand_device(const void* p, const char* field) {
  cudaPointerAttributes attr{};
  const bool known = p != nullptr && cudaPointerGetAttributes(&attr, p) == cudaSuccess;
  if (!known) cudaGetLastError();  // clear the error of an unknown pointer
  if (known && (attr.type == cudaMemoryTypeDevice || attr.type == cudaMemoryTypeManaged)) return attr.device;
  throw InvalidArgument(field, p == nullptr ? "null" : known ? "host memory" : "unknown memory", "expected device memory (cudaMalloc or managed)");
}

// Slots of the non-finite record: the operands as given, then (smooth_scales) the smoothed operands.
enum BadSlot { bad_a = 0, bad_b = 1, bad_smoothed_a = 2, bad_smoothed_b = 3, bad_slots = 4 };

// After the quantizers: hands the non-finite record to mapped host memory and resets it for the next run.
__global__ void publish_bad_kernel(unsigned long long* bad, volatile unsigned long long* host) {
  const int i = static_cast<int>(threadIdx.x);
  if (i < bad_slots) {
    host[i] = bad[i];
    bad[i] = ~0ull;
  }
}

// What run() needs on one device: the core plan (tables, packed operands) and the quantizer's outputs. A
// pipeline keeps one per device it has run on, made when the operands first arrive on that device.
struct DeviceState {
  std::unique_ptr<CorePlan> core;
  DeviceBuffer<std::uint16_t> ba, bb;
  DeviceBuffer<std::int8_t> sa, sb;
  DeviceBuffer<float> scale_a, scale_b;
  DeviceBuffer<std::int32_t> s;
  DeviceBuffer<int> len_a, len_b;
  // per_tensor / per_head: partial ranges and per_tensor scalars; unipolar: row sums (and per_row zero points).
  DeviceBuffer<float2> part_a, part_b;
  DeviceBuffer<TensorScalars> tensor_a, tensor_b;
  DeviceBuffer<float> sum_a, sum_b, zp_a, zp_b;
  // smooth_scales: the scales and the smoothed operands.
  DeviceBuffer<float> smooth, smoothed_a, smoothed_b;
  DeviceBuffer<unsigned long long> bad;  // [bad_slots]
  // The record as the host reads it (mapped pinned memory, written by publish_bad_kernel) and the event after
  // that kernel: run() waits for the quantizers only, not for the GEMM queued behind them.
  unsigned long long* bad_host = nullptr;
  unsigned long long* bad_host_mapped = nullptr;
  cudaEvent_t quantized = nullptr;
  DeviceState() = default;
  DeviceState(const DeviceState&) = delete;
  DeviceState& operator=(const DeviceState&) = delete;
  ~DeviceState() {
    if (quantized != nullptr) cudaEventDestroy(quantized);
    if (bad_host != nullptr) cudaFreeHost(bad_host);
  }
};

}  // namespace
}  // namespace scmp::gpu
