// Shared by the libFuzzer targets: a scratch file per process on tmpfs, and the one rule of every target —
// scmp's own typed errors (sim::Error and its children) are the expected outcome of bad input; anything
// else escaping (a library exception, a crash, a sanitizer report, a hang) is a finding.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "experiments/limits.hpp"
#include "sim/error.hpp"

namespace scmp::fuzz {

// A path private to this fuzzing process (libFuzzer -fork/-jobs run several).
inline std::string scratch(const std::string& ext) {
  const std::string dir = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path().string();
  return dir + "/scmp_fuzz_" + std::to_string(::getpid()) + ext;
}

inline void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return;
  if (size) std::fwrite(data, 1, size, f);
  std::fclose(f);
}

// The rule of every target: run(), where scmp's own errors are the expected outcome of bad input; anything
// else escapes to libFuzzer.
template <class Run>
void expecting_errors(Run run) {
  try {
    run();
  } catch (const sim::Error&) {
  }
}

// Small limits: fuzzing explores inputs, not sizes (a limit refusal is a clean error, which is the point).
inline void small_limits() {
  auto& l = experiments::limits();
  l.operand_elements = 1 << 16;
  l.output_elements = 1 << 16;
  l.grid_points = 32;  // plans of 90-point seeds take seconds under ASan; 32 points cover every code path
  l.yaml_nodes = 20000;
  l.yaml_depth = 64;
  l.config_bytes = 1 << 20;
  l.index_rows = 4096;
}

}  // namespace scmp::fuzz
