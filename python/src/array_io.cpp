#include "array_io.hpp"

#include <cstring>

#include "convert.hpp"
#include "sim/error.hpp"

namespace scmp::python {

using sim::InvalidArgument;

std::string device_text(const nb::ndarray<>& x) { return python::device_text(describe(x)); }

std::vector<std::int64_t> checked_shape(const nb::ndarray<>& x, const std::string& name, bool allow_1d) {
  return python::checked_shape(describe(x), name, allow_1d);
}

sim::Tensor host_tensor(const nb::ndarray<>& x, const std::string& name, bool allow_1d) {
  python::require_host(describe(x), name);
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
