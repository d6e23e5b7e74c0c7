// MatmulResult::hardware: cycles, stream lengths and activity counts are the cycle engine's on the core problem
// the computation itself ran (rebuilt here independently from the returned quantized operands and checked to give
// the returned S), on every backend; sampled counting is deterministic and exactly the scaled count of its sample.
#include <map>
#include <memory>

#include "sim/engine/activity_sample.hpp"
#include "sim/engine/cycle_engine.hpp"
#include "sim/error.hpp"
#include "sim/matmul/backend.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/sng/lane_streams.hpp"
#include "support/catch.hpp"
#include "support/seed.hpp"
#include "random_config.hpp"

using namespace scmp::sim;

namespace {

// The core problem of a call, rebuilt from its keep_levels operands by the rules of sc_matmul.hpp's contract
// (xnor: boundary round((q + q_max)·G / (2·q_max)), ties up, no signs). Owns its arrays and streams.
struct OwnProblem {
  CoreProblem p;
  std::vector<std::uint16_t> ba, bb;
  std::vector<std::int8_t> sa, sb;
  std::map<std::pair<int, int>, LaneStreams> streams;
};

std::vector<std::uint16_t> xnor_encode(const QuantizedOperand& q, int q_max, int G) {
  std::vector<std::uint16_t> out;
  for (float level : q.level) {
    const std::int64_t u = static_cast<std::int64_t>(level) + q_max;
    out.push_back(static_cast<std::uint16_t>((2 * u * G + 2 * q_max) / (4 * static_cast<std::int64_t>(q_max))));
  }
  return out;
}

std::unique_ptr<OwnProblem> own_problem(const Tensor& a, const MatmulOptions& o, const MatmulResult& r) {
  auto own = std::make_unique<OwnProblem>();
  CoreProblem& p = own->p;
  const bool bipolar = o.mode == Mode::bipolar;
  const int period = 1 << o.sc_prec;
  const int uniform = o.stoc_len.value_or(o.halve && bipolar ? period / 2 : period);
  p.batch = a.rank() == 3 ? static_cast<int>(a.dim(0)) : 1;
  p.rows_a = static_cast<int>(a.dim(-2));
  p.rows_b = static_cast<int>(r.y.dim(-1));
  p.depth = static_cast<int>(a.dim(-1));
  const bool chunked = o.chunk_d > 0 && p.depth > o.chunk_d;
  p.lanes = chunked ? o.chunk_d : p.depth;
  p.chunk = chunked ? o.chunk_d : 0;
  p.multiplier = o.multiplier;
  p.geometry = r.geometry;
  if (!o.row_stoc_len_a.empty() || !o.row_stoc_len_b.empty()) {
    p.stoc_len_a = o.row_stoc_len_a.empty() ? std::vector<int>(static_cast<std::size_t>(p.rows_a), uniform) : o.row_stoc_len_a;
    p.stoc_len_b = o.row_stoc_len_b.empty() ? std::vector<int>(static_cast<std::size_t>(p.rows_b), uniform) : o.row_stoc_len_b;
  }
  if (o.multiplier == Multiplier::xnor) {
    const int q_max = (1 << (o.sc_prec - 1)) - 1;
    own->ba = xnor_encode(*r.qa, q_max, r.geometry.rng_levels);
    own->bb = xnor_encode(*r.qb, q_max, r.geometry.rng_levels);
  } else {
    own->ba = r.qa->boundary;
    own->bb = r.qb->boundary;
    if (bipolar) {
      own->sa = r.qa->sign;
      own->sb = r.qb->sign;
      p.sign_a = own->sa.data();
      p.sign_b = own->sb.data();
    }
  }
  p.boundary_a = own->ba.data();
  p.boundary_b = own->bb.data();
  OwnProblem* raw = own.get();
  p.streams = [raw, o](Side side, int L) -> const LaneStreams& {
    const auto key = std::make_pair(side == Side::a ? 0 : 1, L);
    auto it = raw->streams.find(key);
    if (it == raw->streams.end()) {
      const StreamGeometry g{raw->p.geometry.sc_prec, L, raw->p.geometry.rng_levels};
      it = raw->streams.emplace(key, prepare_lane_streams(*o.rng, side, raw->p.lanes, g, o.scramble)).first;
    }
    return it->second;
  };
  return own;
}

ActivityCounts engine_activity(const CoreProblem& p, std::vector<std::int64_t>* accumulators = nullptr) {
  EngineOptions eo;
  eo.activity = true;
  EngineResult e = run_cycle_engine(p, eo);
  if (accumulators) *accumulators = e.accumulators;
  return e.activity;
}

std::int64_t pair_sum(const CoreProblem& p) {
  std::int64_t s = 0;
  for (int n = 0; n < p.rows_a; ++n) {
    for (int m = 0; m < p.rows_b; ++m) s += p.pair_stoc_len(n, m);
  }
  return s;
}

scmp::testing::DrawnCase small_case(Multiplier mult) {
  scmp::testing::DrawnCase c;
  std::mt19937_64 g(7);
  c.a = scmp::testing::random_tensor(g, {7, 20});
  c.b = scmp::testing::random_tensor(g, {6, 20});
  c.options.sc_prec = 6;
  c.options.stoc_len = 32;
  c.options.multiplier = mult;
  c.options.rng = build_rng_config("sobol_simple", 20, 6, {}, 1);
  c.options.keep_levels = true;
  return c;
}

// A backend that only computes S (as cuda does): its counts must come from the host recount of its problem.
class PlainBackend final : public IBackend {
 public:
  std::string name() const override { return "test_plain_accumulate"; }
  std::vector<std::int64_t> accumulate(const CoreProblem& p, int) override { return accumulate_reference(p); }
};

}  // namespace

TEST_CASE("a backend that only accumulates (like cuda) gets the host's count of the problem it ran",
          "[sim][matmul][activity]") {
  register_backend(std::make_unique<PlainBackend>());
  for (Multiplier mult : {Multiplier::enable, Multiplier::xnor}) {
    auto c = small_case(mult);
    c.options.activity = ActivityMode::full;
    c.options.backend = "test_plain_accumulate";
    const MatmulResult plain = sc_matmul(c.a, c.b, c.options);
    c.options.backend = "cycle";
    const MatmulResult cycle = sc_matmul(c.a, c.b, c.options);
    CHECK_FALSE(plain.hardware.counted_by_backend);
    CHECK(cycle.hardware.counted_by_backend);
    CHECK(plain.accumulators == cycle.accumulators);
    CHECK(plain.hardware.activity == cycle.hardware.activity);
    CHECK(plain.hardware.activity.gate_evals > 0);
  }
}

TEST_CASE("hardware.activity (full) is the engine's count on the computation's own problem, every backend",
          "[sim][matmul][activity]") {
  SCMP_LOG_SEED();
  for (int i = 0; i < 120; ++i) {
    auto c = scmp::testing::draw_case(seed + static_cast<std::uint64_t>(i));
    INFO(c.text);
    c.options.keep_levels = true;
    c.options.activity = ActivityMode::full;
    for (const char* backend : {"cycle", "cpu"}) {
      INFO(backend);
      c.options.backend = backend;
      const MatmulResult r = sc_matmul(c.a, c.b, c.options);
      const auto own = own_problem(c.a, c.options, r);
      std::vector<std::int64_t> s;
      const ActivityCounts expect = engine_activity(own->p, &s);
      REQUIRE(s == r.accumulators);              // it is the problem the backend computed ...
      REQUIRE(r.hardware.activity == expect);    // ... and these are its counts, integer for integer
      CHECK(r.hardware.mode == ActivityMode::full);
      CHECK_FALSE(r.hardware.sampled);
      CHECK(r.hardware.counted_by_backend == (std::string(backend) == "cycle"));
      CHECK(r.hardware.cycles == static_cast<std::int64_t>(own->p.batch) * own->p.chunks() * pair_sum(own->p));
      CHECK(expect.cycles == static_cast<std::int64_t>(own->p.batch) * pair_sum(own->p));
    }
  }
}

TEST_CASE("cycle backend's own counts equal the cpu run's host counts (sampled mode covering the problem)",
          "[sim][matmul][activity]") {
  SCMP_LOG_SEED();
  for (int i = 0; i < 120; ++i) {
    auto c = scmp::testing::draw_case(seed + static_cast<std::uint64_t>(i));
    INFO(c.text);
    c.options.activity = ActivityMode::sampled;
    c.options.activity_sample_rows = 8;  // draw_case rows ≤ 7: the sample is the whole problem when batch = 1
    c.options.backend = "cycle";
    const MatmulResult ycycle = sc_matmul(c.a, c.b, c.options);
    c.options.backend = "cpu";
    const MatmulResult ycpu = sc_matmul(c.a, c.b, c.options);
    REQUIRE(ycycle.accumulators == ycpu.accumulators);
    REQUIRE(ycycle.hardware.activity == ycpu.hardware.activity);
    CHECK(ycycle.hardware.cycles == ycpu.hardware.cycles);
    CHECK(ycycle.hardware.sampled == ycpu.hardware.sampled);
    const bool whole = c.a.rank() == 2 || c.a.dim(0) == 1;
    CHECK(ycycle.hardware.sampled == !whole);
    CHECK(ycycle.hardware.counted_by_backend == whole);
    CHECK_FALSE(ycpu.hardware.counted_by_backend);
  }
}

TEST_CASE("sampled activity: deterministic, the exact scaled count of evenly spaced rows of the same problem",
          "[sim][matmul][activity]") {
  for (Multiplier mult : {Multiplier::enable, Multiplier::thermometer, Multiplier::and_gate, Multiplier::xnor}) {
    INFO(to_string(mult));
    auto c = small_case(mult);
    c.options.activity = ActivityMode::sampled;
    c.options.activity_sample_rows = 3;
    const MatmulResult r1 = sc_matmul(c.a, c.b, c.options);
    c.options.backend = "cycle";
    const MatmulResult r2 = sc_matmul(c.a, c.b, c.options);
    CHECK(r1.hardware.activity == r2.hardware.activity);
    CHECK(r1.hardware.sampled);
    CHECK(r1.hardware.sample_rows_a == 3);
    CHECK(r1.hardware.sample_rows_b == 3);
    CHECK_FALSE(r2.hardware.counted_by_backend);

    // Rows 0, 2, 4 of a (7 rows) and 0, 2, 4 of b (6 rows), counted, then × 42 / 9.
    const auto own = own_problem(c.a, c.options, r1);
    CHECK(evenly_spaced_rows(7, 3) == std::vector<int>{0, 2, 4});
    CHECK(evenly_spaced_rows(6, 3) == std::vector<int>{0, 2, 4});
    CoreProblem s = own->p;
    std::vector<std::uint16_t> ba, bb;
    std::vector<std::int8_t> sa, sb;
    for (int row : {0, 2, 4}) {
      for (int d = 0; d < s.depth; ++d) {
        ba.push_back(own->p.boundary_a[row * s.depth + d]);
        bb.push_back(own->p.boundary_b[row * s.depth + d]);
        if (own->p.sign_a) {
          sa.push_back(own->p.sign_a[row * s.depth + d]);
          sb.push_back(own->p.sign_b[row * s.depth + d]);
        }
      }
    }
    s.rows_a = s.rows_b = 3;
    s.boundary_a = ba.data();
    s.boundary_b = bb.data();
    s.sign_a = own->p.sign_a ? sa.data() : nullptr;
    s.sign_b = own->p.sign_b ? sb.data() : nullptr;
    const ActivityCounts counted = engine_activity(s);
    CHECK(r1.hardware.activity == scale_activity(counted, 42.0 / 9.0));
    CHECK(r1.hardware.activity.register_bits == counted.register_bits);  // static: not scaled

    // A sample as large as the problem is the full count.
    c.options.activity_sample_rows = 7;
    const MatmulResult whole = sc_matmul(c.a, c.b, c.options);
    CHECK_FALSE(whole.hardware.sampled);
    CHECK(whole.hardware.counted_by_backend);
    CHECK(whole.hardware.activity == engine_activity(own->p));
  }
}

TEST_CASE("xnor: the counts are of the re-encoded boundaries the backend ran, not the sign-magnitude ones",
          "[sim][matmul][activity]") {
  // experiments' former private re-simulation built its problem from the sign-magnitude boundaries for xnor (and
  // no signs): a different problem, with other accumulators and other activity. sc_matmul counts its own.
  auto c = small_case(Multiplier::xnor);
  c.options.activity = ActivityMode::full;
  const MatmulResult r = sc_matmul(c.a, c.b, c.options);
  const auto own = own_problem(c.a, c.options, r);
  CoreProblem drifted = own->p;
  drifted.boundary_a = r.qa->boundary.data();
  drifted.boundary_b = r.qb->boundary.data();
  std::vector<std::int64_t> s_drifted;
  const ActivityCounts a_drifted = engine_activity(drifted, &s_drifted);
  CHECK(s_drifted != r.accumulators);
  CHECK(a_drifted != r.hardware.activity);
  CHECK(a_drifted.comparator_ones != r.hardware.activity.comparator_ones);
  CHECK(r.hardware.activity == engine_activity(own->p));
}

TEST_CASE("hardware: cycles and mean stream lengths with mixed precision and chunks; off counts nothing",
          "[sim][matmul][activity]") {
  auto c = small_case(Multiplier::enable);
  c.options.chunk_d = 8;  // 20 = 8 + 8 + 4: three chunks
  c.options.row_stoc_len_a = {32, 16, 8, 32, 4, 1, 20};
  c.options.row_stoc_len_b = {16, 32, 2, 8, 8, 31};
  const MatmulResult r = sc_matmul(c.a, c.b, c.options);
  std::int64_t pairs = 0;
  for (int la : c.options.row_stoc_len_a) {
    for (int lb : c.options.row_stoc_len_b) pairs += std::min(la, lb);
  }
  CHECK(r.hardware.cycles == 3 * pairs);
  CHECK(r.hardware.mean_stoc_len_pair == static_cast<double>(pairs) / 42.0);
  CHECK(r.hardware.mean_stoc_len_row == 113.0 / 7.0);
  CHECK(r.hardware.mode == ActivityMode::off);
  CHECK(r.hardware.activity == ActivityCounts{});
  CHECK(r.hardware.sample_rows_a == 0);

  c.options.row_stoc_len_a.clear();
  c.options.row_stoc_len_b.clear();
  const MatmulResult u = sc_matmul(c.a, c.b, c.options);
  CHECK(u.hardware.cycles == 3 * 42 * 32);
  CHECK(u.hardware.mean_stoc_len_row == 32.0);
  CHECK(u.hardware.mean_stoc_len_pair == 32.0);
}

TEST_CASE("activity options: names parse, a sampled count needs at least one row", "[sim][matmul][activity]") {
  CHECK(parse_activity_mode("off") == ActivityMode::off);
  CHECK(parse_activity_mode("sampled") == ActivityMode::sampled);
  CHECK(parse_activity_mode("full") == ActivityMode::full);
  CHECK(to_string(ActivityMode::sampled) == "sampled");
  CHECK_THROWS_AS(parse_activity_mode("some"), InvalidArgument);
  auto c = small_case(Multiplier::enable);
  c.options.activity = ActivityMode::sampled;
  c.options.activity_sample_rows = 0;
  CHECK_THROWS_AS(sc_matmul(c.a, c.b, c.options), InvalidArgument);
}
