// `scmp golden FILE.h5 [--backend B] [--case NAME]`: runs every case of a scmp-golden-v1 file (outputs of the
// reference library) through sc_matmul and compares: PASS iff max|y − y_ref| ≤ 1e-6 · max|y_ref|.
#include <H5Cpp.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "app/command.hpp"
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
