// GPU tests skip cleanly without a GPU, and fail instead when SCMP_REQUIRE_GPU=1 says one must be there.
// Multi-GPU tests skip with fewer than their devices, and fail instead when SCMP_REQUIRE_GPUS=N (N ≥ what they
// need) says the machine has that many (scripts/gpu-check --gpus N).
#pragma once
#include <cstdlib>
#include <string>

#include "support/catch.hpp"

namespace scmp::testing {
inline bool gpu_required() {
  const char* v = std::getenv("SCMP_REQUIRE_GPU");
  return v != nullptr && std::string(v) == "1";
}
inline int gpus_required() {
  const char* v = std::getenv("SCMP_REQUIRE_GPUS");
  return v == nullptr ? 0 : std::atoi(v);
}
}  // namespace scmp::testing

// Use at the top of every [cuda] test: `SCMP_NEED_GPU(scmp::gpu::device_count() > 0);`
#define SCMP_NEED_GPU(available)                                                          \
  do {                                                                                    \
    if (!(available)) {                                                                   \
      if (scmp::testing::gpu_required()) {                                                \
        FAIL("SCMP_REQUIRE_GPU=1 but no usable CUDA device (or a build without CUDA)");   \
      }                                                                                   \
      SCMP_SKIP("no CUDA device");                                                        \
    }                                                                                     \
  } while (0)

// Use at the top of every [multi_gpu] test: `SCMP_NEED_GPUS(scmp::gpu::device_count(), 2);`
#define SCMP_NEED_GPUS(available, needed)                                                               \
  do {                                                                                                  \
    if ((available) < (needed)) {                                                                       \
      if (scmp::testing::gpus_required() >= (needed)) {                                                 \
        FAIL("SCMP_REQUIRE_GPUS=" << scmp::testing::gpus_required() << " but " << (available) << " CUDA devices"); \
      }                                                                                                 \
      SCMP_SKIP("needs " << (needed) << " CUDA devices");                                               \
    }                                                                                                   \
  } while (0)
