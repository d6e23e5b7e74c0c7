// `scmp bench`: CUDA SC core vs cuBLAS fp32 on the FIELD.md shapes at several stream lengths, plus a
// mixed-precision case; prints a table with the ratio to cuBLAS and the fraction of the BMMA ceiling.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/command.hpp"
#include "gpu/bench.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;

namespace {

constexpr double kBmmaCeiling = 5.16e15;  // bit-products/s, H100 SXM register-only microbenchmark (FIELD.md)

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) if (!item.empty()) out.push_back(item);
  return out;
}

int run_bench(const std::vector<std::string>& args) {
  po::options_description desc("scmp bench [options]");
  std::string shapes, lens = "256,128,64,32";
  int runs = 20;
  bool narrow = false;
  int budget_mib = 0, device = 0;
  desc.add_options()("help,h", "this help")(
      "shapes", po::value(&shapes), "comma list of per_row_chunk128, per_row, per_tensor, per_head, per_row_3d, mixed (default all), and the "
      "large cases wide_12288, deep_8192 (only when named)")(
      "stoc-lens", po::value(&lens), "stream lengths (default 256,128,64,32)")("runs", po::value(&runs), "timed runs per case (median; default 20)")(
      "compare-narrow", po::bool_switch(&narrow), "also time the first version's 128x64 GEMM tile and the two-plane (no sign-mask) core")(
      "max-packed-mib", po::value(&budget_mib), "memory budget of the packed operands in MiB (0: default); smaller runs slabs")(
      "device", po::value(&device), "CUDA device to run on (default 0)");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return scmp::app::exit_ok;
  }
  scmp::gpu::BenchOptions o;
  o.shapes = split(shapes);
  o.stoc_lens.clear();
  for (const auto& l : split(lens)) {
    int v = 0;
    try { v = std::stoi(l); } catch (const std::exception&) { v = 0; }
    if (v < 1 || v > 256) throw scmp::sim::InvalidArgument("stoc-lens", l, "expected integers in 1..256");
    o.stoc_lens.push_back(v);
  }
  if (runs < 1 || runs > 10000) throw scmp::sim::InvalidArgument("runs", std::to_string(runs), "expected 1..10000");
  o.runs = runs;
  o.compare_narrow = narrow;
  if (budget_mib < 0) throw scmp::sim::InvalidArgument("max-packed-mib", std::to_string(budget_mib), "expected 0 (default) or a positive size");
  o.max_packed_bytes = static_cast<std::size_t>(budget_mib) << 20;
  o.device = device;
  const auto rows = scmp::gpu::run_bench(o);
  std::cout << "device " << device << ": " << scmp::gpu::bench_device_name(device) << "   (median of " << runs << " runs)\n"
            << "  pipeline = fp32 operands on the device -> quantize -> pack -> binary tensor-core GEMM -> dequantize -> fp32\n"
            << "  core     = pack + GEMM (+ fused chunk epilogue) from quantized boundaries already on the device\n"
            << "  SC/fp32 uses pipeline where it covers the case (per_row 2-D/3-D, chunk_d, per_tensor, per_head), else core\n";
  std::printf("%-24s %5s %11s %9s %11s %8s %9s %9s %9s %10s %14s %8s %8s  %s\n", "case", "L", "pipeline ms", "core ms", "cuBLAS ms",
              "SC/fp32", "pack ms", "gemm ms", "narrow ms", "2-plane ms", "useful bit-prod/s", "of ceil", "issued", "note");
  for (const auto& r : rows) {
    const double sc = r.pipeline_ms > 0 ? r.pipeline_ms : r.sc_ms;
    const double useful = r.bit_products / (sc * 1e-3), issued = r.issued / (sc * 1e-3);
    std::printf("%-24s %5d %11.4f %9.4f %11.4f %7.2fx %9.4f %9.4f %9.4f %10.4f %14.3e %7.1f%% %7.1f%%  %s\n", r.name.c_str(), r.stoc_len,
                r.pipeline_ms, r.sc_ms, r.cublas_ms, sc / r.cublas_ms, r.pack_ms, r.gemm_ms, r.narrow_ms, r.two_plane_ms, useful,
                100.0 * useful / kBmmaCeiling, 100.0 * issued / kBmmaCeiling,
                (r.note + (r.slabs > 1 ? " [" + std::to_string(r.slabs) + " slabs]" : "")).c_str());
  }
  return scmp::app::exit_ok;
}

}  // namespace

SCMP_COMMAND(bench, "time the CUDA SC core against cuBLAS fp32 (needs a GPU)", run_bench);
