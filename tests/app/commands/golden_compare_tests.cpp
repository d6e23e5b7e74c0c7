// `scmp golden` tells a count difference from a rounding difference: golden files made here from scmp's own
// output, with one element moved by exactly one count (σ·s_a·s_b) and others by one ulp.
#include <H5Cpp.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "sim/matmul/sc_matmul.hpp"
#include "support/catch.hpp"
#include "support/run_cli.hpp"
#include "support/seed.hpp"

using namespace scmp::sim;

namespace {

using Run = scmp::testing::CliRun;

Run golden(const std::string& args) { return scmp::testing::run_cli("golden " + args); }

void write_dataset(H5::Group& g, const char* name, const Tensor& t) {
  std::vector<hsize_t> dims(t.shape.begin(), t.shape.end());
  H5::DataSet ds = g.createDataSet(name, H5::PredType::NATIVE_FLOAT, H5::DataSpace(static_cast<int>(dims.size()), dims.data()));
  ds.write(t.data.data(), H5::PredType::NATIVE_FLOAT);
}

// A scmp-golden-v1 file with one per_row bipolar case (all attributes at their defaults) whose y is `y`.
void write_golden(const std::string& path, const Tensor& a, const Tensor& b, const Tensor& y) {
  H5::H5File f(path, H5F_ACC_TRUNC);
  const H5::StrType str(H5::PredType::C_S1, H5T_VARIABLE);
  const std::string fmt = "scmp-golden-v1";
  f.createAttribute("format", str, H5::DataSpace(H5S_SCALAR)).write(str, fmt);
  H5::Group g = f.createGroup("made_here");
  write_dataset(g, "a", a);
  write_dataset(g, "b", b);
  write_dataset(g, "y", y);
}

}  // namespace

TEST_CASE("golden: a one-count difference is reported at its element; ulp differences are not counts", "[app][golden]") {
  SCMP_LOG_SEED();
  std::mt19937_64 g(seed);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  const int N = 5, M = 7, D = 33;
  Tensor a({N, D}), b({M, D});
  for (auto& v : a.data) v = nd(g);
  for (auto& v : b.data) v = nd(g);
  MatmulOptions o;
  o.keep_levels = true;
  const auto r = sc_matmul(a, b, o);
  const auto dir = std::filesystem::temp_directory_path() / ("scmp_golden_cmp_" + std::to_string(seed));
  std::filesystem::create_directories(dir);
  const std::string same = (dir / "same.h5").string(), ulp = (dir / "ulp.h5").string(), count = (dir / "count.h5").string();

  write_golden(same, a, b, r.y);
  const Run s = golden("'" + same + "' --strict");
  INFO(s.output);
  CHECK(s.exit_code == 0);
  CHECK(s.output.find("identical words 35/35") != std::string::npos);

  Tensor y1 = r.y;   // two words one ulp off: still the same counts
  y1.data[3] = std::nextafter(y1.data[3], INFINITY);
  y1.data[20] = std::nextafter(y1.data[20], -INFINITY);
  write_golden(ulp, a, b, y1);
  const Run u = golden("'" + ulp + "'");
  INFO(u.output);
  CHECK(u.exit_code == 0);
  CHECK(u.output.find("counts exact") != std::string::npos);
  CHECK(u.output.find("identical words 33/35") != std::string::npos);
  CHECK(golden("'" + ulp + "' --strict").exit_code == 1);

  Tensor y2 = r.y;   // element (row 2, col 4) one count up, as if the reference's S were larger by 1
  const int n = 2, m = 4;
  const double step = 127.0 * 127.0 / 256.0 * r.qa->scale[n] * r.qb->scale[m];
  y2.data[static_cast<std::size_t>(n * M + m)] = static_cast<float>(y2.data[static_cast<std::size_t>(n * M + m)] + step);
  write_golden(count, a, b, y2);
  const Run c = golden("'" + count + "'");
  INFO(c.output);
  CHECK(c.exit_code == 1);
  CHECK(c.output.find("counts differ in 1 of 35 elements (1 rows, 1 columns)") != std::string::npos);
  CHECK(c.output.find("row 2 col 4: scmp S = " + std::to_string(r.accumulators[static_cast<std::size_t>(n * M + m)]) +
                      ", reference S − scmp S = 1.000") != std::string::npos);
  std::filesystem::remove_all(dir);
}
