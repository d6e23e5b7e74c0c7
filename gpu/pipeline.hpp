// The device-resident sc_matmul: fp32 operands already on the GPU are quantized there, run through the binary
// tensor-core core, and dequantized there, with no host round trip of the operands.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "gpu/bmma_gemm.hpp"
#include "sim/matmul/sc_matmul.hpp"

namespace scmp::gpu {

// An fp32 row-major operand in device memory: {rows, D} or {batch, rows, D}.
struct DeviceOperand {
  const float* data = nullptr;
  std::vector<std::int64_t> shape;
};

// Contract:
// - y (device, fp32, {N, M} or {B, N, M}) equals sim::sc_matmul(a, b, options with backend "cpu").y bit for
//   bit: smoothing (§5.7, a ÷ᵢ s and b ⊗ s) first when smooth_scales is set, quantization in the host
//   quantizers' fp32 order (§5.1/§5.3 grouped bipolar, §5.2 grouped unipolar, §5.4 fused rows per chunk for
//   chunk_d), integer core, dequantization in the §11 order (per_row: S ⊗ σ, then ⊗ (sa ⊗ sb), unipolar with
//   the zero-point corrections; chunk partials summed in ascending chunk order), σ = f(q_max²) ÷ᵢ f(L) per pair
//   as sim::sigma_of.
// - Every sc_matmul path: per_row (bipolar or unipolar, 2-D or 3-D, groups, chunk_d, per-row stream lengths),
//   per_tensor (§5.4 bipolar / §5.5 unipolar), per_head (§5.6 / §6.6b, 3-D bipolar); every multiplier the
//   host accepts; smooth_scales. Options the host refuses throw the host's InvalidArgument at construction.
// - Multiple GPUs: run() executes on the device whose memory holds a.data, whichever device is current, and
//   gives the caller's current device back. b.data and y must be memory of that same device; a host pointer,
//   null, or memory of another device throws InvalidArgument naming "a.data", "b.data" or "y" and what was
//   found. Construction plans on the current device; the first run() on another device plans there too (the
//   tables, packed buffers and scratch of each device are kept until the pipeline is destroyed).
// - NaN/Inf in a or b (or in a ÷ s, b ⊗ s after smoothing) throws the host's InvalidArgument naming the first
//   such element and its value ("a[3][7]" = nan); y is then unspecified. To read that record run() waits
//   for the quantizers, not for the GEMM queued behind them: as with other CUDA work, y is complete once the
//   device's default stream gets there (sc_matmul_device synchronizes).
// - Construction resolves and validates the options (as sim::sc_matmul) and builds the core plan once; run()
//   may be called many times (the bench times run()). One pipeline is not for concurrent use from several
//   threads; one pipeline per thread (and device) is.
class DevicePipeline {
 public:
  // max_packed_bytes: the core's memory budget for packed operands (0: default; see CoreRunOptions); gemm: which
  // binary GEMM the core runs (CoreRunOptions::gemm; results are the same bits on either).
  DevicePipeline(const std::vector<std::int64_t>& shape_a, const std::vector<std::int64_t>& shape_b,
                 const sim::MatmulOptions& options, std::size_t max_packed_bytes = 0, GemmPath gemm = GemmPath::automatic);
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
                             std::size_t max_packed_bytes = 0, GemmPath gemm = GemmPath::automatic);

}  // namespace scmp::gpu
