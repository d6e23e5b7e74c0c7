// The systolic-array model: SCALE-Sim's numbers for binary MACs (observed with scalesim 3.0.0 and pinned here,
// the Python test compares live), the uSystolic SC timing against a brute-force lock-step simulation on random
// shapes and per-row stream lengths, stalls, and the `array:` field table (parsing, errors, docs).
#include "experiments/array_model.hpp"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "experiments/config_loader.hpp"
#include "experiments/experiment_config.hpp"
#include "experiments/sweep_plan.hpp"
#include "support/catch.hpp"

using namespace scmp::experiments;

namespace {

ArraySection array_of(int rows, int cols, const std::string& dataflow, const std::string& mac = "binary") {
  ArraySection a;
  a.rows = rows;
  a.cols = cols;
  a.dataflow = dataflow;
  a.mac = mac;
  a.dram_gbps = 1e6;
  a.ifmap_sram_kib = a.filter_sram_kib = a.ofmap_sram_kib = 1024;
  return a;
}

// Lock step, written out: every fold, every temporal step, the longest min(L_a, L_b) over the active PEs.
std::int64_t brute_cycles(const ArraySection& A, const LayerShape& L, const std::vector<int>& la, const std::vector<int>& lb) {
  const std::int64_t R = A.rows, C = A.cols;
  std::int64_t Sr = 0, Sc = 0, T = 0;
  if (A.dataflow == "os") Sr = L.M, Sc = L.N, T = L.K;
  if (A.dataflow == "ws") Sr = L.K, Sc = L.N, T = L.M;
  if (A.dataflow == "is") Sr = L.K, Sc = L.M, T = L.N;
  const std::int64_t skew = A.dataflow == "os" ? R + C - 2 : 2 * R + C - 2;
  std::int64_t total = 0;
  for (std::int64_t r0 = 0; r0 < Sr; r0 += R) {
    for (std::int64_t c0 = 0; c0 < Sc; c0 += C) {
      total += skew;
      for (std::int64_t t = 0; t < T; ++t) {
        int step = 0;
        for (std::int64_t i = r0; i < std::min(Sr, r0 + R); ++i) {
          for (std::int64_t j = c0; j < std::min(Sc, c0 + C); ++j) {
            std::int64_t n = 0, m = 0;  // the (row of a, row of b) pair PE (i, j) works on at step t
            if (A.dataflow == "os") n = i, m = j;
            if (A.dataflow == "ws") n = t, m = j;
            if (A.dataflow == "is") n = j, m = t;
            step = std::max(step, std::min(la[static_cast<std::size_t>(n)], lb[static_cast<std::size_t>(m)]));
          }
        }
        total += step;
      }
    }
  }
  return total;
}

}  // namespace

TEST_CASE("binary MACs give SCALE-Sim 3.0.0's cycles and SRAM counts", "[experiments][array]") {
  // Observed with scalesim 3.0.0 on an 8×8 array, GEMM M=20, N=12, K=9 (total_cycles is the last cycle's
  // index: +1 here; its os ofmap count adds R + C per fold: 336 = 240 + 6·16).
  struct Case {
    const char* df;
    std::int64_t cycles, ifmap, filter, ofmap;
  } cases[] = {{"os", 138, 360, 324, 240}, {"ws", 168, 360, 108, 480}, {"is", 204, 180, 324, 480}};
  for (const auto& c : cases) {
    const auto r = simulate_array(array_of(8, 8, c.df), LayerShape::gemm(20, 12, 9), {}, {});
    CAPTURE(c.df);
    CHECK(r.compute_cycles == c.cycles);
    CHECK(r.stall_cycles == 0);
    CHECK(r.ifmap_sram_reads == c.ifmap);
    CHECK(r.filter_sram_reads == c.filter);
    CHECK(r.ofmap_sram_writes == c.ofmap);
    CHECK(r.ifmap_dram_reads == 180);
    CHECK(r.filter_dram_reads == 108);
  }
  // 8×4 array, 3×3 conv on a 10×10×4 input, 6 filters (scalesim: os 735, ws 819, is 1919 as last-cycle index).
  const auto conv = LayerShape::conv(10, 10, 3, 3, 4, 6, 1);
  CHECK(simulate_array(array_of(8, 4, "os"), conv, {}, {}).compute_cycles == 736);
  CHECK(simulate_array(array_of(8, 4, "ws"), conv, {}, {}).compute_cycles == 820);
  CHECK(simulate_array(array_of(8, 4, "is"), conv, {}, {}).compute_cycles == 1920);
  CHECK(simulate_array(array_of(8, 4, "os"), conv, {}, {}).ifmap_dram_reads == 400);
}

TEST_CASE("SC MACs: per-row stream lengths in lock step equal a brute-force simulation", "[experiments][array]") {
  const std::uint64_t seed = 20261201;
  std::mt19937_64 gen(seed);
  INFO("seed " << seed);
  for (int trial = 0; trial < 60; ++trial) {
    const std::string df = trial % 3 == 0 ? "os" : trial % 3 == 1 ? "ws" : "is";
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); };
    const ArraySection A = array_of(pick(1, 9), pick(1, 9), df, "sc");
    const LayerShape L = LayerShape::gemm(pick(1, 23), pick(1, 23), pick(1, 19));
    std::vector<int> la(static_cast<std::size_t>(L.M)), lb(static_cast<std::size_t>(L.N));
    for (auto& v : la) v = 1 << pick(2, 8);
    for (auto& v : lb) v = pick(0, 3) == 0 ? 256 : 1 << pick(2, 8);
    const auto r = simulate_array(A, L, la, lb);
    CAPTURE(trial, df, A.rows, A.cols, L.M, L.N, L.K);
    CHECK(r.compute_cycles == brute_cycles(A, L, la, lb));
    double busy = 0;
    for (int x : la) {
      for (int y : lb) busy += std::min(x, y);
    }
    CHECK(r.pe_busy_cycles == busy * static_cast<double>(L.K));
    CHECK(r.utilization <= 1.0);
  }
}

TEST_CASE("uniform stream length L: every temporal step lasts L, skew stays in cycles", "[experiments][array]") {
  const LayerShape L = LayerShape::gemm(40, 24, 30);
  const std::vector<int> la(40, 64), lb(24, 64);
  const auto os = simulate_array(array_of(16, 8, "os", "sc"), L, la, lb);
  CHECK(os.folds == 3 * 3);
  CHECK(os.compute_cycles == 9 * (16 + 8 - 2 + 30 * 64));
  const auto bin = simulate_array(array_of(16, 8, "os", "binary"), L, la, lb);
  CHECK(bin.compute_cycles == 9 * (16 + 8 - 2 + 30));
  CHECK(os.ifmap_sram_reads == bin.ifmap_sram_reads);  // a word is read once, its stream made in the PE
}

TEST_CASE("DRAM transfers beyond the compute time stall the array", "[experiments][array]") {
  ArraySection A = array_of(8, 8, "os");
  A.clock_mhz = 1000;
  A.dram_gbps = 1;  // one byte per cycle
  const auto r = simulate_array(A, LayerShape::gemm(64, 64, 64), {}, {});
  // DRAM: a 4096 + b 4096 + y 4096 bytes = 12288 cycles; compute 64 folds × (14 + 64).
  CHECK(r.compute_cycles == 64 * 78);
  CHECK(r.stall_cycles == 12288 - 64 * 78);
  CHECK(r.total_cycles == 12288);
  CHECK(r.latency_s == Approx(12288e-9));
  // Small buffers: no reuse across folds, DRAM = SRAM reads.
  A.ifmap_sram_kib = 1;
  const auto s = simulate_array(A, LayerShape::gemm(64, 64, 64), {}, {});
  CHECK(s.ifmap_dram_reads == s.ifmap_sram_reads);
  CHECK_THROWS_AS(simulate_array(A, LayerShape::gemm(0, 4, 4), {}, {}), scmp::sim::InvalidArgument);
}

TEST_CASE("array: keys come from the one field table: defaults, errors, resolved YAML", "[experiments][array][config]") {
  const std::string ops = "workload:\n  operators:\n    q: {a: {source: gaussian, shape: [4, 8]}, b: {source: gaussian, shape: [6, 8]}}\n";
  auto plan_of = [&](const std::string& array) { return plan_sweep(load_config_text("version: 1\n" + array + ops, "a.yaml")); };
  const auto plan = plan_of("array: {rows: 32, dataflow: ws, clock_mhz: 750.5}\n");
  const auto& a = plan.points[0].config.array;
  CHECK(a.rows == 32);
  CHECK(a.cols == 16);
  CHECK(a.dataflow == "ws");
  CHECK(a.clock_mhz == 750.5);
  CHECK(plan.points[0].resolved_yaml.find("dataflow: ws") != std::string::npos);
  CHECK(plan.points[0].resolved_yaml.find("rng_share: row") != std::string::npos);
  auto error_of = [&](const std::string& array) {
    try {
      (void)plan_of(array);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error_of("array: {rows: 0}\n").find("array.rows = 0: expected 1..4096") != std::string::npos);
  CHECK(error_of("array: {dataflow: xs}\n").find("array.dataflow = xs") != std::string::npos);
  CHECK(error_of("array: {colz: 4}\n").find("did you mean 'cols'") != std::string::npos);
  CHECK(error_of("array: {clock_mhz: fast}\n").find("array.clock_mhz = fast") != std::string::npos);
  CHECK(error_of("array: [1, 2]\n").find("array = [1, 2]: expected a mapping") != std::string::npos);
  CHECK(error_of("aray: {}\n").find("did you mean 'array'") != std::string::npos);
  // A sweep over array keys.
  const auto swept = plan_of("sweep: {grid: {array.dataflow: [os, is], array.rows: [4, 8]}}\n");
  REQUIRE(swept.points.size() == 4);
  CHECK(swept.points[3].config.array.dataflow == "is");
  CHECK(swept.points[3].config.array.rows == 8);
}

TEST_CASE("docs/CONFIG.md's array, hardware and workload tables are the ones the field tables generate", "[experiments][array][docs]") {
  std::ifstream in(std::string(SCMP_SOURCE_DIR) + "/docs/CONFIG.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  for (const auto& [section, table] : {std::pair{std::string("array"), array_fields_markdown()},
                                        std::pair{std::string("hardware"), hardware_fields_markdown()},
                                        std::pair{std::string("workload"), workload_fields_markdown()}}) {
    const std::string begin = "<!-- " + section + "-fields:begin -->\n", end = "<!-- " + section + "-fields:end -->";
    const auto b = doc.find(begin), e = doc.find(end);
    REQUIRE(b != std::string::npos);
    REQUIRE(e != std::string::npos);
    INFO("regenerate with: build/bin/scmp array --fields-markdown [--section " << section << "]");
    CHECK(doc.substr(b + begin.size(), e - b - begin.size()) == table);
  }
}
