// Append-only progress journal of a sweep (see the header for why it exists next to the HDF5 file).
#include "experiments/progress_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "sim/error.hpp"

namespace scmp::experiments {

ProgressJournal::ProgressJournal(const std::string& path) : m_path(path) {
  m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (m_fd < 0) throw sim::InvalidArgument("--progress-file", path, std::string("cannot be opened for appending (") + std::strerror(errno) + ")");
}

ProgressJournal::~ProgressJournal() {
  if (m_fd >= 0) ::close(m_fd);
}

void ProgressJournal::record(bool ok, const std::string& config_hash, const std::string& run_id) {
  std::string line = std::string(ok ? "ok" : "failed") + " " + config_hash + " ";
  for (char c : run_id) line += (c == '\n' || c == '\r') ? ' ' : c;
  line += "\n";
  // One write: O_APPEND keeps it whole and after every earlier line. A short write (disk full) is not
  // retried: the journal is advisory, the HDF5 file holds the result.
  const ssize_t n = ::write(m_fd, line.data(), line.size());
  (void)n;
}

std::map<std::string, std::string> read_progress_journal(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline: a torn last line
    std::istringstream ls(line);
    std::string status, hash;
    ls >> status >> hash;
    if ((status != "ok" && status != "failed") || hash.size() != 16) continue;
    auto& s = out[hash];
    if (s != "ok") s = status;
  }
  return out;
}

}  // namespace scmp::experiments
