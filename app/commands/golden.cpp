// `scmp golden FILE.h5 [--backend B] [--case NAME] [--strict]`: runs every case of a scmp-golden-v1 file
// (outputs of the reference library) through sc_matmul and reports, per case, whether the integer counts
// recovered from the reference output equal scmp's and the fraction of bit-identical words
// (app/golden_compare.hpp). PASS iff the counts are exact and max|y − y_ref| ≤ 1e-6 · max|y_ref|;
// with --strict, iff every word is identical.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "app/command.hpp"
#include "app/options.hpp"
#include "app/golden_compare.hpp"
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
      "threads", po::value(&threads), "cpu backend threads (0 = all)")(
      "strict", "fail unless every output word is bit-identical to the reference");
  po::variables_map vm;
  if (const auto done = scmp::app::parse_options("golden", args, desc, vm, nullptr, {"file", 1}, scmp::app::OnBadOptions::exception)) {
    return *done;
  }
  const bool strict = vm.count("strict") > 0;
  if (file.empty()) throw InvalidArgument("FILE", "missing", "expected a scmp-golden-v1 HDF5 file");
  // Checked reading (experiments/golden_file.hpp): a corrupt or malformed file is an error, never a crash.
  const std::vector<std::string> names = scmp::experiments::golden_case_names(file);
  int failed = 0, ran = 0;
  for (const auto& name : names) {
    if (!only.empty() && name != only) continue;
    GoldenCase c = scmp::experiments::read_golden_case(file, name);
    c.options.backend = backend;
    c.options.threads = threads;
    c.options.keep_levels = true;   // the comparison needs the scales
    const int lanes = c.options.chunk_d > 0 && c.a.dim(-1) > c.options.chunk_d ? c.options.chunk_d : static_cast<int>(c.a.dim(-1));
    c.options.rng = scmp::sim::build_rng_config(c.config, lanes, c.options.sc_prec);
    const auto r = scmp::sim::sc_matmul(c.a, c.b, c.options);
    if (r.y.data.size() != c.y.data.size()) throw InvalidArgument(name + ".y", "shape", "output size differs from the reference");
    const auto cmp = scmp::app::compare_golden(c.options, r, c.y);
    const bool pass = strict ? cmp.identical() : cmp.counts_exact() && cmp.max_rel_diff <= 1e-6;
    failed += !pass;
    ++ran;
    std::printf("%-28s %s  identical words %zu/%zu (%.4f)  max|dy|/max|y| = %.3e  %s\n", name.c_str(), pass ? "PASS" : "FAIL",
                cmp.identical_words, cmp.words, cmp.identical_fraction(), cmp.max_rel_diff, scmp::app::describe_counts(cmp).c_str());
  }
  if (ran == 0) throw InvalidArgument("--case", only, "no such case in " + file);
  std::printf("%d of %d cases passed (backend %s%s)\n", ran - failed, ran, backend.c_str(), strict ? ", strict" : "");
  return failed == 0 ? scmp::app::exit_ok : scmp::app::exit_failed;
}

}  // namespace

SCMP_COMMAND(golden, "run the reference library's golden cases through sc_matmul", run_golden);
