// The device-resident sc_matmul (pipeline.hpp): quantize kernels written in the host quantizers' fp32 order,
// the CorePlan binary GEMM, and the §11 dequantization epilogue, on the device that holds the operands. This
// file orchestrates (plan per device, run, non-finite checks); the kernels are in pipeline_quantize.cuh and
// pipeline_dequant.cuh, the per-device state and operand checks in pipeline_state.cuh.
#include <cuda_runtime.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>

#include "gpu/core.hpp"
#include "gpu/device_buffer.hpp"
#include "gpu/device_guard.hpp"
#include "gpu/pipeline.hpp"
#include "gpu/pipeline_dequant.cuh"
#include "gpu/pipeline_quantize.cuh"
#include "gpu/pipeline_state.cuh"
#include "gpu/triton_div.cuh"
#include "sim/error.hpp"
#include "sim/matmul/cache.hpp"
#include "sim/matmul/plan.hpp"
#include "sim/multiplier/design.hpp"
#include "sim/quant/quant_common.hpp"

namespace scmp::gpu {
namespace {
using sim::InvalidArgument;
}  // namespace

struct DevicePipeline::Impl {
  sim::MatmulOptions options;
  sim::MatmulPlan plan;
  std::vector<std::int64_t> shape_a, shape_b;
  std::size_t max_packed_bytes = 0;
  GemmPath gemm = GemmPath::automatic;
  int parts = 1;  // per_tensor / per_head: partial ranges per slice
  std::map<std::pair<int, int>, std::shared_ptr<const sim::LaneStreams>> streams;  // host, shared by all devices
  std::map<int, std::unique_ptr<DeviceState>> devices;

  ~Impl() {
    for (auto& [device, state] : devices) {
      DeviceGuard on(device);  // free each device's memory with its device current
      state.reset();
    }
  }
  DeviceState& state_on(int device);  // `device` must be current
  void run_per_row(DeviceState& st, const float* a, const float* b, const QuantOut& qa, const QuantOut& qb, float* y);
  void run_ranged(DeviceState& st, const float* a, const float* b, const QuantOut& qa, const QuantOut& qb, float* y);
  void quantized(DeviceState& st);
  void check_finite(DeviceState& st, const float* a, const float* b, const float* qa_in, const float* qb_in);
};

DevicePipeline::DevicePipeline(const std::vector<std::int64_t>& shape_a, const std::vector<std::int64_t>& shape_b,
                               const sim::MatmulOptions& options, std::size_t max_packed_bytes, GemmPath gemm)
    : m_impl(std::make_unique<Impl>()) {
  Impl& P = *m_impl;
  P.options = options;
  P.shape_a = shape_a;
  P.shape_b = shape_b;
  P.max_packed_bytes = max_packed_bytes;
  P.gemm = gemm;
  // The host's validation and resolution, on placeholder operands of the same shapes.
  const auto placeholder = [](const std::vector<std::int64_t>& shape, const char* name) {
    if (shape.size() < 2 || shape.size() > 3) {
      throw InvalidArgument(std::string(name) + ".shape", sim::shape_text(shape), "expected a 2-D (rows, D) or 3-D (B, rows, D) tensor");
    }
    for (auto d : shape) {
      if (d <= 0 || d > (1 << 30)) throw InvalidArgument(std::string(name) + ".shape", sim::shape_text(shape), "expected positive dimensions");
    }
    return sim::Tensor(shape, 0.0f);
  };
  P.plan = sim::resolve_matmul(placeholder(shape_a, "a"), placeholder(shape_b, "b"), options);
  if (options.granularity != sim::Granularity::per_row) {
    // Partial ranges: ~8192 elements a block, at most 256 blocks per slice (folded again by every quantizing warp).
    const bool head = options.granularity == sim::Granularity::per_head;
    const auto parts_of = [&](int rows) {
      const std::size_t slice = static_cast<std::size_t>(head ? 1 : P.plan.batch) * rows * P.plan.depth;
      return static_cast<int>(std::min<std::size_t>(256, std::max<std::size_t>(1, (slice + 8191) / 8192)));
    };
    P.parts = std::max(parts_of(P.plan.rows_a), parts_of(P.plan.rows_b));
  }
  int current = 0;
  if (cudaGetDevice(&current) != cudaSuccess) {
    cudaGetLastError();
    throw sim::Error("device pipeline: no usable CUDA device (driver missing or no GPU)");
  }
  P.state_on(current);  // plan on the current device now, so that memory errors surface here
}

DeviceState& DevicePipeline::Impl::state_on(int device) {
  auto it = devices.find(device);
  if (it != devices.end()) return *it->second;
  const sim::MatmulPlan& pl = plan;
  // Sign planes (none for bipolar-encoded streams: the sign is inside the encoding).
  const bool is_signed = pl.bipolar && !sim::multiplier_design(options.multiplier).bipolar_stream;
  auto st = std::make_unique<DeviceState>();
  CoreShape cs;
  cs.batch = pl.batch; cs.rows_a = pl.rows_a; cs.rows_b = pl.rows_b; cs.depth = pl.depth; cs.lanes = pl.lanes;
  cs.chunk = pl.chunked ? options.chunk_d : 0;
  cs.is_signed = is_signed;
  cs.multiplier = options.multiplier;
  cs.geometry = sim::StreamGeometry{pl.sc_prec, pl.longest(), pl.rng_levels};
  cs.stoc_len_a = pl.len_a;
  cs.stoc_len_b = pl.len_b;
  cs.q_max_sq = static_cast<float>(static_cast<std::int64_t>(pl.q_max) * pl.q_max);
  cs.streams = [this](sim::Side side, int L) -> const sim::LaneStreams& {
    const auto key = std::make_pair(side == sim::Side::a ? 0 : 1, L);
    auto found = streams.find(key);
    if (found == streams.end()) {
      const sim::StreamGeometry g{plan.sc_prec, L, plan.rng_levels};
      found = streams.emplace(key, sim::cached_lane_streams(plan.rng, side, plan.lanes, g, options.scramble)).first;
    }
    return *found->second;
  };
  CoreRunOptions core_options;
  core_options.max_packed_bytes = max_packed_bytes;
  core_options.gemm = gemm;
  st->core = std::make_unique<CorePlan>(cs, core_options);
  const std::size_t na = static_cast<std::size_t>(pl.batch) * pl.rows_a * pl.depth;
  const std::size_t nb = static_cast<std::size_t>(pl.batch) * pl.rows_b * pl.depth;
  const std::size_t rows_a = static_cast<std::size_t>(pl.batch) * pl.rows_a, rows_b = static_cast<std::size_t>(pl.batch) * pl.rows_b;
  st->ba.resize(na);
  st->bb.resize(nb);
  if (is_signed) {
    st->sa.resize(na);
    st->sb.resize(nb);
  }
  const int chunks = st->core->chunks();
  st->scale_a.resize(chunks * rows_a);
  st->scale_b.resize(chunks * rows_b);
  if (!pl.chunked) st->s.resize(rows_a * pl.rows_b);
  if (!pl.len_a.empty()) {
    st->len_a.upload(pl.len_a);
    st->len_b.upload(pl.len_b);
  }
  if (options.granularity != sim::Granularity::per_row) {
    const std::size_t slices = options.granularity == sim::Granularity::per_head ? static_cast<std::size_t>(pl.batch) : 1;
    st->part_a.resize(slices * parts);
    st->part_b.resize(slices * parts);
    st->tensor_a.resize(1);
    st->tensor_b.resize(1);
  }
  if (!pl.bipolar) {
    st->sum_a.resize(rows_a);
    st->sum_b.resize(rows_b);
    if (options.granularity == sim::Granularity::per_row) {
      st->zp_a.resize(rows_a);
      st->zp_b.resize(rows_b);
    }
  }
  if (options.smooth_scales) {
    st->smooth.upload(*options.smooth_scales);
    st->smoothed_a.resize(na);
    st->smoothed_b.resize(nb);
  }
  st->bad.resize(bad_slots);
  SCMP_CUDA(cudaMemset(st->bad.get(), 0xff, bad_slots * sizeof(unsigned long long)));  // then reset by publish_bad_kernel
  SCMP_CUDA(cudaHostAlloc(reinterpret_cast<void**>(&st->bad_host), bad_slots * sizeof(unsigned long long), cudaHostAllocMapped));
  SCMP_CUDA(cudaHostGetDevicePointer(reinterpret_cast<void**>(&st->bad_host_mapped), st->bad_host, 0));
  SCMP_CUDA(cudaEventCreateWithFlags(&st->quantized, cudaEventDisableTiming));
  return *devices.emplace(device, std::move(st)).first->second;
}

DevicePipeline::~DevicePipeline() = default;

std::vector<std::int64_t> DevicePipeline::output_shape() const {
  const sim::MatmulPlan& pl = m_impl->plan;
  if (pl.three_d) return {pl.batch, pl.rows_a, pl.rows_b};
  return {pl.rows_a, pl.rows_b};
}

void DevicePipeline::run(const DeviceOperand& a, const DeviceOperand& b, float* y) {
  Impl& P = *m_impl;
  const sim::MatmulPlan& pl = P.plan;
  if (a.shape != P.shape_a) throw InvalidArgument("a.shape", sim::shape_text(a.shape), "expected the planned shape " + sim::shape_text(P.shape_a));
  if (b.shape != P.shape_b) throw InvalidArgument("b.shape", sim::shape_text(b.shape), "expected the planned shape " + sim::shape_text(P.shape_b));
  // The work runs on the device that holds the operands, whichever device is current; y must live there too.
  const int device = operand_device(a.data, "a.data");
  const auto same_device = [device](const void* p, const char* field) {
    const int d = operand_device(p, field);
    if (d != device) {
      throw InvalidArgument(field, "memory of CUDA device " + std::to_string(d),
                            "expected memory of CUDA device " + std::to_string(device) + ", where a.data lives (operands and y on one device)");
    }
  };
  same_device(b.data, "b.data");
  same_device(y, "y");
  DeviceGuard on(device);
  DeviceState& st = P.state_on(device);
  const float *xa = a.data, *xb = b.data;
  int slot_a = bad_a, slot_b = bad_b;
  if (P.options.smooth_scales) {
    const std::size_t na = st.smoothed_a.size(), nb = st.smoothed_b.size();
    const auto grid = [](std::size_t n) { return static_cast<unsigned>(std::min<std::size_t>((n + 255) / 256, 65535)); };
    smooth_kernel<<<grid(na), 256>>>(a.data, na, pl.depth, st.smooth.get(), true, st.smoothed_a.get(), st.bad.get() + bad_a);
    smooth_kernel<<<grid(nb), 256>>>(b.data, nb, pl.depth, st.smooth.get(), false, st.smoothed_b.get(), st.bad.get() + bad_b);
    SCMP_CUDA(cudaGetLastError());
    xa = st.smoothed_a.get();
    xb = st.smoothed_b.get();
    slot_a = bad_smoothed_a;
    slot_b = bad_smoothed_b;
  }
  QuantOut qa{st.ba.get(), st.sa.get(), st.scale_a.get(), pl.q_max, pl.rng_levels, st.bad.get() + slot_a};
  QuantOut qb{st.bb.get(), st.sb.get(), st.scale_b.get(), pl.q_max, pl.rng_levels, st.bad.get() + slot_b};
  // Each reference path rounds its boundary in its own fp32 way (as the host's quantizers).
  const bool per_row_torch = P.options.granularity == sim::Granularity::per_row && !pl.chunked;
  const sim::BoundaryFormula bnd(!per_row_torch ? sim::BoundaryArith::triton
                                 : pl.bipolar && pl.three_d ? sim::BoundaryArith::double_ratio
                                                            : sim::BoundaryArith::recip,
                                 pl.rng_levels, pl.q_max);
  for (QuantOut* q : {&qa, &qb}) {
    q->bnd_two_step = bnd.two_step();
    q->bnd_levels = bnd.levels();
    q->bnd_factor = bnd.factor();
  }
  if (P.options.granularity != sim::Granularity::per_row) {
    P.run_ranged(st, xa, xb, qa, qb, y);
  } else {
    P.run_per_row(st, xa, xb, qa, qb, y);
  }
  P.check_finite(st, a.data, b.data, xa, xb);
}

// Between the quantizers and the core: publish the non-finite record and mark the point run() waits for.
void DevicePipeline::Impl::quantized(DeviceState& st) {
  publish_bad_kernel<<<1, 32>>>(st.bad.get(), st.bad_host_mapped);
  SCMP_CUDA(cudaGetLastError());
  SCMP_CUDA(cudaEventRecord(st.quantized));
}

// Refuses a NaN/Inf operand as the host does, once the quantizers are done (the GEMM may still run; y is then
// unspecified): the operands as given first (a, then b), then the smoothed ones (a ÷ s may overflow), naming
// the element and its value.
void DevicePipeline::Impl::check_finite(DeviceState& st, const float* a, const float* b, const float* qa_in, const float* qb_in) {
  SCMP_CUDA(cudaEventSynchronize(st.quantized));
  const volatile unsigned long long* first = st.bad_host;
  const float* source[bad_slots] = {a, b, qa_in, qb_in};
  for (int slot = 0; slot < bad_slots; ++slot) {
    const unsigned long long at = first[slot];
    if (at == ~0ull) continue;
    float v = 0.0f;
    SCMP_CUDA(cudaMemcpy(&v, source[slot] + at, sizeof v, cudaMemcpyDeviceToHost));
    const bool is_a = slot == bad_a || slot == bad_smoothed_a;
    throw InvalidArgument(std::string(is_a ? "a" : "b") + sim::index_text(is_a ? shape_a : shape_b, at), sim::to_text(v),
                          "expected a finite value (no NaN or Inf)");
  }
}

// per_row (2-D, 3-D, groups, chunk_d, per-row stream lengths; bipolar or unipolar): quantize → core → dequantize.
void DevicePipeline::Impl::run_per_row(DeviceState& st, const float* a, const float* b, const QuantOut& qa, const QuantOut& qb,
                                       float* y) {
  const sim::MatmulPlan& pl = plan;
  if (pl.chunked) {
    const int c = options.chunk_d, chunks = st.core->chunks();
    if (c <= 1024) {
      const auto blocks = [&](int rows) { return static_cast<unsigned>((static_cast<long long>(rows) * chunks + 7) / 8); };
      quantize_rows_warp_kernel<true><<<blocks(pl.rows_a), 256>>>(a, pl.rows_a, pl.depth, c, 0.0f, qa);
      quantize_rows_warp_kernel<true><<<blocks(pl.rows_b), 256>>>(b, pl.rows_b, pl.depth, c, 0.0f, qb);
    } else {
      quantize_fused_chunks_kernel<<<dim3(pl.rows_a, chunks), kQuantThreads>>>(a, pl.rows_a, pl.depth, c, qa);
      quantize_fused_chunks_kernel<<<dim3(pl.rows_b, chunks), kQuantThreads>>>(b, pl.rows_b, pl.depth, c, qb);
    }
    SCMP_CUDA(cudaGetLastError());
    quantized(st);
    st.core->run({st.ba.get(), st.sa.get(), st.bb.get(), st.sb.get(), nullptr, y, st.scale_a.get(), st.scale_b.get()});
    return;
  }
  const float inv_q = static_cast<float>(1.0 / static_cast<double>(pl.q_max));  // f(1/q_max), as sim::recip_f
  const auto groups = [](int rows, int group) { return static_cast<unsigned>(sim::checked_group_count(rows, group)); };
  const auto quantize = [&](const float* x, int rows, int group, const QuantOut& q, float* zp, float* sums) {
    if (!pl.bipolar) {
      quantize_grouped_unipolar_kernel<<<dim3(groups(rows, group), pl.batch), kQuantThreads>>>(x, rows, pl.depth, group, inv_q, q, zp,
                                                                                               sums);
    } else if (group == 1 && pl.depth <= 4096) {  // warp per row over all slices (scales are [slice][row] = global row)
      const long long all = static_cast<long long>(pl.batch) * rows;
      quantize_rows_warp_kernel<false><<<static_cast<unsigned>((all + 7) / 8), 256>>>(x, static_cast<int>(all), pl.depth, pl.depth,
                                                                                      inv_q, q);
    } else {
      quantize_grouped_kernel<<<dim3(groups(rows, group), pl.batch), kQuantThreads>>>(x, rows, pl.depth, group, inv_q, q);
    }
  };
  quantize(a, pl.rows_a, options.group_a, qa, st.zp_a.get(), st.sum_a.get());
  quantize(b, pl.rows_b, options.group_b, qb, st.zp_b.get(), st.sum_b.get());
  SCMP_CUDA(cudaGetLastError());
  quantized(st);
  if (pl.bipolar && pl.len_a.empty() && pl.len_b.empty() && st.core->slice_epilogue_ok()) {
    // The GEMM holds the whole S of a pair: it writes y = (f(S) ⊗ σ) ⊗ (s_a ⊗ s_b) itself (the roundings of
    // dequant_per_row_kernel at one stream length), sparing the int32 S round trip.
    CoreDeviceIo io{st.ba.get(), st.sa.get(), st.bb.get(), st.sb.get(), nullptr, y, st.scale_a.get(), st.scale_b.get()};
    io.row_scale = true;
    io.sigma = sim::sigma_of(pl.q_max, pl.stoc_len);
    st.core->run(io);
    return;
  }
  st.core->run({st.ba.get(), st.sa.get(), st.bb.get(), st.sb.get(), st.s.get(), nullptr, nullptr, nullptr});
  const std::size_t outs = static_cast<std::size_t>(pl.batch) * pl.rows_a * pl.rows_b;
  const RowDequant d{st.s.get(),      st.scale_a.get(), st.scale_b.get(), st.len_a.get(), st.len_b.get(),
                     pl.stoc_len,     static_cast<float>(static_cast<std::int64_t>(pl.q_max) * pl.q_max),
                     pl.batch,        pl.rows_a,        pl.rows_b,        pl.depth,
                     st.zp_a.get(),   st.zp_b.get(),    st.sum_a.get(),   st.sum_b.get()};
  const unsigned blocks = static_cast<unsigned>((outs + 255) / 256);
  if (pl.bipolar) dequant_per_row_kernel<false><<<blocks, 256>>>(d, y);
  else dequant_per_row_kernel<true><<<blocks, 256>>>(d, y);
  SCMP_CUDA(cudaGetLastError());
}

// per_tensor / per_head: partial ranges → quantize (scalars formed on the device) → core → dequantize.
void DevicePipeline::Impl::run_ranged(DeviceState& st, const float* a, const float* b, const QuantOut& qa, const QuantOut& qb,
                                      float* y) {
  const sim::MatmulPlan& pl = plan;
  const bool head = options.granularity == sim::Granularity::per_head;
  const bool bipolar = pl.bipolar;
  const float inv_q = static_cast<float>(1.0 / static_cast<double>(pl.q_max));  // f(1/q_max), as sim::recip_f
  const auto quantize = [&](const float* x, int rows, DeviceBuffer<float2>& part, DeviceBuffer<TensorScalars>& scalars,
                            DeviceBuffer<float>& sums, const QuantOut& q) {
    const std::size_t slice = static_cast<std::size_t>(head ? 1 : pl.batch) * rows * pl.depth;
    range_partials_kernel<<<dim3(parts, head ? pl.batch : 1), kQuantThreads>>>(x, slice, part.get(), q.bad);
    const long long all = static_cast<long long>(pl.batch) * rows;
    const unsigned blocks = static_cast<unsigned>((all + 7) / 8);
    const int per_slice = head ? rows : static_cast<int>(all);
    if (head) {
      quantize_ranged_kernel<RangeKind::head><<<blocks, 256>>>(x, all, pl.depth, per_slice, part.get(), parts, inv_q, q,
                                                               scalars.get(), nullptr);
    } else if (bipolar) {
      quantize_ranged_kernel<RangeKind::tensor_bipolar><<<blocks, 256>>>(x, all, pl.depth, per_slice, part.get(), parts, inv_q,
                                                                         q, scalars.get(), nullptr);
    } else {
      quantize_ranged_kernel<RangeKind::tensor_unipolar><<<blocks, 256>>>(x, all, pl.depth, per_slice, part.get(), parts,
                                                                          inv_q, q, scalars.get(), sums.get());
    }
  };
  quantize(a, pl.rows_a, st.part_a, st.tensor_a, st.sum_a, qa);
  quantize(b, pl.rows_b, st.part_b, st.tensor_b, st.sum_b, qb);
  SCMP_CUDA(cudaGetLastError());
  quantized(st);
  const float sigma = sim::sigma_of(pl.q_max, pl.stoc_len);
  if (head && st.core->slice_epilogue_ok()) {
    // The GEMM holds the whole S of a pair: it writes y = f(S) ⊗ (σ ⊗ (s_a[h] ⊗ s_b[h])) itself (the same
    // roundings as dequant_per_head_kernel), sparing the int32 S round trip. Split-K keeps the pass below.
    CoreDeviceIo io{st.ba.get(), st.sa.get(), st.bb.get(), st.sb.get(), nullptr, y, st.scale_a.get(), st.scale_b.get()};
    io.slice_scale = true;
    io.sigma = sigma;
    st.core->run(io);
    return;
  }
  st.core->run({st.ba.get(), st.sa.get(), st.bb.get(), st.sb.get(), st.s.get(), nullptr, nullptr, nullptr});
  const std::size_t outs = static_cast<std::size_t>(pl.batch) * pl.rows_a * pl.rows_b;
  const unsigned blocks = static_cast<unsigned>((outs + 255) / 256);
  if (head) {
    dequant_per_head_kernel<<<blocks, 256>>>(st.s.get(), st.scale_a.get(), st.scale_b.get(), sigma, pl.batch, pl.rows_a, pl.rows_b, y);
  } else if (bipolar) {
    dequant_per_tensor_kernel<false><<<blocks, 256>>>(st.s.get(), st.tensor_a.get(), st.tensor_b.get(), nullptr, nullptr, sigma,
                                                      pl.depth, pl.batch, pl.rows_a, pl.rows_b, y);
  } else {
    dequant_per_tensor_kernel<true><<<blocks, 256>>>(st.s.get(), st.tensor_a.get(), st.tensor_b.get(), st.sum_a.get(), st.sum_b.get(),
                                                     sigma, pl.depth, pl.batch, pl.rows_a, pl.rows_b, y);
  }
  SCMP_CUDA(cudaGetLastError());
}

sim::Tensor sc_matmul_device(const sim::Tensor& a, const sim::Tensor& b, const sim::MatmulOptions& options,
                             std::size_t max_packed_bytes, GemmPath gemm) {
  DevicePipeline pipe(a.shape, b.shape, options, max_packed_bytes, gemm);
  DeviceBuffer<float> da(a.data), db(b.data);
  sim::Tensor y(pipe.output_shape(), 0.0f);
  DeviceBuffer<float> dy(y.data.size());
  pipe.run({da.get(), a.shape}, {db.get(), b.shape}, dy.get());
  SCMP_CUDA(cudaDeviceSynchronize());
  y.data = dy.download();
  return y;
}

}  // namespace scmp::gpu
