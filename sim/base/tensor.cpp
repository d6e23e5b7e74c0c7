// Tensor helpers.
#include "sim/base/tensor.hpp"

#include "sim/error.hpp"

namespace scmp::sim {

Tensor::Tensor(std::vector<std::int64_t> s, float fill) : shape(std::move(s)) {
  data.assign(static_cast<std::size_t>(numel()), fill);
}

std::int64_t Tensor::numel() const {
  std::int64_t n = shape.empty() ? 0 : 1;
  for (auto v : shape) {
    // A negative dimension or a product past 2^63 is no tensor (callers check sizes against limits first;
    // this keeps an unchecked caller from signed overflow and a wrapped, too small allocation).
    if (v < 0 || __builtin_mul_overflow(n, v, &n)) {
      throw InvalidArgument("tensor shape", shape_text(shape), "element count overflows (or a negative dimension)");
    }
  }
  return n;
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(shape[i]);
  }
  return s + ")";
}

std::string index_text(const std::vector<std::int64_t>& shape, std::size_t flat) {
  std::vector<std::size_t> parts(shape.size());
  for (std::size_t k = shape.size(); k-- > 0;) {
    parts[k] = flat % static_cast<std::size_t>(shape[k]);
    flat /= static_cast<std::size_t>(shape[k]);
  }
  std::string s;
  for (auto p : parts) {  // appended piecewise: g++ 12 -O3 warns (-Wrestrict, falsely) on "[" + std::to_string(p)
    s += '[';
    s += std::to_string(p);
    s += ']';
  }
  return s;
}

}  // namespace scmp::sim
