// One SC matmul through the installed scmp::sim; prints the exact integers and exits 0 when they equal the
// cycle engine's (the consumer links the library, not the build tree).
#include <cstdint>
#include <iostream>

#include "sim/base/tensor.hpp"
#include "sim/matmul/sc_matmul.hpp"

int main() {
  using namespace scmp::sim;
  const Tensor a({2, 3}, {0.5f, -0.25f, 1.0f, 0.75f, 0.0f, -1.0f});
  const Tensor b({2, 3}, {1.0f, 0.5f, -0.5f, -0.75f, 0.25f, 0.125f});
  MatmulOptions o;
  const auto cpu = sc_matmul(a, b, o);
  o.backend = "cycle";
  const auto cycle = sc_matmul(a, b, o);
  for (std::int64_t s : cpu.accumulators) std::cout << s << " ";
  std::cout << "\n";
  return cpu.accumulators == cycle.accumulators && cpu.y.data == cycle.y.data ? 0 : 1;
}
