// The device-resident sc_matmul: fp32 operands already on the GPU are quantized there, run through the binary
// tensor-core core, and dequantized there, with no host round trip of the operands.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/matmul/sc_matmul.hpp"

namespace scmp::gpu {

// An fp32 row-major operand in device memory: {rows, D} or {batch, rows, D}.
struct DeviceOperand {
  const float* data = nullptr;
  std::vector<std::int64_t> shape;
};

// Contract:
// - y (device, fp32, {N, M} or {B, N, M}) equals sim::sc_matmul(a, b, options with backend "cpu").y bit for
//   bit: quantization in the host quantizers' fp32 order (§5.1/§5.3 grouped bipolar for per_row, §5.4 fused
//   rows per chunk for chunk_d), integer core, dequantization in the §11 order (S ⊗ σ, then ⊗ (sa ⊗ sb);
//   chunk partials summed in ascending chunk order), σ = f(q_max²) ÷ᵢ f(L) per pair as sim::sigma_of.
// - Supported: granularity per_row (mode bipolar, 2-D or 3-D, groups, chunk_d, per-row stream lengths),
//   per_tensor (§5.4 bipolar / §5.5 unipolar: one range over the whole operand, all slices; the host's double
//   scalars formed on the device, IEEE), per_head (§5.6 / §6.6b, 3-D bipolar); every multiplier the host
//   accepts. Anything else (unipolar per_row, smooth_scales) throws InvalidArgument naming the option; the
//   host sc_matmul serves those.
// - a, b and y must be device memory of the current CUDA device: a host pointer or memory of another device
//   throws InvalidArgument ("a.data", "b.data" or "y") naming the device found.
// - Construction resolves and validates the options (as sim::sc_matmul) and builds the core plan once; run()
//   may be called many times (the bench times run()).
class DevicePipeline {
 public:
  // max_packed_bytes: the core's memory budget for packed operands (0: default; see CoreRunOptions).
  DevicePipeline(const std::vector<std::int64_t>& shape_a, const std::vector<std::int64_t>& shape_b,
                 const sim::MatmulOptions& options, std::size_t max_packed_bytes = 0);
  ~DevicePipeline();
  DevicePipeline(const DevicePipeline&) = delete;
  DevicePipeline& operator=(const DevicePipeline&) = delete;
  void run(const DeviceOperand& a, const DeviceOperand& b, float* y);
  std::vector<std::int64_t> output_shape() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Host convenience (tests): uploads a and b, runs the pipeline, downloads y.
sim::Tensor sc_matmul_device(const sim::Tensor& a, const sim::Tensor& b, const sim::MatmulOptions& options,
                             std::size_t max_packed_bytes = 0);

}  // namespace scmp::gpu
