// Evidence that Triton's div.full (÷ꜰ, not reproducible on a CPU) cannot flip a level of the golden chunk_d case:
// the fused per-row quantizer's levels are unchanged when scale = m ÷ꜰ q_max and inv = 1 ÷ꜰ scale are moved by
// up to ±2 ulp each (div.full differs from IEEE by at most 2 ulp, REFERENCE.md §0).
#include <H5Cpp.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "sim/quant/fused_rows_bipolar.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

namespace {
std::vector<float> read(const H5::Group& g, const char* name, hsize_t& rows, hsize_t& cols) {
  const auto ds = g.openDataSet(name);
  hsize_t dims[2];
  ds.getSpace().getSimpleExtentDims(dims);
  rows = dims[0];
  cols = dims[1];
  std::vector<float> v(rows * cols);
  ds.read(v.data(), H5::PredType::NATIVE_FLOAT);
  return v;
}

float ulps(float x, int k) {
  for (; k > 0; --k) x = std::nextafter(x, INFINITY);
  for (; k < 0; ++k) x = std::nextafter(x, -INFINITY);
  return x;
}
}  // namespace

TEST_CASE("div.full cannot flip a level of the golden chunk_d case", "[sim][matmul][golden]") {
  std::ifstream probe(SCMP_GOLDEN_FILE);
  if (!probe) SCMP_SKIP("golden file not found: " << SCMP_GOLDEN_FILE);
  H5::H5File f(SCMP_GOLDEN_FILE, H5F_ACC_RDONLY);
  const H5::Group g = f.openGroup("chunked_cd32_D100_L128");
  std::size_t flips = 0, checked = 0;
  for (const char* operand : {"a", "b"}) {
    hsize_t rows = 0, cols = 0;
    const auto x = read(g, operand, rows, cols);
    const int c = 32;
    for (hsize_t d0 = 0; d0 < cols; d0 += c) {
      const int len = static_cast<int>(std::min<hsize_t>(c, cols - d0));
      const auto q = quantize_fused_rows_bipolar(x.data() + d0, static_cast<int>(rows), len, cols, 8, 256);
      for (hsize_t r = 0; r < rows; ++r) {
        const float scale = q.scale[r];
        for (int ks = -2; ks <= 2; ++ks) {
          const float s2 = ulps(scale, ks);
          for (int ki = -2; ki <= 2; ++ki) {
            const float inv = ulps(1.0f / s2, ki);
            for (int j = 0; j < len; ++j) {
              const float lvl = std::clamp(std::nearbyint(x[r * cols + d0 + j] * inv), -127.0f, 127.0f);
              flips += lvl != q.level[r * len + j];
              ++checked;
            }
          }
        }
      }
    }
  }
  INFO(checked << " (element, perturbation) pairs checked");
  CHECK(flips == 0);
}
