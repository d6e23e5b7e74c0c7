// GPU tests skip cleanly without a GPU, and fail instead when SCMP_REQUIRE_GPU=1 says one must be there.
#pragma once
#include <cstdlib>
#include <string>

#include "support/catch.hpp"

namespace scmp::testing {
inline bool gpu_required() {
  const char* v = std::getenv("SCMP_REQUIRE_GPU");
  return v != nullptr && std::string(v) == "1";
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
