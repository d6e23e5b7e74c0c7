// Temporary name + link/rename publication of result files.
#include "experiments/atomic_output.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "sim/error.hpp"

namespace scmp::experiments {

namespace fs = std::filesystem;

std::string temp_path_for(const std::string& final_path) {
  const fs::path p(final_path);
  std::random_device rd;
  const std::string name = "." + p.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
  return (p.parent_path() / name).string();
}

bool is_regular_hdf5(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::ifstream in(path, std::ios::binary);
  char sig[8] = {0};
  in.read(sig, 8);
  return in && std::memcmp(sig, "\x89HDF\r\n\x1a\n", 8) == 0;
}

void check_output_path(const std::string& path, bool replace) {
  if (path.empty()) throw sim::InvalidArgument("output", "\"\"", "expected a file path");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!replace) throw sim::InvalidArgument("output", path, "exists; pass --force to replace it" );
    if (!S_ISREG(st.st_mode) || !is_regular_hdf5(path)) {
      throw sim::InvalidArgument("output", path, "exists and is not a regular HDF5 file; --force replaces only an HDF5 results file (remove it yourself)");
    }
  }
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent)) {
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw sim::InvalidArgument("output", path, "cannot create its directory (" + ec.message() + ")");
  }
  if (!parent.empty() && !fs::is_directory(parent)) throw sim::InvalidArgument("output", path, "its parent is not a directory");
  if (::access(parent.empty() ? "." : parent.c_str(), W_OK) != 0) {
    throw sim::InvalidArgument("output", path, std::string("its directory is not writable (") + std::strerror(errno) + ")");
  }
}

void publish(const std::string& temp_path, const std::string& final_path, bool replace) {
  if (replace) {
    struct stat st {};
    if (::lstat(final_path.c_str(), &st) == 0 && !is_regular_hdf5(final_path)) {
      ::unlink(temp_path.c_str());
      throw sim::InvalidArgument("output", final_path, "was replaced by something that is not an HDF5 file meanwhile; not replacing it");
    }
    if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
      const int err = errno;
      ::unlink(temp_path.c_str());
      throw sim::InvalidArgument("output", final_path, std::string("cannot replace it (") + std::strerror(err) + ")");
    }
    return;
  }
  if (::link(temp_path.c_str(), final_path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp_path.c_str());
    if (err == EEXIST) {
      throw sim::InvalidArgument("output", final_path, "was created by another process meanwhile; left untouched (choose another -o, or --force)");
    }
    throw sim::InvalidArgument("output", final_path, std::string("cannot create it (") + std::strerror(err) + ")");
  }
  ::unlink(temp_path.c_str());
}

}  // namespace scmp::experiments
