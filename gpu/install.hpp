// Plugs the CUDA backend into sc_matmul's backend registry (as "cuda"). In a build without CUDA, or on a
// machine without a GPU, the registered backend reports why it is unavailable instead of computing.
#pragma once

namespace scmp::gpu {

void install();          // idempotent
int device_count();      // usable CUDA devices (0 without CUDA or driver)

}  // namespace scmp::gpu
