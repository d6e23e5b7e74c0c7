// `scmp bench-sim [--quick] [--threads N]`: simulator speed. Measures, in one run, a naive one-bit-per-step loop
// (accumulate_reference), the bit-packed cycle engine (simulated bit-products/s per core) and the table path
// (n, m, d lookups/s, one core and all cores), and prints the ratios.
#include <boost/program_options.hpp>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/command.hpp"
#include "sim/engine/cycle_engine.hpp"
#include "sim/error.hpp"
#include "sim/sng/rng_config.hpp"
#include "sim/tables/table_core.hpp"

namespace po = boost::program_options;

namespace {

using namespace scmp::sim;

// A per_row bipolar core problem (p = 8, G = 256, bitrev masks, sobol_simple) with seeded random operands.
struct BenchProblem {
  CoreProblem problem;
  std::vector<std::uint16_t> ba, bb;
  std::vector<std::int8_t> sa, sb;
  std::map<std::pair<int, int>, LaneStreams> streams;
  RngConfig config;

  BenchProblem(int n, int m, int d, int stoc_len, Multiplier design, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> bnd(0, 256), sgn(0, 1);
    ba.resize(static_cast<std::size_t>(n) * d);
    bb.resize(static_cast<std::size_t>(m) * d);
    sa.resize(ba.size());
    sb.resize(bb.size());
    for (auto& v : ba) v = static_cast<std::uint16_t>(bnd(rng));
    for (auto& v : bb) v = static_cast<std::uint16_t>(bnd(rng));
    for (auto& v : sa) v = static_cast<std::int8_t>(sgn(rng) ? 1 : -1);
    for (auto& v : sb) v = static_cast<std::int8_t>(sgn(rng) ? 1 : -1);
    config = sobol_simple_config(d, 8);
    auto& p = problem;
    p.rows_a = n;
    p.rows_b = m;
    p.depth = p.lanes = d;
    p.multiplier = design;
    p.geometry = {8, stoc_len, 256};
    p.boundary_a = ba.data();
    p.boundary_b = bb.data();
    const bool signs = design != Multiplier::xnor;
    p.sign_a = signs ? sa.data() : nullptr;
    p.sign_b = signs ? sb.data() : nullptr;
    p.streams = [this](Side side, int L) -> const LaneStreams& {
      const auto key = std::make_pair(side == Side::a ? 0 : 1, L);
      auto it = streams.find(key);
      if (it == streams.end()) {
        StreamGeometry g = problem.geometry;
        g.stoc_len = L;
        it = streams.emplace(key, prepare_lane_streams(config, side, problem.lanes, g, ScrambleOptions{})).first;
      }
      return it->second;
    };
    p.streams(Side::a, stoc_len);  // prepare outside the timed region
    p.streams(Side::b, stoc_len);
  }
  double lane_products() const {
    return static_cast<double>(problem.rows_a) * problem.rows_b * problem.depth;
  }
};

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Process CPU seconds of f (the machine may be shared: wall time would count other people's work), and its
// wall seconds in `wall`.
template <class F>
double seconds(F&& f, double* wall = nullptr) {
  const auto w0 = std::chrono::steady_clock::now();
  const double c0 = cpu_now();
  f();
  const double c = cpu_now() - c0;
  if (wall != nullptr) *wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  return c;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

int bench_sim(const std::vector<std::string>& args) {
  po::options_description desc("scmp bench-sim options");
  desc.add_options()("help,h", "this help")("quick", "small problems (seconds)")(
      "threads", po::value<int>()->default_value(0), "cores for the all-core table run (0 = all)");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << desc;
    return scmp::app::exit_ok;
  }
  const bool quick = vm.count("quick") > 0;
  int threads = vm["threads"].as<int>();
  require_range("threads", threads, 0, 4096);
  if (threads == 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int L = 256;
  std::cout << "times: process CPU seconds (per-core rates), plus wall time for the all-core run\n"
            << "cpu: " << cpu_model() << " (" << std::thread::hardware_concurrency() << " threads)\n"
            << "problem: per_row bipolar, sc_prec 8, G 256, L " << L << ", sobol_simple, bitrev masks\n";

  // 1. Naive: one bit per step (the defining formula).
  BenchProblem naive(quick ? 8 : 16, quick ? 8 : 16, 64, L, Multiplier::enable, 1);
  std::vector<std::int64_t> ref;
  const double t_naive = seconds([&] { ref = accumulate_reference(naive.problem); });
  const double naive_bits = naive.lane_products() * L / t_naive;
  std::cout << "naive loop      : " << naive_bits << " bit-products/s (1 core)\n";

  // 2. Bit-packed cycle engine, one core, every design.
  double engine_enable = 0;
  for (Multiplier design : {Multiplier::enable, Multiplier::and_gate, Multiplier::xnor}) {
    BenchProblem e(quick ? 32 : 64, quick ? 32 : 64, quick ? 128 : 256, L, design, 2);
    std::vector<std::int64_t> s;
    const double t = seconds([&] { s = run_cycle_engine(e.problem).accumulators; });
    const double rate = e.lane_products() * L / t;
    if (design == Multiplier::enable) engine_enable = rate;
    std::cout << "cycle engine    : " << rate << " bit-products/s (1 core, " << to_string(design) << ", "
              << rate / naive_bits << "x naive)\n";
  }
  // The engine equals the naive loop on the naive problem (a cheap self-check of the numbers above).
  if (run_cycle_engine(naive.problem).accumulators != ref) {
    std::cout << "FAILED: cycle engine differs from the reference\n";
    return scmp::app::exit_failed;
  }

  // 3. Table path: lookups (n, m, d) per second, one core and all cores.
  BenchProblem t1(quick ? 64 : 256, quick ? 256 : 512, quick ? 256 : 512, L, Multiplier::enable, 3);
  std::vector<std::int64_t> s1;
  const double time1 = seconds([&] { s1 = accumulate_tables(t1.problem, 1); });
  const double rate1 = t1.lane_products() / time1;
  std::cout << "table path      : " << rate1 << " lookups/s (1 core; " << t1.problem.rows_a << "x"
            << t1.problem.depth << " by " << t1.problem.rows_b << "x" << t1.problem.depth << ", incl. table build; "
            << rate1 * L / engine_enable << "x engine, " << rate1 * L / naive_bits << "x naive in bit-products)\n";
  if (table_kernel_available(TableKernel::avx512)) {
    const double timep = seconds([&] { accumulate_tables(t1.problem, 1, TableKernel::portable); });
    std::cout << "table path      : " << t1.lane_products() / timep
              << " lookups/s (1 core, portable kernel; the default above uses AVX-512: " << timep / time1 << "x)\n";
  }
  const int n = quick ? 128 : 512, m = quick ? 256 : 1024, d = quick ? 256 : 1024;
  BenchProblem tn(n, m, d, L, Multiplier::enable, 4);
  double walln = 0;
  const double cpun = seconds([&] { accumulate_tables(tn.problem, threads); }, &walln);
  std::cout << "table path      : " << tn.lane_products() / walln << " lookups/s wall (" << threads << " threads; " << n
            << "x" << d << " by " << m << "x" << d << ", incl. table build; " << walln * 1e3 << " ms wall), "
            << tn.lane_products() / cpun << " lookups/s per CPU-second\n";
  return scmp::app::exit_ok;
}

}  // namespace

// The name has a hyphen, which SCMP_COMMAND cannot paste into an identifier: register directly.
static const scmp::app::CommandRegistrar bench_sim_registrar("bench-sim", "simulator speed: naive loop vs cycle engine vs table path", bench_sim);
