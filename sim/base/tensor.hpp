// A dense, row-major fp32 host tensor (2-D or 3-D), the operand type of sc_matmul.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace scmp::sim {

struct Tensor {
  std::vector<std::int64_t> shape;   // {rows, cols} or {batch, rows, cols}
  std::vector<float> data;           // product(shape) values, row-major

  Tensor() = default;
  Tensor(std::vector<std::int64_t> s, std::vector<float> d) : shape(std::move(s)), data(std::move(d)) {}
  Tensor(std::vector<std::int64_t> s, float fill = 0.0f);
  int rank() const { return static_cast<int>(shape.size()); }
  std::int64_t numel() const;
  std::int64_t dim(int i) const { return shape[static_cast<std::size_t>(i < 0 ? rank() + i : i)]; }
};

// "(2,3,4)": a shape for error messages.
std::string shape_text(const std::vector<std::int64_t>& shape);
inline std::string shape_text(const Tensor& t) { return shape_text(t.shape); }
// "[1][0][7]": the element at row-major offset `flat` of a tensor of this shape, for error messages.
std::string index_text(const std::vector<std::int64_t>& shape, std::size_t flat);

}  // namespace scmp::sim
