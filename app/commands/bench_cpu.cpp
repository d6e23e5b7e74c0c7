// `scmp bench-cpu [--quick]`: speed of the cpu backend on the reference's per_row benchmark shape
// (a 512×1024, b 1024×1024, L = 256, bipolar) in (n, m, d) lookups per second, next to a naive fp32 triple
// loop timed in the same run.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <thread>

#include "app/command.hpp"
#include "app/options.hpp"
#include "sim/error.hpp"
#include "sim/matmul/sc_matmul.hpp"

namespace po = boost::program_options;
using scmp::sim::InvalidArgument;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

scmp::sim::Tensor randn(std::mt19937_64& g, std::int64_t rows, std::int64_t cols) {
  scmp::sim::Tensor t({rows, cols});
  std::normal_distribution<float> nd;
  for (auto& v : t.data) v = nd(g);
  return t;
}

// The naive float triple loop y = a @ bᵀ; returns a checksum so the loop is not optimised away.
double naive_matmul(const scmp::sim::Tensor& a, const scmp::sim::Tensor& b, std::vector<float>& y) {
  const auto N = a.dim(0), M = b.dim(0), D = a.dim(1);
  y.assign(static_cast<std::size_t>(N * M), 0.0f);
  double sum = 0;
  for (std::int64_t n = 0; n < N; ++n) {
    for (std::int64_t m = 0; m < M; ++m) {
      float acc = 0.0f;
      for (std::int64_t d = 0; d < D; ++d) acc += a.data[static_cast<std::size_t>(n * D + d)] * b.data[static_cast<std::size_t>(m * D + d)];
      y[static_cast<std::size_t>(n * M + m)] = acc;
      sum += acc;
    }
  }
  return sum;
}

int run_bench(const std::vector<std::string>& args) {
  po::options_description desc("scmp bench-cpu [options]");
  int N = 512, M = 1024, D = 1024, L = 256, threads = 0;
  double max_seconds = 120.0;
  std::string backend = "cpu";
  desc.add_options()("help,h", "this help")("quick", "small shape (64×256 by 128×256)")(
      "n", po::value(&N), "rows of a (512)")("m", po::value(&M), "rows of b (1024)")("d", po::value(&D), "inner dimension (1024)")(
      "stoc-len", po::value(&L), "stream length (256)")("threads", po::value(&threads), "threads (0 = all)")(
      "backend", po::value(&backend), "backend (cpu)")(
      "max-seconds", po::value(&max_seconds), "shrink N when a probe predicts a longer run (120)");
  po::variables_map vm;
  if (const auto done = scmp::app::parse_options("bench-cpu", args, desc, vm, nullptr, {}, scmp::app::OnBadOptions::exception)) {
    return *done;
  }
  if (vm.count("quick")) {
    N = 64;
    M = 256;
    D = 256;
  }
  scmp::sim::require_range("--n", N, 1, 1 << 20);
  scmp::sim::require_range("--m", M, 1, 1 << 20);
  scmp::sim::require_range("--d", D, 1, 1 << 20);
  std::mt19937_64 g(20240601);  // fixed seed: the benchmark's operands are part of its definition
  const auto b = randn(g, M, D);
  scmp::sim::MatmulOptions o;
  o.stoc_len = L;
  o.backend = backend;
  o.threads = threads;
  // Warm-up and probe: a few rows build the cached streams and predict the full run.
  const int probe_rows = std::min(N, 4);
  const auto probe_a = randn(g, probe_rows, D);
  scmp::sim::sc_matmul(probe_a, b, o);
  auto t0 = std::chrono::steady_clock::now();
  scmp::sim::sc_matmul(probe_a, b, o);
  const double probe_s = seconds_since(t0);
  const double predicted = probe_s * N / probe_rows;
  int rows = N;
  if (predicted > max_seconds) {
    rows = std::max(probe_rows, static_cast<int>(N * max_seconds / predicted));
    std::printf("note: the full %d-row run would take ~%.0f s; measuring %d rows instead (--max-seconds)\n", N, predicted, rows);
  }
  const auto a = randn(g, rows, D);
  t0 = std::chrono::steady_clock::now();
  const auto r = scmp::sim::sc_matmul(a, b, o);
  const double sc_s = seconds_since(t0);
  std::vector<float> y;
  t0 = std::chrono::steady_clock::now();
  const double checksum = naive_matmul(a, b, y);
  const double naive_s = seconds_since(t0);
  const double lookups = static_cast<double>(rows) * M * D;
  std::printf("shape a %d×%d, b %d×%d, L = %d, per_row bipolar, backend %s, threads %d (hardware %u)\n", rows, D, M, D, L,
              backend.c_str(), threads, std::thread::hardware_concurrency());
  std::printf("sc_matmul       %10.4f s   %.3e (n,m,d) lookups/s\n", sc_s, lookups / sc_s);
  std::printf("naive fp32 loop %10.4f s   %.3e MAC/s   (checksum %.3e)\n", naive_s, lookups / naive_s, checksum);
  std::printf("ratio sc / naive time: %.2f; target >= 6e8 lookups/s: %s\n", sc_s / naive_s, lookups / sc_s >= 6e8 ? "met" : "not met");
  (void)r;
  return scmp::app::exit_ok;
}

}  // namespace

// The name has a hyphen, which SCMP_COMMAND cannot paste into an identifier: register directly.
static const scmp::app::CommandRegistrar bench_cpu_registrar("bench-cpu", "speed of the cpu backend vs a naive float matmul",
                                                             run_bench);
