// Arrays across the language boundary: any DLPack-capable array (numpy, torch, …) checked and read into the
// model's host Tensor, and results handed to Python as numpy arrays that own their memory (no copy back).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include "sim/matmul/tensor.hpp"

namespace scmp::python {

namespace nb = nanobind;

// Checks an operand the way every entry point does: float32 (TypeError otherwise), 2-D or 3-D, row-major
// contiguous, non-empty (ValueError naming `name` otherwise). Returns its shape.
std::vector<std::int64_t> checked_shape(const nb::ndarray<>& x, const std::string& name, bool allow_1d = false);

// A host (CPU) float32 operand copied into a Tensor. A device array is refused, never copied to the host.
sim::Tensor host_tensor(const nb::ndarray<>& x, const std::string& name, bool allow_1d = false);

// A host 1-D float32 vector (row metrics).
std::vector<float> host_vector(const nb::ndarray<>& x, const std::string& name);

// numpy arrays that take ownership of the vector's memory.
nb::ndarray<nb::numpy, float> numpy_of(std::vector<float>&& v, const std::vector<std::int64_t>& shape);
nb::ndarray<nb::numpy, std::int64_t> numpy_of(std::vector<std::int64_t>&& v, const std::vector<std::int64_t>& shape);
nb::ndarray<nb::numpy, std::int32_t> numpy_of(std::vector<int>&& v, const std::vector<std::int64_t>& shape);

// "cpu", "cuda:1", … for error messages.
std::string device_text(const nb::ndarray<>& x);

}  // namespace scmp::python
