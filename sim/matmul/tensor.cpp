// Tensor helpers.
#include "sim/matmul/tensor.hpp"

namespace scmp::sim {

Tensor::Tensor(std::vector<std::int64_t> s, float fill) : shape(std::move(s)) {
  data.assign(static_cast<std::size_t>(numel()), fill);
}

std::int64_t Tensor::numel() const {
  std::int64_t n = shape.empty() ? 0 : 1;
  for (auto v : shape) n *= v;
  return n;
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + ")";
}

}  // namespace scmp::sim
