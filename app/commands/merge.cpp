// `scmp merge A.h5 B.h5 ... -o ALL.h5`: joins the shard files of one sweep, dropping duplicate runs.
#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "app/command.hpp"
#include "app/options.hpp"
#include "experiments/results_file.hpp"

namespace po = boost::program_options;

namespace {

int run(const std::vector<std::string>& args) {
  po::options_description opts("scmp merge SHARD.h5... -o OUT.h5\n\nJoins shard files of one sweep (same schema and configuration); runs with the same config hash are kept once");
  std::string output;
  std::vector<std::string> inputs;
  opts.add_options()("help,h", "show this help")("output,o", po::value(&output), "merged results file (must not exist)")(
      "force", "replace an existing output (only a regular HDF5 file)");
  po::options_description hidden;
  hidden.add_options()("inputs", po::value(&inputs)->multitoken());
  po::variables_map vm;
  if (const auto done = scmp::app::parse_options("merge", args, opts, vm, &hidden, {"inputs", -1})) return *done;
  if (inputs.empty() || output.empty()) return scmp::app::usage_error("merge", "need input files and -o OUT.h5", opts);
  const std::size_t rows = scmp::experiments::merge_results(inputs, output, vm.count("force") > 0);
  std::cout << "scmp merge: " << output << ": " << rows << " runs from " << inputs.size() << " files\n";
  return scmp::app::exit_ok;
}

}  // namespace

SCMP_COMMAND(merge, "join shard results files of one sweep", run);
