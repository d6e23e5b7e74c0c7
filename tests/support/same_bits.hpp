// Bit-for-bit equality of fp32 results (GPU against host): sizes, then every word, the first difference named.
#pragma once
#include <cstring>
#include <vector>

#include "support/catch.hpp"

namespace scmp::testing {

inline void require_same_bits(const std::vector<float>& got, const std::vector<float>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    INFO("k=" << k << " got=" << got[k] << " want=" << want[k]);
    REQUIRE(std::memcmp(&got[k], &want[k], sizeof(float)) == 0);
  }
}

}  // namespace scmp::testing
