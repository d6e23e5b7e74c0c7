#include "app/options.hpp"

#include <iostream>

#include "app/command.hpp"
#include "sim/error.hpp"

namespace scmp::app {

namespace po = boost::program_options;

std::optional<int> parse_options(const char* command, const std::vector<std::string>& args, const po::options_description& visible,
                                 po::variables_map& vm, const po::options_description* hidden, Positional positional,
                                 OnBadOptions style) {
  po::options_description all;
  if (hidden != nullptr) all.add(visible).add(*hidden);
  po::positional_options_description pos;
  try {
    po::command_line_parser parser(args);
    parser.options(hidden != nullptr ? all : visible);
    if (positional.name != nullptr) parser.positional(pos.add(positional.name, positional.max_count));  // else none declared
    po::store(parser.run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    if (style == OnBadOptions::exception) {
      throw sim::InvalidArgument("arguments", e.what(), std::string("see scmp ") + command + " --help");
    }
    return usage_error(command, e.what(), visible);
  }
  if (vm.count("help")) {
    std::cout << visible;
    if (style == OnBadOptions::exception) std::cout << "\n";
    return exit_ok;
  }
  return std::nullopt;
}

int usage_error(const char* command, const std::string& message, const po::options_description& visible) {
  std::cerr << "scmp " << command << ": " << message << "\n" << visible;
  return exit_bad_input;
}

}  // namespace scmp::app
