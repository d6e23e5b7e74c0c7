// Helpers of the experiments tests: scratch directories, config files, running the scmp binary.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace scmp::testing {

// A fresh directory under the system temp dir, removed at scope exit.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag) {
    static int count = 0;   // unique within the process; the pid makes it unique across processes
    m_path = std::filesystem::temp_directory_path() / ("scmp_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(++count));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  std::string file(const std::string& name) const { return (m_path / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name)) << text;
    return file(name);
  }
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout + stderr
};

// Runs `scmp <args>` (the binary of this build), capturing output.
inline CommandResult run_scmp(const std::vector<std::string>& args, const std::string& log_file) {
  std::string cmd = shell_quote(SCMP_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd += " > " + shell_quote(log_file) + " 2>&1";
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(log_file);
  std::ostringstream os;
  os << in.rdbuf();
  r.output = os.str();
  return r;
}

}  // namespace scmp::testing
