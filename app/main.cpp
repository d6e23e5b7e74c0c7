// scmp: the command-line program. Dispatches to app/commands/*; turns typed errors into exit codes.
#include <H5Cpp.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>

#include "app/command.hpp"
#include "experiments/limits.hpp"
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
  os << "\nevery command: --limit NAME=VALUE raises a resource limit (";
  const auto names = scmp::experiments::limit_names();
  for (std::size_t i = 0; i < names.size(); ++i) os << (i ? ", " : "") << names[i];
  os << "; docs/RELIABILITY.md)\n";
}

// Takes every `--limit NAME=VALUE` / `--limit=NAME=VALUE` out of the arguments and applies it.
std::vector<std::string> apply_limits(std::vector<std::string> args) {
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--limit") {
      if (i + 1 >= args.size()) throw scmp::sim::InvalidArgument("--limit", "<missing>", "expected NAME=VALUE");
      scmp::experiments::set_limit(args[++i]);
    } else if (args[i].rfind("--limit=", 0) == 0) {
      scmp::experiments::set_limit(args[i].substr(8));
    } else {
      rest.push_back(args[i]);
    }
  }
  return rest;
}
}  // namespace

int main(int argc, char** argv) {
  using namespace scmp::app;
  // Files are closed explicitly by their owners; after a failed write (full disk) a file is abandoned on
  // purpose, and libhdf5's exit handler would crash closing it.
  H5dont_atexit();
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
  // The one place every error ends: typed scmp errors, and any library's (libhdf5's H5::Exception is not a
  // std::exception; yaml-cpp's; bad_alloc) become one message and exit 2 — never an abort.
  const std::string prefix = "scmp " + name + ": error: ";
  try {
    scmp::gpu::install();
    return it->run(apply_limits(std::vector<std::string>(argv + 2, argv + argc)));
  } catch (const scmp::sim::Error& e) {
    std::cerr << prefix << e.what() << "\n";
  } catch (const YAML::Exception& e) {
    std::cerr << prefix << "YAML: " << e.what() << "\n";
  } catch (const std::bad_alloc&) {
    std::cerr << prefix << "out of memory (an input larger than this machine holds; see the limits in docs/RELIABILITY.md)\n";
  } catch (const H5::Exception& e) {
    std::cerr << prefix << "HDF5: " << e.getFuncName() << ": " << e.getDetailMsg() << "\n";
  } catch (const std::exception& e) {
    std::cerr << prefix << e.what() << "\n";
  } catch (...) {
    std::cerr << prefix << "unknown error\n";
  }
  // Leave without libhdf5's exit-time cleanup: a file abandoned after a failed write (full disk) would make
  // it crash (H5F__close_cb) after the message above, turning exit 2 into SIGSEGV.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(exit_bad_input);
}
