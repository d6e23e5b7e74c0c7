// Reading a scmp-golden-v1 file (the reference library's matmul cases, format in the golden README and
// docs/RELIABILITY.md): the file is untrusted input, so it is checked in a child process first (a file that
// crashes or hangs libhdf5 is reported as corrupt), then every case is read with type and shape checks.
#pragma once
#include <string>
#include <vector>

#include "sim/matmul/sc_matmul.hpp"
#include "sim/matmul/tensor.hpp"

namespace scmp::experiments {

struct GoldenCase {
  std::string name;
  sim::Tensor a, b, y;              // a (N×D | B×N×D), b (M×D | B×M×D), y = reference a·bᵀ (N×M | B×N×M)
  sim::MatmulOptions options;       // from the group's attributes (granularity, mode, sc_prec, ...)
  std::string config = "sobol_simple";
};

// Names of the cases (root groups) after checking the whole file: the `format` attribute is
// "scmp-golden-v1" and every case reads as read_golden_case() requires. Throws InvalidArgument.
std::vector<std::string> golden_case_names(const std::string& path);

// One case, checked: a, b, y numeric of rank 2 or 3 with a's and b's depth (and batch) equal, y of shape
// [B,] N, M, every value finite (a NaN or Inf reference would make any comparison pass), attributes scalar
// and of the documented types.
GoldenCase read_golden_case(const std::string& path, const std::string& name);

}  // namespace scmp::experiments
