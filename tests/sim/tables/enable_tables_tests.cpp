// The reference's lookup tables (REFERENCE.md §4.3, Appendix A) and the per-lane product tables.
#include "sim/engine/cycle_engine.hpp"
#include "sim/sng/lane_streams.hpp"
#include "sim/tables/enable_tables.hpp"
#include "sim/tables/product_table.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

namespace {
EnableTables default_tables(int lanes, int p, int L, int G, MaskFamily f = MaskFamily::bitrev) {
  const auto cfg = sobol_simple_config(lanes, p);
  ScrambleOptions s;
  s.family = f;
  return build_enable_tables(prepare_lane_streams(cfg, Side::a, lanes, {p, L, G}, s),
                             prepare_lane_streams(cfg, Side::b, lanes, {p, L, G}, s));
}
}  // namespace

TEST_CASE("k_table is the identity at G = L = 2^p and ceil(v 2^p / G) at L = 2^p", "[sim][tables]") {
  for (int p = 3; p <= 8; ++p) {
    const int N = 1 << p;
    for (MaskFamily f : {MaskFamily::off, MaskFamily::counter, MaskFamily::bitrev}) {
      for (int G = 1; G <= N; ++G) {
        if (p > 5 && G != N && G != N / 2 && G != 100 % N) continue;  // full sweep only where small
        const auto t = default_tables(4, p, N, G, f);
        for (int d = 0; d < 4; ++d) {
          for (int v = 0; v <= G; ++v) {
            CAPTURE(p, G, d, v);
            REQUIRE(t.k_table(d, v) == (v * N + G - 1) / G);
          }
        }
      }
    }
  }
}

TEST_CASE("k_table rows match the reference's observed rows (Appendix A)", "[sim][tables]") {
  struct Row {
    int L, G;
    std::vector<int> k;
  };
  std::vector<int> ident(20);
  for (int v = 0; v < 20; ++v) ident[static_cast<std::size_t>(v)] = v;
  std::vector<int> l16 = {0};
  for (int v = 1; v <= 16; ++v) l16.push_back(1);
  l16.insert(l16.end(), {2, 2, 2});
  const std::vector<Row> rows = {
      {256, 256, ident},
      {100, 256, {0, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 8}},
      {128, 128, ident},
      {200, 100, {0, 2, 5, 7, 9, 11, 13, 14, 17, 19, 20, 23, 24, 26, 28, 31, 33, 35, 37, 39}},
      {16, 256, l16},
  };
  for (const auto& r : rows) {
    const auto t = default_tables(4, 8, r.L, r.G);
    for (int d : {0, 3}) {
      for (int v = 0; v < 20; ++v) {
        CAPTURE(r.L, r.G, d, v);
        CHECK(t.k_table(d, v) == r.k[static_cast<std::size_t>(v)]);
      }
    }
  }
}

TEST_CASE("cum table and enable count follow the definition; padding-free columns v = G", "[sim][tables]") {
  const int p = 5, L = 23, G = 19;
  const auto cfg = sobol_simple_config(3, p);
  const auto a = prepare_lane_streams(cfg, Side::a, 3, {p, L, G}, {});
  const auto b = prepare_lane_streams(cfg, Side::b, 3, {p, L, G}, {});
  const auto t = build_enable_tables(a, b);
  for (int d = 0; d < 3; ++d) {
    CHECK(t.k_table(d, G) == L);
    for (int k = 0; k <= L; ++k) {
      CHECK(t.cum(d, k, G) == k);
      for (int v = 0; v <= G; ++v) {
        int want = 0;
        for (int s = 0; s < k; ++s) want += b.at(d, s) < v;
        REQUIRE(t.cum(d, k, v) == want);
      }
    }
    for (int ba = 0; ba <= G; ++ba) {
      for (int bb = 0; bb <= G; ++bb) {
        REQUIRE(t.count(d, ba, bb) == lane_count(Multiplier::enable, a.lane(d), b.lane(d), L, ba, bb));
      }
    }
  }
}

TEST_CASE("product tables built by the engine equal lane_count for every design", "[sim][tables]") {
  for (int L : {1, 17, 64, 70}) {
    const int p = 7, G = 45;
    ScrambleOptions s;
    s.family = MaskFamily::counter;
    const auto cfg = sobol_simple_config(2, p);
    const auto a = prepare_lane_streams(cfg, Side::a, 2, {p, L, G}, s);
    const auto b = prepare_lane_streams(cfg, Side::b, 2, {p, L, G}, s);
    const PackedStreams pa(a), pb(b);
    for (Multiplier m : {Multiplier::enable, Multiplier::thermometer, Multiplier::and_gate, Multiplier::xnor}) {
      for (int d = 0; d < 2; ++d) {
        const auto t = build_product_table(m, pa, pb, d, L);
        for (int ba = 0; ba <= G; ++ba) {
          for (int bb = 0; bb <= G; ++bb) {
            CAPTURE(L, to_string(m), d, ba, bb);
            REQUIRE(t.count(ba, bb) == lane_count(m, a.lane(d), b.lane(d), L, ba, bb));
          }
        }
      }
    }
  }
}
