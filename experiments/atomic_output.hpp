// Creating a result file without ever replacing or deleting a file scmp did not create. A new file is built
// under a temporary name in the same directory, then published with link(2), which fails instead of
// replacing a file that appeared meanwhile (two sweeps racing for one -o: one wins, the other says so and
// removes only its own temporary). `--force` replaces only a regular HDF5 file, with rename(2), so the path
// always holds either the old file or the complete new one.
#pragma once
#include <string>

namespace scmp::experiments {

// ".NAME.tmp-PID-RANDOM" next to `final_path` (same file system, so link/rename are atomic).
std::string temp_path_for(const std::string& final_path);

// Throws InvalidArgument("output", path, ...) unless `path` is absent, or (replace) a regular HDF5 file.
// Creates a missing parent directory.
void check_output_path(const std::string& path, bool replace);

// Moves the finished temporary to `final_path`: without replace, fails (InvalidArgument, temporary removed)
// when `final_path` exists; with replace, re-checks that it is a regular HDF5 file, then renames over it.
void publish(const std::string& temp_path, const std::string& final_path, bool replace);

// True when `path` is a regular file that starts with the HDF5 signature.
bool is_regular_hdf5(const std::string& path);

}  // namespace scmp::experiments
