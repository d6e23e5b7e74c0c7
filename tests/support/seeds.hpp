// Seeds of the random tests: fixed and logged (CAPTURE / INFO at the call site), so every run draws the same
// inputs and a failure reruns exactly. Each test names its own seed by a tag, so running a subset does not
// shift the inputs of the others. To explore fresh inputs, change kTestSeedRoot here (and log the result).
#pragma once
#include <cstdint>
#include <string_view>

#include "sim/rng/splitmix.hpp"

namespace scmp::testing {

inline constexpr std::uint64_t kTestSeedRoot = 0x5C3D2026ull;

// The seed of the random test tagged `tag` (FNV-1a of the tag, mixed with the root).
constexpr std::uint64_t test_seed(std::string_view tag) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : tag) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  return sim::splitmix64_at(kTestSeedRoot, h);
}

}  // namespace scmp::testing
