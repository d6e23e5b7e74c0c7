// libFuzzer target: a golden file built from the fuzzer's choices (h5_builder.hpp) → read_golden_case for
// every case. Expected outcome of a bad file: InvalidArgument (NaN/Inf y, wrong shapes, wrong attribute
// types included).
#include <cstdint>

#include "experiments/golden_file.hpp"
#include "experiments/hdf5_reader.hpp"
#include "fuzz_support.hpp"
#include "h5_builder.hpp"

namespace {

void build(const std::string& path, FuzzedDataProvider& p) {
  const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0) return;
  scmp::fuzz::attr(f, "format", p);
  const int cases = p.ConsumeIntegralInRange(0, 3);
  for (int c = 0; c < cases; ++c) {
    const std::string name = "case" + std::to_string(c);
    if (p.ConsumeIntegralInRange(0, 7) == 0) {
      scmp::fuzz::dataset(f, name, p);  // a dataset where a case group belongs
      continue;
    }
    const hid_t g = H5Gcreate2(f, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) continue;
    for (const char* d : {"a", "b", "y"}) {
      if (p.ConsumeIntegralInRange(0, 9) != 0) scmp::fuzz::dataset(g, d, p);
    }
    for (const char* a : {"granularity", "mode", "sc_prec", "stoc_len", "rng_levels", "halve", "chunk_d", "group_a", "group_b",
                          "scramble", "scramble_rescale", "config"}) {
      if (p.ConsumeBool()) scmp::fuzz::attr(g, a, p);
    }
    H5Gclose(g);
  }
  H5Fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = scmp::fuzz::h5_input(data, size, build);
  scmp::fuzz::expecting_errors([&] {
    const scmp::experiments::H5Reader file(path);
    for (const auto& name : file.children("/")) {
      scmp::fuzz::expecting_errors([&] {
        const auto c = scmp::experiments::read_golden_case(path, name);
        if (static_cast<std::int64_t>(c.y.data.size()) != c.y.numel()) __builtin_trap();
      });
    }
  });
  return 0;
}
