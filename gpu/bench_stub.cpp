// `scmp bench` in a build without CUDA: says so instead of timing anything.
#include "gpu/bench.hpp"
#include "gpu/ceiling.hpp"
#include "sim/error.hpp"

#if !SCMP_HAVE_CUDA
namespace scmp::gpu {
std::string bench_device_name(int) { return "none"; }
std::vector<BenchRow> run_bench(const BenchOptions&) {
  throw sim::Error("scmp bench: this build has no CUDA support (configure with nvcc available)");
}
Ceilings measure_ceilings(int) {
  throw sim::Error("scmp bench --ceiling: this build has no CUDA support (configure with nvcc available)");
}
}  // namespace scmp::gpu
#endif
