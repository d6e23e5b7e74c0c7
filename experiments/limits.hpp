// Resource limits checked before anything is allocated or any file is created: a hostile or mistaken input
// (a huge shape, an 8-million-point grid, a YAML alias bomb, `include: /dev/zero`, a 256-byte .npy that
// claims 4 GB) is refused with a message naming the limit and how to raise it, never a bad_alloc later.
// Defaults fit a 24 GB, 2-core machine; `scmp <command> --limit NAME=VALUE` raises one (docs/RELIABILITY.md).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace scmp::experiments {

struct Limits {
  std::int64_t operand_elements = std::int64_t{1} << 27;  // one operand tensor (fp32: 512 MiB)
  std::int64_t output_elements = std::int64_t{1} << 27;   // y of one operator (fp32 y + int64 accumulators: 1.5 GiB)
  std::int64_t grid_points = 1'000'000;                   // design points of one sweep
  std::int64_t yaml_nodes = 1'000'000;                    // nodes of a configuration, aliases expanded
  std::int64_t yaml_depth = 200;                          // nesting of a configuration
  std::int64_t config_bytes = std::int64_t{64} << 20;     // one configuration file (each include too)
  std::int64_t index_rows = 1'000'000;                    // rows of one results file's /index
  std::int64_t hdf5_check_seconds = 120;                  // checking one untrusted HDF5 file (a hang = corrupt)
};

// The process-wide limits (the CLI sets them once, before any work starts).
Limits& limits();

// "operand_elements=300000000": sets one limit; an unknown name or a value < 1 throws InvalidArgument.
void set_limit(const std::string& assignment);
std::vector<std::string> limit_names();

// Throws InvalidArgument(field, value, "<what> exceeds the limit NAME = V (raise it with --limit NAME=N)")
// unless amount <= the limit called `name`.
void check_limit(const std::string& name, std::int64_t amount, const std::string& field, const std::string& value,
                 const std::string& what);

// Product of dimensions; INT64_MAX when it overflows or a dimension is negative (so any limit refuses it).
std::int64_t checked_product(const std::vector<std::int64_t>& dims);

}  // namespace scmp::experiments
