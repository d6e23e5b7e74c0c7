// `scmp bench`: CUDA SC core vs cuBLAS fp32 on the docs/REFERENCE-NOTES.md shapes at several stream lengths, plus a
// mixed-precision case; prints a table with the ratio to cuBLAS and the fraction of the BMMA ceiling.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/command.hpp"
#include "gpu/bench.hpp"
#include "gpu/ceiling.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;

namespace {

// bit-products/s, H100 SXM register-only mma.sync microbenchmark (docs/REFERENCE-NOTES.md): the "of ceil" base without --ceiling
constexpr double kBmmaCeiling = 5.16e15;

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
  bool ceiling = false;
  std::string gemm = "auto";
  desc.add_options()("help,h", "this help")(
      "shapes", po::value(&shapes), "comma list of per_row_chunk128, per_row, per_tensor, per_head, per_row_3d, mixed (default all), and the "
      "large cases wide_12288, deep_8192 (only when named)")(
      "stoc-lens", po::value(&lens), "stream lengths (default 256,128,64,32)")("runs", po::value(&runs), "timed runs per case (median; default 20)")(
      "compare-narrow", po::bool_switch(&narrow), "also time the first version's 128x64 GEMM tile and the two-plane (no sign-mask) core")(
      "max-packed-mib", po::value(&budget_mib), "memory budget of the packed operands in MiB (0: default); smaller runs slabs")(
      "device", po::value(&device), "CUDA device to run on (default 0)")(
      "ceiling", po::bool_switch(&ceiling), "first measure the instruction ceilings of mma.sync m16n8k256 b1 and wgmma m64n128k256 b1 "
      "on the card; \"of ceil\" is then the measured ceiling of the GEMM each row ran (--shapes none: ceilings only)")(
      "gemm", po::value(&gemm), "binary GEMM: auto (wgmma on sm_90 where it applies, else mma.sync), mma, wgmma (default auto)");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return scmp::app::exit_ok;
  }
  scmp::gpu::BenchOptions o;
  if (gemm == "auto") o.gemm = scmp::gpu::GemmPath::automatic;
  else if (gemm == "mma") o.gemm = scmp::gpu::GemmPath::mma;
  else if (gemm == "wgmma") o.gemm = scmp::gpu::GemmPath::wgmma;
  else throw scmp::sim::InvalidArgument("gemm", gemm, "expected auto, mma or wgmma");
  o.shapes = split(shapes);
  const bool no_cases = o.shapes.size() == 1 && o.shapes.front() == "none";
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
  scmp::gpu::Ceilings ceil;
  if (ceiling) {
    ceil = scmp::gpu::measure_ceilings(device);
    std::cout << "device " << device << ": " << scmp::gpu::bench_device_name(device) << "   instruction ceilings (bit-products/s, all SMs)\n";
    std::printf("  mma.sync.m16n8k256.b1.and.popc           %.3e\n", ceil.mma_sync);
    if (ceil.wgmma > 0) {
      std::printf("  wgmma.mma_async.m64n128k256.b1.and.popc  %.3e   (%.2fx mma.sync)\n", ceil.wgmma, ceil.wgmma / ceil.mma_sync);
    } else {
      std::printf("  wgmma.mma_async.m64n128k256.b1.and.popc  not measured: %s\n", ceil.wgmma_note.c_str());
    }
  }
  if (no_cases) return scmp::app::exit_ok;
  const auto rows = scmp::gpu::run_bench(o);
  std::cout << "device " << device << ": " << scmp::gpu::bench_device_name(device) << "   (median of " << runs << " runs)\n"
            << "  pipeline = fp32 operands on the device -> quantize -> pack -> binary tensor-core GEMM -> dequantize -> fp32\n"
            << "  core     = pack + GEMM (+ fused chunk epilogue) from quantized boundaries already on the device\n"
            << "  SC/fp32 uses pipeline where it covers the case (per_row 2-D/3-D, chunk_d, per_tensor, per_head), else core\n"
            << "  gemm: the binary GEMM the core ran; mma core/pipe ms: the same with mma.sync (wgmma rows)\n"
            << "  of ceil / issued: useful / executed bit-products over the gemm ms alone, against "
            << (ceiling ? "the ceiling of that GEMM's instruction measured above" : "5.16e15 (H100 mma.sync, docs/REFERENCE-NOTES.md; --ceiling measures)") << "\n";
  std::printf("%-24s %5s %6s %11s %9s %11s %8s %9s %9s %9s %10s %9s %9s %14s %8s %8s  %s\n", "case", "L", "gemm", "pipeline ms", "core ms",
              "cuBLAS ms", "SC/fp32", "pack ms", "gemm ms", "narrow ms", "2-plane ms", "mma core", "mma pipe", "useful bit-prod/s", "of ceil",
              "issued", "note");
  for (const auto& r : rows) {
    const double sc = r.pipeline_ms > 0 ? r.pipeline_ms : r.sc_ms;
    const double useful = r.bit_products / (sc * 1e-3);
    const double gemm_s = (r.gemm_ms > 0 ? r.gemm_ms : sc) * 1e-3;
    const double base = !ceiling ? kBmmaCeiling : (r.wgmma ? ceil.wgmma : ceil.mma_sync);
    std::printf("%-24s %5d %6s %11.4f %9.4f %11.4f %7.2fx %9.4f %9.4f %9.4f %10.4f %9.4f %9.4f %14.3e %7.1f%% %7.1f%%  %s\n", r.name.c_str(),
                r.stoc_len, r.wgmma ? "wgmma" : "mma", r.pipeline_ms, r.sc_ms, r.cublas_ms, sc / r.cublas_ms, r.pack_ms, r.gemm_ms, r.narrow_ms,
                r.two_plane_ms, r.mma_ms, r.mma_pipeline_ms, useful, 100.0 * r.bit_products / gemm_s / base, 100.0 * r.issued / gemm_s / base,
                (r.note + (r.slabs > 1 ? " [" + std::to_string(r.slabs) + " slabs]" : "")).c_str());
  }
  return scmp::app::exit_ok;
}

}  // namespace

SCMP_COMMAND(bench, "time the CUDA SC core against cuBLAS fp32 (needs a GPU)", run_bench);
