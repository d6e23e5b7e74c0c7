// Triton's fp32 division on the device: PTX div.full.f32, the instruction the reference's kernels run. Its CPU
// twin sim::div_full (sim/arith/triton_div.hpp) is proven bit-identical on the GPU by tools/triton_div/.
#pragma once

namespace scmp::gpu {

__device__ __forceinline__ float div_full(float a, float b) {
  float q;
  asm("div.full.f32 %0, %1, %2;" : "=f"(q) : "f"(a), "f"(b));
  return q;
}

}  // namespace scmp::gpu
