// Runs Triton's division (PTX div.full.f32) over host arrays on the current device: the evidence that
// sim::div_full equals the device instruction, re-checked by the [cuda] tests on every GPU run.
#pragma once
#include <cstddef>

namespace scmp::gpu {

// q[i] = a[i] ÷ꜰ b[i] computed on the GPU (host pointers in and out). Throws if the build has no CUDA.
void div_full_on_device(const float* a, const float* b, float* q, std::size_t n);

}  // namespace scmp::gpu
