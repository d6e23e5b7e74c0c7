// Registers the "cuda" backend. In a build without CUDA, or without a usable device, the backend stays
// registered but unavailable and throws a clear error instead of computing.
#include "gpu/install.hpp"

#include <memory>
#include <mutex>

#include "sim/error.hpp"
#include "sim/matmul/backend.hpp"
#if SCMP_HAVE_CUDA
#include <cuda_runtime.h>

#include "gpu/core.hpp"
#endif

namespace scmp::gpu {
namespace {

class CudaBackend final : public sim::IBackend {
 public:
  std::string name() const override { return "cuda"; }
  std::string description() const override { return "binary tensor-core GEMM over packed bitstreams (NVIDIA GPU)"; }
  bool available() const override { return device_count() > 0; }
  std::string unavailable_reason() const override {
#if SCMP_HAVE_CUDA
    return device_count() > 0 ? "" : "no usable CUDA device (no GPU or no driver on this machine)";
#else
    return "this build of scmp has no CUDA support (configure with nvcc available)";
#endif
  }
  std::vector<std::int64_t> accumulate(const sim::CoreProblem& problem, int /*threads*/) override {
    if (!available()) throw sim::Error("backend cuda is unavailable: " + unavailable_reason());
#if SCMP_HAVE_CUDA
    return accumulate_cuda(problem);
#else
    return {};
#endif
  }
};

}  // namespace

void install() {
  static std::once_flag once;
  std::call_once(once, [] { sim::register_backend(std::make_unique<CudaBackend>()); });
}

int device_count() {
#if SCMP_HAVE_CUDA
  static const int count = [] {
    int n = 0;
    if (cudaGetDeviceCount(&n) != cudaSuccess) {
      cudaGetLastError();  // clear the sticky "insufficient driver" error
      return 0;
    }
    return n;
  }();
  return count;
#else
  return 0;
#endif
}

}  // namespace scmp::gpu
