// `scmp golden FILE.h5 [--backend B] [--case NAME]`: runs every case of a scmp-golden-v1 file (outputs of the
// reference library) through sc_matmul and compares: PASS iff max|y − y_ref| ≤ 1e-6 · max|y_ref|.
#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "app/command.hpp"
#include "experiments/golden_file.hpp"
#include "sim/error.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/sng/rng_builders.hpp"

namespace po = boost::program_options;
using scmp::sim::InvalidArgument;

namespace {

using scmp::experiments::GoldenCase;

int run_golden(const std::vector<std::string>& args) {
  po::options_description desc("scmp golden FILE.h5 [options]");
  std::string file, backend = "cpu", only;
  int threads = 0;
  desc.add_options()("help,h", "this help")("file", po::value(&file), "scmp-golden-v1 HDF5 file")(
      "backend", po::value(&backend), "cycle | cpu | cuda (default cpu)")("case", po::value(&only), "run one case only")(
      "threads", po::value(&threads), "cpu backend threads (0 = all)");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw InvalidArgument("arguments", e.what(), "see scmp golden --help");
  }
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return scmp::app::exit_ok;
  }
  if (file.empty()) throw InvalidArgument("FILE", "missing", "expected a scmp-golden-v1 HDF5 file");
  // Checked reading (experiments/golden_file.hpp): a corrupt or malformed file is an error, never a crash.
  const std::vector<std::string> names = scmp::experiments::golden_case_names(file);
  int failed = 0, ran = 0;
  for (const auto& name : names) {
    if (!only.empty() && name != only) continue;
    GoldenCase c = scmp::experiments::read_golden_case(file, name);
    c.options.backend = backend;
    c.options.threads = threads;
    const int lanes = c.options.chunk_d > 0 && c.a.dim(-1) > c.options.chunk_d ? c.options.chunk_d : static_cast<int>(c.a.dim(-1));
    c.options.rng = scmp::sim::build_rng_config(c.config, lanes, c.options.sc_prec);
    const auto r = scmp::sim::sc_matmul(c.a, c.b, c.options);
    double max_ref = 0, max_diff = 0;
    std::size_t same = 0;
    if (r.y.data.size() != c.y.data.size()) throw InvalidArgument(name + ".y", "shape", "output size differs from the reference");
    for (std::size_t i = 0; i < c.y.data.size(); ++i) {
      max_ref = std::max(max_ref, std::fabs(static_cast<double>(c.y.data[i])));
      max_diff = std::max(max_diff, std::fabs(static_cast<double>(r.y.data[i]) - c.y.data[i]));
      same += std::memcmp(&r.y.data[i], &c.y.data[i], sizeof(float)) == 0;
    }
    const bool pass = max_diff <= 1e-6 * max_ref;
    failed += !pass;
    ++ran;
    std::printf("%-28s %s  max|dy|/max|y| = %.3e  identical words = %.4f\n", name.c_str(), pass ? "PASS" : "FAIL",
                max_ref > 0 ? max_diff / max_ref : max_diff, static_cast<double>(same) / static_cast<double>(c.y.data.size()));
  }
  if (ran == 0) throw InvalidArgument("--case", only, "no such case in " + file);
  std::printf("%d of %d cases passed (backend %s)\n", ran - failed, ran, backend.c_str());
  return failed == 0 ? scmp::app::exit_ok : scmp::app::exit_failed;
}

}  // namespace

SCMP_COMMAND(golden, "run the reference library's golden cases through sc_matmul", run_golden);
