// The "cuda" backend entry (accumulate_cuda: a sim::CoreProblem through CorePlan, or through the naive
// reference kernel when CoreRunOptions::naive) and core_shape_of. The plan itself is in core.cu.
#include <climits>

#include "gpu/core.hpp"
#include "gpu/device_buffer.hpp"
#include "sim/error.hpp"
#include "sim/multiplier/design.hpp"

namespace scmp::gpu {

using sim::Side;

// ---- naive reference kernel and the backend entry ----
namespace {

struct NaiveGlobals {
  int batch, rows_a, rows_b, depth, lanes, chunk, chunks;
  const std::uint16_t* ba; const std::int8_t* sa; const std::uint16_t* bb; const std::int8_t* sb;
  const int* len_a; const int* len_b;     // per row (already resolved to geometry when absent)
  const int* len_index;                   // ℓ → table index
  const std::uint16_t* const* ra; const std::uint16_t* const* rb;  // per table: [lanes][ℓ]
  bool a_by_popcount, xor_gate;  // the design's bit formulation (sim/multiplier/design.hpp)
  std::int32_t* out;
};

__global__ void naive_core_kernel(const __grid_constant__ NaiveGlobals g) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<std::size_t>(g.batch) * g.rows_a * g.rows_b) return;
  const int m = static_cast<int>(i % g.rows_b), n = static_cast<int>((i / g.rows_b) % g.rows_a);
  const int h = static_cast<int>(i / (static_cast<std::size_t>(g.rows_b) * g.rows_a));
  const int L = min(g.len_a[n], g.len_b[m]);
  const std::uint16_t* ra = g.ra[g.len_index[L]];
  const std::uint16_t* rb = g.rb[g.len_index[L]];
  for (int k = 0; k < g.chunks; ++k) {
    int acc = 0;
    for (int d = k * g.chunk; d < min(g.depth, (k + 1) * g.chunk); ++d) {
      const std::size_t ia = (static_cast<std::size_t>(h) * g.rows_a + n) * g.depth + d;
      const std::size_t ib = (static_cast<std::size_t>(h) * g.rows_b + m) * g.depth + d;
      const std::uint16_t* a = ra + static_cast<std::size_t>(d % g.lanes) * L;
      const std::uint16_t* b = rb + static_cast<std::size_t>(d % g.lanes) * L;
      const int xa = g.ba[ia], xb = g.bb[ib];
      int c = 0;
      if (g.a_by_popcount) {  // enable, thermometer: b's first k_a cycles
        int ka = 0;
        for (int t = 0; t < L; ++t) ka += a[t] < xa;
        for (int t = 0; t < ka; ++t) c += b[t] < xb;
      } else if (!g.xor_gate) {  // and
        for (int t = 0; t < L; ++t) c += (a[t] < xa) && (b[t] < xb);
      } else {  // xnor: ±1 per cycle
        for (int t = 0; t < L; ++t) c += (a[t] < xa) == (b[t] < xb);
        c = 2 * c - L;
      }
      if (g.sa != nullptr) c *= g.sa[ia] * g.sb[ib];
      acc += c;
    }
    g.out[((static_cast<std::size_t>(h) * g.chunks + k) * g.rows_a + n) * g.rows_b + m] = acc;
  }
}

std::vector<std::int64_t> widen(const std::vector<std::int32_t>& v) { return {v.begin(), v.end()}; }

}  // namespace

CoreShape core_shape_of(const sim::CoreProblem& p) {
  CoreShape shape;
  shape.batch = p.batch; shape.rows_a = p.rows_a; shape.rows_b = p.rows_b; shape.depth = p.depth; shape.lanes = p.lanes;
  shape.chunk = p.chunk; shape.is_signed = p.sign_a != nullptr; shape.multiplier = p.multiplier; shape.geometry = p.geometry;
  shape.stoc_len_a = p.stoc_len_a; shape.stoc_len_b = p.stoc_len_b; shape.streams = p.streams;
  return shape;
}

std::vector<std::int64_t> accumulate_cuda(const sim::CoreProblem& p, const CoreRunOptions& options) {
  sim::validate_core_problem(p);
  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    cudaGetLastError();
    throw sim::Error("backend cuda: no usable CUDA device (driver missing or no GPU)");
  }
  const std::size_t na = static_cast<std::size_t>(p.batch) * p.rows_a * p.depth;
  const std::size_t nb = static_cast<std::size_t>(p.batch) * p.rows_b * p.depth;
  DeviceBuffer<std::uint16_t> ba(std::vector<std::uint16_t>(p.boundary_a, p.boundary_a + na));
  DeviceBuffer<std::uint16_t> bb(std::vector<std::uint16_t>(p.boundary_b, p.boundary_b + nb));
  DeviceBuffer<std::int8_t> sa, sb;
  if (p.sign_a != nullptr) {
    sa.upload(std::vector<std::int8_t>(p.sign_a, p.sign_a + na));
    sb.upload(std::vector<std::int8_t>(p.sign_b, p.sign_b + nb));
  }
  DeviceBuffer<std::int32_t> out(p.accumulator_count());
  if (options.naive) {
    const int chunk = p.chunk > 0 ? p.chunk : p.depth;
    std::vector<int> la(static_cast<std::size_t>(p.rows_a)), lb(static_cast<std::size_t>(p.rows_b));
    for (int n = 0; n < p.rows_a; ++n) la[static_cast<std::size_t>(n)] = p.stoc_len_a.empty() ? p.geometry.stoc_len : p.stoc_len_a[static_cast<std::size_t>(n)];
    for (int m = 0; m < p.rows_b; ++m) lb[static_cast<std::size_t>(m)] = p.stoc_len_b.empty() ? INT_MAX / 2 : p.stoc_len_b[static_cast<std::size_t>(m)];
    std::vector<int> index((1u << p.geometry.sc_prec) + 1, 0);
    std::vector<std::uint16_t> fa, fb;
    std::vector<std::size_t> offs;
    for (int n = 0; n < p.rows_a; ++n)
      for (int m = 0; m < p.rows_b; ++m) index[static_cast<std::size_t>(p.pair_stoc_len(n, m))] = -1;
    for (std::size_t l = 1; l < index.size(); ++l) {
      if (index[l] != -1) continue;
      index[l] = static_cast<int>(offs.size());
      offs.push_back(fa.size());
      const auto& a = p.streams(Side::a, static_cast<int>(l)).values;
      fa.insert(fa.end(), a.begin(), a.end());
      const auto& b = p.streams(Side::b, static_cast<int>(l)).values;
      fb.insert(fb.end(), b.begin(), b.end());
    }
    DeviceBuffer<std::uint16_t> dfa(fa), dfb(fb);
    std::vector<const std::uint16_t*> pa, pb;
    for (std::size_t o : offs) { pa.push_back(dfa.get() + o); pb.push_back(dfb.get() + o); }
    DeviceBuffer<const std::uint16_t*> dpa(pa), dpb(pb);
    DeviceBuffer<int> dla(la), dlb(lb), didx(index);
    const sim::MultiplierDesign& design = sim::multiplier_design(p.multiplier);
    NaiveGlobals g{p.batch, p.rows_a, p.rows_b, p.depth, p.lanes, chunk, p.chunks(), ba.get(), sa.get(), bb.get(), sb.get(),
                   dla.get(), dlb.get(), didx.get(), dpa.get(), dpb.get(), design.a_by_popcount,
                   design.packed_gate == sim::PackedGate::xor_popc, out.get()};
    const std::size_t pairs = static_cast<std::size_t>(p.batch) * p.rows_a * p.rows_b;
    naive_core_kernel<<<static_cast<unsigned>((pairs + 127) / 128), 128>>>(g);
    SCMP_CUDA(cudaGetLastError());
    SCMP_CUDA(cudaDeviceSynchronize());
    return widen(out.download());
  }
  CorePlan plan(core_shape_of(p), options);
  plan.run({ba.get(), sa.get(), bb.get(), sb.get(), out.get(), nullptr, nullptr, nullptr});
  SCMP_CUDA(cudaDeviceSynchronize());
  return widen(out.download());
}
}  // namespace scmp::gpu
