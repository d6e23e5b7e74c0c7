// Runs the scmp binary of this build through the shell, capturing its exit code and output: the one runner of
// the CLI tests that pass their arguments as shell text.
#pragma once
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "support/catch.hpp"

namespace scmp::testing {

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout, plus stderr when merged
};

// `scmp <args>`; args is shell text (quote what needs it). stderr joins stdout, or is dropped.
inline CliRun run_cli(const std::string& args, bool merge_stderr = true) {
  const std::string cmd = std::string("'") + SCMP_BINARY + "' " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
  CliRun r;
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace scmp::testing
