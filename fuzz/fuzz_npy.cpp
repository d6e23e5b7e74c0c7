// libFuzzer target: bytes of a .npy file → read_npy (header parsing, declared sizes against the file size
// and limits). Expected outcome of bad bytes: InvalidArgument.
#include <cstdint>

#include "experiments/workload.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  scmp::fuzz::small_limits();
  static const std::string path = scmp::fuzz::scratch(".npy");
  scmp::fuzz::write_file(path, data, size);
  scmp::fuzz::expecting_errors([&] {
    const auto t = scmp::experiments::read_npy(path);
    if (static_cast<std::int64_t>(t.data.size()) != t.numel()) __builtin_trap();  // shape and data must agree
  });
  return 0;
}
