// `scmp golden FILE.h5 [--backend B] [--case NAME] [--strict]`: runs every case of a scmp-golden-v1 file
// (outputs of the reference library) through sc_matmul and reports, per case, whether the integer counts
// recovered from the reference output equal scmp's and the fraction of bit-identical words
// (app/golden_compare.hpp). PASS iff the counts are exact and max|y − y_ref| ≤ 1e-6 · max|y_ref|;
// with --strict, iff every word is identical.
#include <H5Cpp.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "app/command.hpp"
#include "app/golden_compare.hpp"
#include "sim/error.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/sng/rng_builders.hpp"

namespace po = boost::program_options;
using scmp::sim::InvalidArgument;

namespace {

struct GoldenCase {
  std::string name;
  scmp::sim::Tensor a, b, y;
  scmp::sim::MatmulOptions options;
  std::string config = "sobol_simple";
};

scmp::sim::Tensor read_tensor(const H5::Group& g, const std::string& name) {
  const H5::DataSet ds = g.openDataSet(name);
  const H5::DataSpace sp = ds.getSpace();
  std::vector<hsize_t> dims(static_cast<std::size_t>(sp.getSimpleExtentNdims()));
  sp.getSimpleExtentDims(dims.data());
  scmp::sim::Tensor t(std::vector<std::int64_t>(dims.begin(), dims.end()));
  ds.read(t.data.data(), H5::PredType::NATIVE_FLOAT);
  return t;
}

std::string attr_text(const H5::Group& g, const char* key, const std::string& dflt) {
  if (!g.attrExists(key)) return dflt;
  const H5::Attribute at = g.openAttribute(key);
  std::string s;
  at.read(at.getStrType(), s);
  return s;
}

long long attr_int(const H5::Group& g, const char* key, long long dflt) {
  if (!g.attrExists(key)) return dflt;
  long long v = 0;
  g.openAttribute(key).read(H5::PredType::NATIVE_LLONG, &v);
  return v;
}

GoldenCase read_case(const H5::H5File& f, const std::string& name) {
  const H5::Group g = f.openGroup(name);
  GoldenCase c;
  c.name = name;
  c.a = read_tensor(g, "a");
  c.b = read_tensor(g, "b");
  c.y = read_tensor(g, "y");
  auto& o = c.options;
  o.granularity = scmp::sim::parse_granularity(attr_text(g, "granularity", "per_row"));
  o.mode = scmp::sim::parse_mode(attr_text(g, "mode", "bipolar"));
  o.sc_prec = static_cast<int>(attr_int(g, "sc_prec", 8));
  if (const auto L = attr_int(g, "stoc_len", 0); L != 0) o.stoc_len = static_cast<int>(L);
  if (const auto G = attr_int(g, "rng_levels", 0); G != 0) o.rng_levels = static_cast<int>(G);
  o.halve = attr_int(g, "halve", 0) != 0;
  o.chunk_d = static_cast<int>(attr_int(g, "chunk_d", 0));
  o.group_a = static_cast<int>(attr_int(g, "group_a", 1));
  o.group_b = static_cast<int>(attr_int(g, "group_b", 1));
  o.scramble.family = scmp::sim::parse_mask_family(attr_text(g, "scramble", "bitrev"));
  o.scramble.rescale = attr_int(g, "scramble_rescale", 1) != 0;
  c.config = attr_text(g, "config", "sobol_simple");
  return c;
}

int run_golden(const std::vector<std::string>& args) {
  po::options_description desc("scmp golden FILE.h5 [options]");
  std::string file, backend = "cpu", only;
  int threads = 0;
  desc.add_options()("help,h", "this help")("file", po::value(&file), "scmp-golden-v1 HDF5 file")(
      "backend", po::value(&backend), "cycle | cpu | cuda (default cpu)")("case", po::value(&only), "run one case only")(
      "threads", po::value(&threads), "cpu backend threads (0 = all)")(
      "strict", "fail unless every output word is bit-identical to the reference");
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
  const bool strict = vm.count("strict") > 0;
  if (file.empty()) throw InvalidArgument("FILE", "missing", "expected a scmp-golden-v1 HDF5 file");
  H5::Exception::dontPrint();
  H5::H5File f;
  try {
    f.openFile(file, H5F_ACC_RDONLY);
  } catch (const H5::Exception&) {
    throw InvalidArgument("FILE", file, "cannot open as HDF5");
  }
  {
    const H5::Attribute fmt = f.openAttribute("format");
    std::string s;
    fmt.read(fmt.getStrType(), s);
    if (s != "scmp-golden-v1") throw InvalidArgument("FILE.format", s, "expected scmp-golden-v1");
  }
  std::vector<std::string> names;
  for (hsize_t i = 0; i < f.getNumObjs(); ++i) names.push_back(f.getObjnameByIdx(i));
  int failed = 0, ran = 0;
  for (const auto& name : names) {
    if (!only.empty() && name != only) continue;
    GoldenCase c = read_case(f, name);
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
