// libFuzzer target: configuration text → loader (includes, variables, limits) → sweep plan (every point
// resolved and validated). Expected outcome of bad text: a ConfigError / InvalidArgument, nothing else.
#include <cstdint>
#include <string>

#include "experiments/config_loader.hpp"
#include "experiments/sweep_plan.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  scmp::fuzz::small_limits();
  const std::string text(reinterpret_cast<const char*>(data), size);
  scmp::fuzz::expecting_errors([&] {
    // Includes resolve against the fuzz/corpus folder's parent; a missing or odd include is an error.
    const auto loaded = scmp::experiments::load_config_text(text, "fuzz.yaml", "/nonexistent-scmp-fuzz");
    (void)scmp::experiments::plan_sweep(loaded);
  });
  return 0;
}
