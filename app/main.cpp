// scmp: the command-line program. Dispatches to app/commands/*; turns typed errors into exit codes.
#include <algorithm>
#include <exception>
#include <iostream>

#include "app/command.hpp"
#include "experiments/sweep_runner.hpp"
#include "gpu/install.hpp"
#include "sim/error.hpp"

namespace scmp::app {
std::vector<Command>& command_registry() {
  static std::vector<Command> registry;
  return registry;
}
}  // namespace scmp::app

namespace {
void usage(std::ostream& os) {
  auto cmds = scmp::app::command_registry();
  std::sort(cmds.begin(), cmds.end(), [](const auto& x, const auto& y) { return x.name < y.name; });
  os << "usage: scmp <command> [options]   (scmp <command> --help for its options)\n\ncommands:\n";
  for (const auto& c : cmds) os << "  " << c.name << std::string(c.name.size() < 10 ? 10 - c.name.size() : 1, ' ') << c.summary << "\n";
}
}  // namespace

int main(int argc, char** argv) {
  using namespace scmp::app;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    usage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? exit_bad_input : exit_ok;
  }
  const std::string name = argv[1];
  if (name == "--version") {
    std::cout << "scmp " << scmp::experiments::tool_version() << " (commit " << scmp::experiments::git_commit() << ")\n";
    return exit_ok;
  }
  const auto& cmds = command_registry();
  const auto it = std::find_if(cmds.begin(), cmds.end(), [&](const Command& c) { return c.name == name; });
  if (it == cmds.end()) {
    std::cerr << "scmp: unknown command '" << name << "'\n";
    usage(std::cerr);
    return exit_bad_input;
  }
  try {
    scmp::gpu::install();
    return it->run(std::vector<std::string>(argv + 2, argv + argc));
  } catch (const scmp::sim::InvalidArgument& e) {
    std::cerr << "scmp " << name << ": error: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const scmp::sim::Error& e) {
    std::cerr << "scmp " << name << ": error: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "scmp " << name << ": error: " << e.what() << "\n";
    return exit_failed;
  }
}
