// Random configurations on the hard paths (hard_config.hpp): cycle == cpu == the defining formula, integer for
// integer (and cuda when a GPU is present); and the fp32 output of the grouped per_row and per_tensor paths equal
// to a straightforward re-implementation of REFERENCE.md §5.1, §5.2, §5.4 (flat), §6.6a and §6.7, written here
// from the text and sharing no code with sim/quant.
#include <cmath>
#include <cstring>
#include <memory>

#include "gpu/install.hpp"
#include "sim/engine/core_problem.hpp"
#include "sim/matmul/backend.hpp"
#include "support/catch.hpp"
#include "support/gpu_switch.hpp"
#include "support/seed.hpp"
#include "hard_config.hpp"

using namespace scmp::sim;
using scmp::testing::HardCase;
using scmp::testing::HardPath;

namespace {

constexpr int kDraws = 160;

class DefiningFormula final : public IBackend {
 public:
  std::string name() const override { return "test_defining_formula"; }
  std::vector<std::int64_t> accumulate(const CoreProblem& p, int) override { return accumulate_reference(p); }
};

bool same_bits(const std::vector<float>& x, const std::vector<float>& y) {
  return x.size() == y.size() && (x.empty() || std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0);
}

// ---- the re-implementation (fp32 unless stated; each operation rounds once) ----

float rne(float x) { return std::nearbyint(x); }   // default rounding mode: half to even

struct Quant {
  std::vector<float> level, scale, zero_point, row_sum;   // scale / zero point / Σq per row
  std::vector<std::uint16_t> boundary;
};

int boundary_of(float q, int G, int q_max) {   // §5: round(|q|·G/q_max) exactly
  const long long aq = static_cast<long long>(std::fabs(q));
  return static_cast<int>((2 * aq * G + q_max) / (2 * q_max));
}

// Rows [first, last) of the groups of §5.1: Gr ≥ rows → one group; else full groups of Gr, then the rest.
template <class F>
void for_groups(int rows, int group, F f) {
  if (group >= rows) return f(0, rows);
  for (int r = 0; r < rows; r += group) f(r, std::min(rows, r + group));
}

Quant grouped_bipolar(const Tensor& x, int group, int G, int q_max) {
  const int rows = static_cast<int>(x.dim(0)), cols = static_cast<int>(x.dim(1));
  Quant q;
  q.level.resize(x.data.size());
  q.boundary.resize(x.data.size());
  q.scale.resize(static_cast<std::size_t>(rows));
  const float inv_qmax = static_cast<float>(1.0 / q_max);
  for_groups(rows, group, [&](int r0, int r1) {
    float m = 0;
    for (int i = r0 * cols; i < r1 * cols; ++i) m = std::max(m, std::fabs(x.data[static_cast<std::size_t>(i)]));
    m = std::max(m, static_cast<float>(1e-5));
    const float scale = m * inv_qmax;
    for (int r = r0; r < r1; ++r) q.scale[static_cast<std::size_t>(r)] = scale;
    for (int i = r0 * cols; i < r1 * cols; ++i) {
      const float v = std::clamp(rne(x.data[static_cast<std::size_t>(i)] / scale), static_cast<float>(-q_max), static_cast<float>(q_max));
      q.level[static_cast<std::size_t>(i)] = v;
      q.boundary[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(boundary_of(v, G, q_max));
    }
  });
  return q;
}

Quant grouped_unipolar(const Tensor& x, int group, int G, int q_max) {
  const int rows = static_cast<int>(x.dim(0)), cols = static_cast<int>(x.dim(1));
  Quant q;
  q.level.resize(x.data.size());
  q.boundary.resize(x.data.size());
  q.scale.resize(static_cast<std::size_t>(rows));
  q.zero_point.resize(static_cast<std::size_t>(rows));
  q.row_sum.assign(static_cast<std::size_t>(rows), 0.0f);
  const float inv_qmax = static_cast<float>(1.0 / q_max);
  for_groups(rows, group, [&](int r0, int r1) {
    float mx = x.data[static_cast<std::size_t>(r0 * cols)], mn = mx;
    for (int i = r0 * cols; i < r1 * cols; ++i) {
      mx = std::max(mx, x.data[static_cast<std::size_t>(i)]);
      mn = std::min(mn, x.data[static_cast<std::size_t>(i)]);
    }
    const float range = std::max(mx - mn, static_cast<float>(1e-5));
    const float scale = range * inv_qmax;
    const float zp = std::clamp(rne(-mn / scale), 0.0f, static_cast<float>(q_max));
    for (int r = r0; r < r1; ++r) {
      q.scale[static_cast<std::size_t>(r)] = scale;
      q.zero_point[static_cast<std::size_t>(r)] = zp;
    }
    for (int i = r0 * cols; i < r1 * cols; ++i) {
      const float t = x.data[static_cast<std::size_t>(i)] / scale;
      const float v = std::clamp(rne(t + zp), 0.0f, static_cast<float>(q_max));
      q.level[static_cast<std::size_t>(i)] = v;
      q.boundary[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(boundary_of(v, G, q_max));
      q.row_sum[static_cast<std::size_t>(i / cols)] += v;   // integer-valued, exact
    }
  });
  return q;
}

// §5.5 + §5.4 flat bipolar: host range in double, inv rounded once to fp32.
Quant per_tensor_bipolar(const Tensor& x, int G, int q_max, double& scale_d) {
  double A = 1e-5;
  for (float v : x.data) A = std::max(A, std::fabs(static_cast<double>(v)));
  scale_d = A / q_max;
  const float inv = static_cast<float>(1.0 / scale_d);
  Quant q;
  for (float v : x.data) {
    const float l = std::clamp(rne(v * inv), static_cast<float>(-q_max), static_cast<float>(q_max));
    q.level.push_back(l);
    q.boundary.push_back(static_cast<std::uint16_t>(boundary_of(l, G, q_max)));
  }
  q.scale = {static_cast<float>(scale_d)};
  return q;
}

bool power_of_two(int v) { return v > 0 && (v & (v - 1)) == 0; }

// Whether the case is one the re-implementation covers: grouped per_row 2-D or per_tensor bipolar 2-D, one
// power-of-two L (σ = q_max²/L is exact under any division), a sign-magnitude multiplier.
bool covered(const HardCase& c) {
  const auto& o = c.options;
  const bool path = c.path == HardPath::per_row || c.path == HardPath::unipolar_rows ||
                    (c.path == HardPath::per_tensor && c.a.rank() == 2 && o.mode == Mode::bipolar);
  return path && o.row_stoc_len_a.empty() && o.row_stoc_len_b.empty() && power_of_two(*o.stoc_len) &&
         o.multiplier != Multiplier::xnor;
}

}  // namespace

TEST_CASE("hard paths: cycle, cpu and the defining formula give the same integers", "[sim][matmul][random]") {
  register_backend(std::make_unique<DefiningFormula>());
  SCMP_LOG_SEED();
  int per_path[scmp::testing::kHardPaths] = {};
  for (int i = 0; i < kDraws; ++i) {
    auto c = scmp::testing::draw_hard_case(seed + static_cast<std::uint64_t>(i));
    INFO(c.text);
    ++per_path[static_cast<int>(c.path)];
    c.options.backend = "cycle";
    const auto ycycle = sc_matmul(c.a, c.b, c.options);
    c.options.backend = "cpu";
    c.options.threads = 1 + i % 2;
    const auto ycpu = sc_matmul(c.a, c.b, c.options);
    REQUIRE(ycycle.accumulators == ycpu.accumulators);
    REQUIRE(same_bits(ycycle.y.data, ycpu.y.data));
    c.options.backend = "test_defining_formula";
    REQUIRE(sc_matmul(c.a, c.b, c.options).accumulators == ycpu.accumulators);
    if (c.path == HardPath::chunked) {
      const auto D = c.a.dim(-1);
      REQUIRE(ycpu.chunks == (D + c.options.chunk_d - 1) / c.options.chunk_d);
    }
  }
  for (int p = 0; p < scmp::testing::kHardPaths; ++p) CHECK(per_path[p] > 0);   // every path drawn
}

TEST_CASE("hard paths: levels, scales and fp32 outputs equal a re-implementation of §5 and §6", "[sim][matmul][random]") {
  SCMP_LOG_SEED();
  int checked = 0;
  for (int i = 0; i < 4 * kDraws && checked < kDraws / 2; ++i) {
    auto c = scmp::testing::draw_hard_case(seed + static_cast<std::uint64_t>(i));
    if (!covered(c)) continue;
    ++checked;
    INFO(c.text);
    auto& o = c.options;
    o.keep_levels = true;
    const auto r = sc_matmul(c.a, c.b, o);
    const int p = o.sc_prec, G = *o.rng_levels, L = *o.stoc_len;
    const bool bipolar = o.mode == Mode::bipolar;
    const int q_max = bipolar ? (1 << (p - 1)) - 1 : (1 << p) - 1;
    const int N = static_cast<int>(c.a.dim(0)), M = static_cast<int>(c.b.dim(0)), D = static_cast<int>(c.a.dim(1));
    Quant qa, qb;
    double sa_d = 0, sb_d = 0;
    if (c.path == HardPath::per_tensor) {
      qa = per_tensor_bipolar(c.a, G, q_max, sa_d);
      qb = per_tensor_bipolar(c.b, G, q_max, sb_d);
    } else if (bipolar) {
      qa = grouped_bipolar(c.a, o.group_a, G, q_max);
      qb = grouped_bipolar(c.b, o.group_b, G, q_max);
    } else {
      qa = grouped_unipolar(c.a, o.group_a, G, q_max);
      qb = grouped_unipolar(c.b, o.group_b, G, q_max);
    }
    REQUIRE(same_bits(r.qa->level, qa.level));
    REQUIRE(same_bits(r.qb->level, qb.level));
    REQUIRE(r.qa->boundary == qa.boundary);
    REQUIRE(r.qb->boundary == qb.boundary);
    REQUIRE(same_bits(r.qa->scale, qa.scale));
    REQUIRE(same_bits(r.qb->scale, qb.scale));
    const float sigma = static_cast<float>(q_max * q_max) / static_cast<float>(L);   // exact: L is a power of two
    std::vector<float> y(static_cast<std::size_t>(N) * M);
    for (int n = 0; n < N; ++n) {
      for (int m = 0; m < M; ++m) {
        const std::size_t k = static_cast<std::size_t>(n) * M + m;
        const float raw = static_cast<float>(r.accumulators[k]) * sigma;
        if (c.path == HardPath::per_tensor) {
          y[k] = raw * static_cast<float>(sa_d * sb_d);   // §6.6a: the scale product in double, then fp32
        } else if (bipolar) {
          y[k] = raw * (qa.scale[static_cast<std::size_t>(n)] * qb.scale[static_cast<std::size_t>(m)]);
        } else {   // §6.7 unipolar
          const float za = qa.zero_point[static_cast<std::size_t>(n)], zb = qb.zero_point[static_cast<std::size_t>(m)];
          const float t1 = (-zb) * qa.row_sum[static_cast<std::size_t>(n)];
          const float t2 = za * qb.row_sum[static_cast<std::size_t>(m)];
          const float t4 = (static_cast<float>(D) * za) * zb;
          const float corr = (t1 - t2) + t4;
          y[k] = (raw + corr) * (qa.scale[static_cast<std::size_t>(n)] * qb.scale[static_cast<std::size_t>(m)]);
        }
      }
    }
    REQUIRE(same_bits(r.y.data, y));
  }
  CHECK(checked >= kDraws / 8);
}

TEST_CASE("hard paths: cuda gives the cpu's integers and words", "[sim][matmul][random][cuda]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
  SCMP_LOG_SEED();
  for (int i = 0; i < kDraws; ++i) {
    auto c = scmp::testing::draw_hard_case(seed + static_cast<std::uint64_t>(i));
    INFO(c.text);
    c.options.backend = "cpu";
    const auto ycpu = sc_matmul(c.a, c.b, c.options);
    c.options.backend = "cuda";
    const auto ycuda = sc_matmul(c.a, c.b, c.options);
    REQUIRE(ycuda.accumulators == ycpu.accumulators);
    REQUIRE(same_bits(ycuda.y.data, ycpu.y.data));
  }
}
