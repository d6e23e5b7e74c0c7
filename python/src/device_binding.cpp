// sc_matmul on device operands (torch CUDA tensors, any DLPack CUDA array): gpu::DevicePipeline runs on the
// operands' own device, ordered after and before the caller's stream by events — no host round trip, no sync
// beyond the pipeline's own NaN/Inf check. Pipelines are pooled per (shapes, options): one pipeline serves one
// thread at a time (its contract), so concurrent callers each take their own.
#include <memory>
#include <mutex>
#include <vector>

#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "array_io.hpp"
#include "bindings.hpp"
#include "sim/error.hpp"
#include "sim/matmul/sc_matmul.hpp"

#if SCMP_HAVE_CUDA
#include <cuda_runtime.h>

#include "gpu/pipeline.hpp"
#endif

namespace scmp::python {

using sim::InvalidArgument;

namespace {

std::vector<std::int64_t> device_shape(const nb::ndarray<>& x, const std::string& name) {
  if (x.device_type() != nb::device::cuda::value) {
    throw InvalidArgument(name + ".device", device_text(x), "expected CUDA device memory (the operands' device)");
  }
  return checked_shape(x, name);
}

#if SCMP_HAVE_CUDA
void cuda_ok(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw sim::Error(std::string("CUDA ") + what + ": " + cudaGetErrorString(e));
}

// Makes `waiter` wait for the work queued on `signaller` so far, without blocking the host.
void order_after(cudaStream_t signaller, cudaStream_t waiter) {
  cudaEvent_t ev = nullptr;
  cuda_ok(cudaEventCreateWithFlags(&ev, cudaEventDisableTiming), "event");
  cuda_ok(cudaEventRecord(ev, signaller), "event record");
  cuda_ok(cudaStreamWaitEvent(waiter, ev, 0), "stream wait");
  cudaEventDestroy(ev);  // released once the wait completes
}
#endif

class PipelinePool {
 public:
  PipelinePool(std::vector<std::int64_t> shape_a, std::vector<std::int64_t> shape_b, const sim::MatmulOptions& options)
      : m_shape_a(std::move(shape_a)), m_shape_b(std::move(shape_b)), m_options(options) {
    m_options.backend = "cuda";
#if SCMP_HAVE_CUDA
    // Validates the options and shapes now (the host's InvalidArgument), and keeps the first pipeline.
    nb::gil_scoped_release unlocked;
    m_idle.push_back(std::make_unique<gpu::DevicePipeline>(m_shape_a, m_shape_b, m_options));
    m_out = m_idle.back()->output_shape();
#else
    throw InvalidArgument("backend", "cuda", "this scmp build has no CUDA support (nvcc was not found when it was built)");
#endif
  }

  std::vector<std::int64_t> output_shape() const { return m_out; }

  // stream: the caller's cudaStream_t as an integer (torch.cuda.current_stream().cuda_stream); 0 = legacy default.
  void run(const nb::ndarray<>& a, const nb::ndarray<>& b, const nb::ndarray<>& y, std::uintptr_t stream) {
    const auto sa = device_shape(a, "a"), sb = device_shape(b, "b"), sy = device_shape(y, "y");
    if (sa != m_shape_a) throw InvalidArgument("a.shape", sim::shape_text(sa), "expected the planned " + sim::shape_text(m_shape_a));
    if (sb != m_shape_b) throw InvalidArgument("b.shape", sim::shape_text(sb), "expected the planned " + sim::shape_text(m_shape_b));
    if (sy != m_out) throw InvalidArgument("y.shape", sim::shape_text(sy), "expected " + sim::shape_text(m_out));
#if SCMP_HAVE_CUDA
    run_on(static_cast<const float*>(a.data()), static_cast<const float*>(b.data()), static_cast<float*>(y.data()),
           a.device_id(), stream);
#else
    (void)stream;
#endif
  }

  // The hot path of torch CUDA tensors (scmp/_matmul.py): the caller has checked dtype float32, contiguity, the
  // device and that the shapes are the planned ones (its cache key), so only the pointers cross — importing a
  // torch tensor through DLPack costs more than the rest of the call on small shapes.
  void run_ptr(std::uintptr_t a, std::uintptr_t b, std::uintptr_t y, int device, std::uintptr_t stream) {
#if SCMP_HAVE_CUDA
    if (a == 0 || b == 0 || y == 0) throw InvalidArgument("a/b/y.data_ptr", "0", "expected device pointers");
    run_on(reinterpret_cast<const float*>(a), reinterpret_cast<const float*>(b), reinterpret_cast<float*>(y),
           device, stream);
#else
    (void)a, (void)b, (void)y, (void)device, (void)stream;
    throw InvalidArgument("backend", "cuda", "this scmp build has no CUDA support (nvcc was not found when it was built)");
#endif
  }

 private:
#if SCMP_HAVE_CUDA
  void run_on(const float* pa, const float* pb, float* py, int device, std::uintptr_t stream) {
    nb::gil_scoped_release unlocked;
    std::unique_ptr<gpu::DevicePipeline> pipe = take();
    struct Giveback {
      PipelinePool* pool;
      std::unique_ptr<gpu::DevicePipeline>& p;
      ~Giveback() { pool->give(std::move(p)); }
    } giveback{this, pipe};
    int previous = 0;
    cuda_ok(cudaGetDevice(&previous), "get device");
    cuda_ok(cudaSetDevice(device), "set device");
    struct Restore {
      int d;
      ~Restore() { cudaSetDevice(d); }
    } restore{previous};
    // The pipeline queues on the legacy default stream; fence it against the caller's stream both ways.
    const auto caller = reinterpret_cast<cudaStream_t>(stream);
    const bool other = caller != nullptr && caller != cudaStreamLegacy;
    if (other) order_after(caller, cudaStreamLegacy);
    pipe->run({pa, m_shape_a}, {pb, m_shape_b}, py);
    if (other) order_after(cudaStreamLegacy, caller);
  }

  std::unique_ptr<gpu::DevicePipeline> take() {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      if (!m_idle.empty()) {
        auto p = std::move(m_idle.back());
        m_idle.pop_back();
        return p;
      }
    }
    return std::make_unique<gpu::DevicePipeline>(m_shape_a, m_shape_b, m_options);
  }
  void give(std::unique_ptr<gpu::DevicePipeline> p) {
    if (!p) return;
    std::lock_guard<std::mutex> lock(m_mutex);
    m_idle.push_back(std::move(p));
  }
  std::mutex m_mutex;
  std::vector<std::unique_ptr<gpu::DevicePipeline>> m_idle;
#endif
  std::vector<std::int64_t> m_shape_a, m_shape_b, m_out;
  sim::MatmulOptions m_options;
};

}  // namespace

void bind_device(nb::module_& m) {
  nb::class_<PipelinePool>(m, "DevicePipelinePool",
                           "gpu::DevicePipeline instances for one (shape_a, shape_b, options), one per concurrent caller.")
      .def(nb::init<std::vector<std::int64_t>, std::vector<std::int64_t>, const sim::MatmulOptions&>(),
           nb::arg("shape_a"), nb::arg("shape_b"), nb::arg("options"))
      .def_prop_ro("output_shape", &PipelinePool::output_shape)
      .def("run", &PipelinePool::run, nb::arg("a"), nb::arg("b"), nb::arg("y"), nb::arg("stream") = 0,
           "y ← sc_matmul(a, b) on the operands' device, ordered on `stream` (a cudaStream_t as int).")
      .def("run_ptr", &PipelinePool::run_ptr, nb::arg("a"), nb::arg("b"), nb::arg("y"), nb::arg("device"),
           nb::arg("stream") = 0,
           "run() on raw device pointers (float32, contiguous, the planned shapes — the caller checks).");
}

}  // namespace scmp::python
