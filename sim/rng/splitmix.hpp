// SplitMix64: a counter-based, platform-independent mixer. splitmix64_at(seed, i) is the i-th output of the
// stream seeded with `seed` — random access, so any lane or cycle can be drawn without stepping.
#pragma once
#include <cstdint>

namespace scmp::sim {

constexpr std::uint64_t splitmix64_mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

constexpr std::uint64_t splitmix64_at(std::uint64_t seed, std::uint64_t index) {
  return splitmix64_mix(seed + (index + 1) * 0x9E3779B97F4A7C15ull);
}

// Derives a child seed from a parent seed and a component path, e.g. derive_seed(root, "workload.a").
constexpr std::uint64_t derive_seed(std::uint64_t parent, const char* path) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a of the path
  for (const char* p = path; *p != '\0'; ++p) h = (h ^ static_cast<unsigned char>(*p)) * 0x100000001b3ull;
  return splitmix64_mix(parent ^ h);
}

}  // namespace scmp::sim
