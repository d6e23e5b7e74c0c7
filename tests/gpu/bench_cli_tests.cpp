// `scmp bench` options end to end (the built binary): bad values exit non-zero naming the option and the value;
// without a usable GPU (or CUDA) --ceiling says so instead of timing anything.
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "gpu/install.hpp"
#include "support/catch.hpp"
#include "support/run_cli.hpp"

namespace {

using Run = scmp::testing::CliRun;

Run run_scmp(const std::string& args) { return scmp::testing::run_cli(args); }

}  // namespace

TEST_CASE("scmp bench refuses bad option values by name", "[app][bench]") {
  for (const char* args : {"bench --gemm tensor", "bench --gemm ''", "bench --gemm WGMMA", "bench --stoc-lens 0", "bench --runs 0",
                           "bench --max-packed-mib -1"}) {
    INFO(args);
    const Run r = run_scmp(args);
    CHECK(r.exit_code != 0);
    CHECK(r.exit_code != -1);  // an exit, not a crash
    const std::string option = std::string(args).substr(8, std::string(args).find(' ', 8) - 8);  // after "bench --"
    CHECK(r.output.find(option) != std::string::npos);
  }
}

TEST_CASE("scmp bench --ceiling without a GPU exits with a message", "[app][bench]") {
  if (scmp::gpu::device_count() > 0) SCMP_SKIP("a GPU is present (scripts/gpu-check runs the ceilings)");
  const Run r = run_scmp("bench --ceiling --shapes none");
  CHECK(r.exit_code != 0);
  CHECK(r.exit_code != -1);
  CHECK((r.output.find("CUDA") != std::string::npos || r.output.find("GPU") != std::string::npos));
}
