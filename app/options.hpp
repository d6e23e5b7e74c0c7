// The command-line parsing every command shares: options (shown by --help and in usage errors), hidden options
// for positional arguments, --help, and how a malformed command line is reported.
#pragma once
#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace scmp::app {

// How a command reports a malformed command line: `usage` prints "scmp CMD: <what>" and the options to stderr
// and exits 2; `exception` throws InvalidArgument("arguments", <what>, "see scmp CMD --help") for main to
// report. --help prints the options (`exception` commands add a blank line).
enum class OnBadOptions { usage, exception };

// Positional arguments: the option (of `hidden` or of `visible`) that takes them, and how many (-1: all).
struct Positional {
  const char* name = nullptr;
  int max_count = 0;
};

// Parses args (without "scmp CMD") into vm against visible and, if given, hidden. Returns the exit code when the
// command is done (--help printed: exit_ok; a usage error printed: exit_bad_input), nullopt to go on.
std::optional<int> parse_options(const char* command, const std::vector<std::string>& args,
                                 const boost::program_options::options_description& visible, boost::program_options::variables_map& vm,
                                 const boost::program_options::options_description* hidden = nullptr, Positional positional = {},
                                 OnBadOptions style = OnBadOptions::usage);

// Prints "scmp CMD: <message>" and the options to stderr; returns exit_bad_input (a missing argument).
int usage_error(const char* command, const std::string& message, const boost::program_options::options_description& visible);

}  // namespace scmp::app
