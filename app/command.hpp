// Subcommands of the `scmp` program. Each lives in app/commands/<name>.cpp and registers itself with one
// line: SCMP_COMMAND(name, "summary", function). main() stays thin.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace scmp::app {

// Exit codes of every command: 0 ok, 1 failed runs / failed checks, 2 bad input.
enum ExitCode { exit_ok = 0, exit_failed = 1, exit_bad_input = 2 };

struct Command {
  std::string name;
  std::string summary;
  std::function<int(const std::vector<std::string>& args)> run;  // args exclude "scmp" and the command name
};

std::vector<Command>& command_registry();

struct CommandRegistrar {
  CommandRegistrar(std::string name, std::string summary, std::function<int(const std::vector<std::string>&)> run) {
    command_registry().push_back({std::move(name), std::move(summary), std::move(run)});
  }
};

}  // namespace scmp::app

#define SCMP_COMMAND(name, summary, fn) \
  static const ::scmp::app::CommandRegistrar scmp_command_registrar_##name(#name, summary, fn)
