// libFuzzer target: a results file built from the fuzzer's choices (h5_builder.hpp) → read_index and the
// full check merge and --resume run on untrusted files. Expected outcome of a bad file: InvalidArgument.
#include <cstdint>

#include "experiments/results_file.hpp"
#include "experiments/results_layout.hpp"
#include "fuzz_support.hpp"
#include "h5_builder.hpp"

namespace {

void build(const std::string& path, FuzzedDataProvider& p) {
  using namespace scmp::experiments;
  const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0) return;
  scmp::fuzz::attr(f, "schema", p);
  scmp::fuzz::attr(f, "resolved_yaml", p);
  scmp::fuzz::attr(f, scmp::fuzz::text(p), p);
  if (p.ConsumeBool()) {
    const hid_t g = H5Gcreate2(f, "runs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g >= 0) H5Gclose(g);
  }
  const int index_kind = p.ConsumeIntegralInRange(0, 3);
  if (index_kind == 0) {  // the scmp layout with fuzzed axes and fuzzed rows
    std::vector<SweepAxis> axes;
    const int n_axes = p.ConsumeIntegralInRange(0, 2);
    for (int i = 0; i < n_axes; ++i) axes.push_back(SweepAxis{"hardware.x" + std::to_string(i), "", p.ConsumeBool()});
    const auto lay = layout::make_layout(axes);
    const hsize_t rows = p.ConsumeIntegralInRange<hsize_t>(0, 8);
    const hid_t space = H5Screate_simple(1, &rows, nullptr);
    const hid_t ds = H5Dcreate2(f, "index", lay.type.getId(), space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    std::vector<char> bytes(rows * lay.size, 0);
    for (hsize_t r = 0; r < rows; ++r) {
      const std::string id = scmp::fuzz::text(p);
      std::copy_n(id.data(), std::min(id.size(), layout::kRunIdLen), bytes.data() + r * lay.size + lay.offset.at("run_id"));
      const std::string st = p.ConsumeBool() ? "ok" : "failed";
      std::copy_n(st.data(), st.size(), bytes.data() + r * lay.size + lay.offset.at("status"));
      if (p.ConsumeBool()) {
        const hid_t g = H5Gcreate2(f, ("/runs/" + std::string(id.c_str())).c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (g >= 0) H5Gclose(g);
      }
    }
    if (ds >= 0 && rows > 0) H5Dwrite(ds, lay.type.getId(), H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
    if (ds >= 0) {
      scmp::fuzz::attr(ds, "axes", p);
      H5Dclose(ds);
    }
    H5Sclose(space);
  } else if (index_kind == 1) {
    scmp::fuzz::dataset(f, "index", p);
  } else if (index_kind == 2) {
    H5Gclose(H5Gcreate2(f, "index", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  }
  if (p.ConsumeBool()) {
    const hid_t g = H5Gopen2(f, "runs", H5P_DEFAULT);
    if (g >= 0) {
      scmp::fuzz::dataset(g, scmp::fuzz::text(p), p);
      scmp::fuzz::attr(g, "status", p);
      H5Gclose(g);
    }
  }
  H5Fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = scmp::fuzz::h5_input(data, size, build);
  scmp::fuzz::expecting_errors([&] { (void)scmp::experiments::read_index(path); });
  scmp::fuzz::expecting_errors([&] { scmp::experiments::layout::check_results_file(path); });
  return 0;
}
