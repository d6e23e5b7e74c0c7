// The benchmark behind `scmp bench`: random bipolar boundaries/signs already on the device, the CorePlan
// (pack + binary GEMM + epilogue) timed with cudaEvents, median of N runs after warm-up; the whole device
// pipeline (fp32 randn operands on the device → quantize → core → dequantize → fp32) likewise; cuBLAS sgemm
// likewise.
#include <cublas_v2.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include "gpu/bench.hpp"
#include "gpu/bit_operand.hpp"
#include "gpu/core.hpp"
#include "gpu/device_buffer.hpp"
#include "gpu/device_guard.hpp"
#include "gpu/event_timing.hpp"
#include "gpu/pipeline.hpp"
#include "sim/sng/lane_streams.hpp"

namespace scmp::gpu {
namespace {

struct Case {
  std::string name;
  int batch, n, m, d, chunk;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"per_row_chunk128", 1, 512, 4096, 4096, 128}, {"per_row", 1, 512, 1024, 1024, 0},
      {"per_tensor", 1, 1024, 1024, 1024, 0},        {"per_head", 32, 1024, 1024, 128, 0},
      {"per_row_3d", 32, 1024, 1024, 128, 0}};
  return all;
}

// Median of `runs` timed calls after 3 warm-ups.
template <class F>
double time_ms(F&& f, int runs) {
  return median_event_ms(f, runs, 3);
}

// Boundaries as the per_row quantizer makes them from randn rows: q = rne(x/s), s = max|x|/127, bnd = round(|q|·G/127).
void random_operand(std::mt19937_64& g, std::size_t rows, int d, int G, std::vector<std::uint16_t>& bnd, std::vector<std::int8_t>& sgn) {
  std::normal_distribution<float> nd;
  bnd.resize(rows * d);
  sgn.resize(rows * d);
  std::vector<float> x(static_cast<std::size_t>(d));
  for (std::size_t r = 0; r < rows; ++r) {
    float mx = 1e-5f;
    for (auto& v : x) { v = nd(g); mx = std::max(mx, std::abs(v)); }
    for (int i = 0; i < d; ++i) {
      const int q = static_cast<int>(std::nearbyint(x[static_cast<std::size_t>(i)] / (mx / 127.0f)));
      bnd[r * d + i] = static_cast<std::uint16_t>((2 * std::abs(q) * G + 127) / 254);
      sgn[r * d + i] = q < 0 ? -1 : 1;
    }
  }
}

struct StreamCache {
  int lanes, G;
  std::map<std::pair<int, int>, sim::LaneStreams> cache;
  const sim::LaneStreams& get(sim::Side side, int L) {
    auto key = std::make_pair(side == sim::Side::a ? 0 : 1, L);
    auto it = cache.find(key);
    if (it == cache.end()) {
      it = cache.emplace(key, sim::prepare_lane_streams(sim::sobol_simple_config(lanes, 8), side, lanes, {8, L, G}, {})).first;
    }
    return it->second;
  }
};

struct Operands {
  DeviceBuffer<std::uint16_t> ba, bb;
  DeviceBuffer<std::int8_t> sa, sb;
  DeviceBuffer<float> fa, fb, scale_a, scale_b, out_f, c;
  DeviceBuffer<std::int32_t> out_s;
  DeviceBuffer<float> xa, xb, y;   // fp32 operands (randn) and output of the device pipeline
};

// The device pipeline on the same shape: per_row granularity (chunk_d for the chunked case), or the case's own
// granularity for per_tensor (bipolar) and per_head.
double time_pipeline(const Case& c, int L, const std::vector<int>& row_lens, Operands& op, int runs, std::size_t max_bytes,
                     GemmPath gemm) {
  sim::MatmulOptions o;
  if (c.name == "per_tensor") o.granularity = sim::Granularity::per_tensor;
  if (c.name == "per_head") o.granularity = sim::Granularity::per_head;
  o.sc_prec = 8;
  o.stoc_len = L;
  o.chunk_d = c.chunk;
  o.multiplier = sim::Multiplier::enable;
  if (!row_lens.empty()) {
    o.row_stoc_len_a = row_lens;
    o.row_stoc_len_b.assign(static_cast<std::size_t>(c.m), L);
  }
  const bool three_d = c.batch > 1;
  const std::vector<std::int64_t> sa = three_d ? std::vector<std::int64_t>{c.batch, c.n, c.d} : std::vector<std::int64_t>{c.n, c.d};
  const std::vector<std::int64_t> sb = three_d ? std::vector<std::int64_t>{c.batch, c.m, c.d} : std::vector<std::int64_t>{c.m, c.d};
  DevicePipeline pipe(sa, sb, o, max_bytes, gemm);
  return time_ms([&] { pipe.run({op.xa.get(), sa}, {op.xb.get(), sb}, op.y.get()); }, runs);
}

BenchRow run_case(const Case& c, int L, const std::vector<int>& row_lens, const std::string& name, Operands& op,
                  cublasHandle_t handle, const BenchOptions& o, double cublas_ms) {
  const int runs = o.runs;
  StreamCache sc{c.chunk > 0 ? c.chunk : c.d, 256, {}};
  CoreShape s;
  s.batch = c.batch; s.rows_a = c.n; s.rows_b = c.m; s.depth = c.d; s.lanes = sc.lanes; s.chunk = c.chunk;
  s.is_signed = true; s.multiplier = sim::Multiplier::enable; s.geometry = {8, L, 256};
  s.stoc_len_a = row_lens;
  s.streams = [&sc](sim::Side side, int l) -> const sim::LaneStreams& { return sc.get(side, l); };
  s.q_max_sq = 16129.0f;
  CoreRunOptions core_options;
  core_options.max_packed_bytes = o.max_packed_bytes;
  core_options.gemm = o.gemm;
  CorePlan plan(s, core_options);
  CoreDeviceIo io{op.ba.get(), op.sa.get(), op.bb.get(), op.sb.get(), nullptr, nullptr, nullptr, nullptr};
  if (c.chunk > 0) {
    io.out_f = op.out_f.get(); io.scale_a = op.scale_a.get(); io.scale_b = op.scale_b.get();
  } else {
    io.out_s = op.out_s.get();
  }
  BenchRow row;
  row.name = name;
  row.stoc_len = L;
  row.slabs = plan.slabs();
  row.sc_ms = time_ms([&] { plan.run(io); }, runs);
  row.cublas_ms = cublas_ms;
  if (o.parts) {
    row.pack_ms = time_ms([&] { plan.run(io, true, false); }, runs);
    row.gemm_ms = time_ms([&] { plan.run(io, false, true); }, runs);
  }
  row.pipeline_ms = time_pipeline(c, L, row_lens, op, runs, o.max_packed_bytes, o.gemm);
  row.wgmma = plan.uses_wgmma();
  if (row.wgmma) {  // the mma.sync GEMM in the same run, for the ratio
    CoreRunOptions mma = core_options;
    mma.gemm = GemmPath::mma;
    CorePlan mma_plan(s, mma);
    row.mma_ms = time_ms([&] { mma_plan.run(io); }, runs);
    row.mma_pipeline_ms = time_pipeline(c, L, row_lens, op, runs, o.max_packed_bytes, GemmPath::mma);
  }
  if (o.compare_narrow) {
    CoreRunOptions narrow = core_options;
    narrow.narrow_tiles = true;
    CorePlan old_plan(s, narrow);
    row.narrow_ms = time_ms([&] { old_plan.run(io); }, runs);
    CoreRunOptions planes = core_options;
    planes.sign_masks = false;
    planes.gemm = GemmPath::mma;
    CorePlan planes_plan(s, planes);
    row.two_plane_ms = time_ms([&] { planes_plan.run(io); }, runs);
  }
  double useful = 0, issued = 0;
  const int chunk = c.chunk > 0 ? c.chunk : c.d, chunks = (c.d + chunk - 1) / chunk;
  for (int n = 0; n < c.n; ++n) {
    const int l = row_lens.empty() ? L : row_lens[static_cast<std::size_t>(n)];
    useful += static_cast<double>(c.d) * l;
    issued += (row.wgmma ? 4.0 : 3.0) * chunks * static_cast<double>((static_cast<long long>(l) * chunk + kStageBits - 1) / kStageBits * kStageBits);
  }
  row.bit_products = useful * c.m * c.batch;
  row.issued = issued * c.m * c.batch;
  (void)handle;
  return row;
}

}  // namespace

std::string bench_device_name(int device) {
  cudaDeviceProp prop{};
  SCMP_CUDA(cudaGetDeviceProperties(&prop, device));
  return prop.name;
}

std::vector<BenchRow> run_bench(const BenchOptions& o) {
  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    cudaGetLastError();
    throw sim::Error("scmp bench needs a CUDA device");
  }
  if (o.device < 0 || o.device >= devices) {
    throw sim::InvalidArgument("device", std::to_string(o.device), "expected a CUDA device 0.." + std::to_string(devices - 1));
  }
  DeviceGuard on(o.device);  // operands, plans and the cuBLAS handle all on that device
  cublasHandle_t handle;
  if (cublasCreate(&handle) != CUBLAS_STATUS_SUCCESS) throw sim::Error("cublasCreate failed");
  std::vector<BenchRow> rows;
  std::mt19937_64 g(o.seed);
  const auto wanted = [&](const std::string& n) { return o.shapes.empty() || std::find(o.shapes.begin(), o.shapes.end(), n) != o.shapes.end(); };
  std::vector<Case> todo = cases();
  if (wanted("mixed")) todo.push_back({"mixed", 1, 512, 4096, 4096, 0});
  const auto named = [&](const std::string& n) { return std::find(o.shapes.begin(), o.shapes.end(), n) != o.shapes.end(); };
  if (named("wide_12288")) todo.push_back({"wide_12288", 1, 512, 12288, 12288, 0});  // 12288×12288 weights
  if (named("deep_8192")) todo.push_back({"deep_8192", 1, 1024, 8192, 8192, 0});     // D = 8192
  for (const Case& c : todo) {
    if (!wanted(c.name)) continue;
    Operands op;
    std::vector<std::uint16_t> b;
    std::vector<std::int8_t> s;
    random_operand(g, static_cast<std::size_t>(c.batch) * c.n, c.d, 256, b, s);
    op.ba.upload(b); op.sa.upload(s);
    random_operand(g, static_cast<std::size_t>(c.batch) * c.m, c.d, 256, b, s);
    op.bb.upload(b); op.sb.upload(s);
    const int chunks = c.chunk > 0 ? (c.d + c.chunk - 1) / c.chunk : 1;
    op.scale_a.upload(std::vector<float>(static_cast<std::size_t>(c.batch) * chunks * c.n, 0.01f));
    op.scale_b.upload(std::vector<float>(static_cast<std::size_t>(c.batch) * chunks * c.m, 0.02f));
    op.out_f.resize(static_cast<std::size_t>(c.batch) * c.n * c.m);
    op.out_s.resize(static_cast<std::size_t>(c.batch) * chunks * c.n * c.m);
    // cuBLAS fp32 a @ bᵀ on randn-sized buffers (values do not change its time).
    op.fa.upload(std::vector<float>(static_cast<std::size_t>(c.batch) * c.n * c.d, 0.5f));
    op.fb.upload(std::vector<float>(static_cast<std::size_t>(c.batch) * c.m * c.d, 0.25f));
    op.c.resize(static_cast<std::size_t>(c.batch) * c.n * c.m);
    {
      std::normal_distribution<float> nd;
      std::vector<float> x(static_cast<std::size_t>(c.batch) * c.n * c.d);
      for (auto& v : x) v = nd(g);
      op.xa.upload(x);
      x.resize(static_cast<std::size_t>(c.batch) * c.m * c.d);
      for (auto& v : x) v = nd(g);
      op.xb.upload(x);
      op.y.resize(static_cast<std::size_t>(c.batch) * c.n * c.m);
    }
    const float one = 1.0f, zero = 0.0f;
    const double cublas_ms = time_ms([&] {
      cublasSgemmStridedBatched(handle, CUBLAS_OP_T, CUBLAS_OP_N, c.m, c.n, c.d, &one, op.fb.get(), c.d,
                                static_cast<long long>(c.m) * c.d, op.fa.get(), c.d, static_cast<long long>(c.n) * c.d, &zero,
                                op.c.get(), c.m, static_cast<long long>(c.n) * c.m, c.batch);
    }, o.runs);
    if (c.name == "mixed") {
      std::vector<int> lens(static_cast<std::size_t>(c.n));
      const int levels[] = {256, 128, 64, 32};
      for (int n = 0; n < c.n; ++n) lens[static_cast<std::size_t>(n)] = levels[n * 4 / c.n];
      std::shuffle(lens.begin(), lens.end(), std::mt19937_64(o.seed));
      auto mp = run_case(c, 256, lens, "mixed_256/128/64/32", op, handle, o, cublas_ms);
      mp.stoc_len = 0;
      mp.note = "four levels, 25% of rows each (seeded permutation)";
      rows.push_back(mp);
      auto u = run_case(c, 256, {}, "mixed_vs_uniform_256", op, handle, o, cublas_ms);
      rows.push_back(u);
      auto w = run_case(c, 120, {}, "mixed_vs_uniform_120", op, handle, o, cublas_ms);
      w.note = "MAC-weighted mean length (256+128+64+32)/4 = 120";
      rows.push_back(w);
      continue;
    }
    for (int L : o.stoc_lens) rows.push_back(run_case(c, L, {}, c.name, op, handle, o, cublas_ms));
  }
  cublasDestroy(handle);
  return rows;
}

}  // namespace scmp::gpu
