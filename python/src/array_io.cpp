#include "array_io.hpp"

#include <cstring>

#include "sim/error.hpp"

namespace scmp::python {

using sim::InvalidArgument;

std::string device_text(const nb::ndarray<>& x) {
  switch (x.device_type()) {
    case nb::device::cpu::value: return "cpu";
    case nb::device::cuda::value: return "cuda:" + std::to_string(x.device_id());
    case nb::device::cuda_managed::value: return "cuda_managed:" + std::to_string(x.device_id());
    default: return "dlpack device type " + std::to_string(x.device_type());
  }
}

std::vector<std::int64_t> checked_shape(const nb::ndarray<>& x, const std::string& name, bool allow_1d) {
  if (x.dtype() != nb::dtype<float>()) {
    const auto d = x.dtype();
    throw nb::type_error((name + ".dtype = code " + std::to_string(d.code) + " bits " + std::to_string(d.bits) +
                          ": expected float32 (cast with .float() / .astype(np.float32))").c_str());
  }
  std::vector<std::int64_t> shape(x.ndim());
  for (std::size_t i = 0; i < x.ndim(); ++i) shape[i] = x.shape(i);
  const std::size_t lo = allow_1d ? 1 : 2, hi = allow_1d ? 1 : 3;
  if (x.ndim() < lo || x.ndim() > hi) {
    throw InvalidArgument(name + ".shape", sim::shape_text(shape),
                          allow_1d ? "expected a 1-D array" : "expected a 2-D (rows, D) or 3-D (B, rows, D) array");
  }
  std::int64_t expect = 1;
  for (std::size_t i = x.ndim(); i-- > 0;) {
    if (shape[i] <= 0) throw InvalidArgument(name + ".shape", sim::shape_text(shape), "expected non-empty dimensions");
    if (shape[i] != 1 && x.stride(i) != expect) {
      throw InvalidArgument(name + ".strides", "non-contiguous view of shape " + sim::shape_text(shape),
                            "expected a row-major contiguous array (use .contiguous() or np.ascontiguousarray)");
    }
    expect *= shape[i];
  }
  return shape;
}

static void require_host(const nb::ndarray<>& x, const std::string& name) {
  if (x.device_type() != nb::device::cpu::value) {
    throw InvalidArgument(name + ".device", device_text(x),
                          "expected host memory here (device arrays are never copied to the host implicitly)");
  }
}

sim::Tensor host_tensor(const nb::ndarray<>& x, const std::string& name, bool allow_1d) {
  require_host(x, name);
  sim::Tensor t;
  t.shape = checked_shape(x, name, allow_1d);
  t.data.resize(x.size());
  std::memcpy(t.data.data(), x.data(), x.size() * sizeof(float));
  return t;
}

std::vector<float> host_vector(const nb::ndarray<>& x, const std::string& name) {
  return host_tensor(x, name, true).data;
}

template <class T>
static nb::ndarray<nb::numpy, T> owned(std::vector<T>&& v, const std::vector<std::int64_t>& shape) {
  auto* heap = new std::vector<T>(std::move(v));
  nb::capsule owner(heap, [](void* p) noexcept { delete static_cast<std::vector<T>*>(p); });
  std::vector<std::size_t> dims(shape.begin(), shape.end());
  return nb::ndarray<nb::numpy, T>(heap->data(), dims.size(), dims.data(), owner);
}

nb::ndarray<nb::numpy, float> numpy_of(std::vector<float>&& v, const std::vector<std::int64_t>& shape) {
  return owned(std::move(v), shape);
}
nb::ndarray<nb::numpy, std::int64_t> numpy_of(std::vector<std::int64_t>&& v, const std::vector<std::int64_t>& shape) {
  return owned(std::move(v), shape);
}
nb::ndarray<nb::numpy, std::int32_t> numpy_of(std::vector<int>&& v, const std::vector<std::int64_t>& shape) {
  return owned(std::move(v), shape);
}

}  // namespace scmp::python
