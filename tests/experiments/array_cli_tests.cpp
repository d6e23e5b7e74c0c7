// `scmp array`: JSON lines for valid layers; every bad option or value exits 2 naming it, never a crash.
#include "support/catch.hpp"
#include "support/sweep_test_support.hpp"

using scmp::testing::run_scmp;
using scmp::testing::ScratchDir;

TEST_CASE("scmp array prints one JSON object per layer", "[experiments][array][cli]") {
  ScratchDir dir("array_cli");
  const auto r = run_scmp({"array", "--set", "rows=8", "--set", "cols=8", "--set", "mac=binary", "--gemm", "20,12,9",
                           "--conv", "10,10,3,3,4,6,1"}, dir.file("log"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("\"compute_cycles\": 138,") != std::string::npos);
  CHECK(r.output.find("\"M\": 64, \"N\": 6, \"K\": 36") != std::string::npos);
}

TEST_CASE("scmp array rejects bad input with exit 2 and the field", "[experiments][array][cli]") {
  ScratchDir dir("array_bad");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"array"}, "--gemm"},
      {{"array", "--gemm", "1,2"}, "--gemm = 1,2"},
      {{"array", "--gemm", "1,2,3,"}, "--gemm = 1,2,3,"},
      {{"array", "--gemm", "0,2,3"}, "--gemm = 0,2,3"},
      {{"array", "--gemm", "-1,2,3"}, "--gemm"},
      {{"array", "--gemm", "99999999999,2,3"}, "--gemm"},
      {{"array", "--conv", "3,3,5,5,1,1,1"}, "filter no larger than the input"},
      {{"array", "--set", "rows", "--gemm", "1,1,1"}, "--set = rows: expected key=value"},
      {{"array", "--set", "rows=0", "--gemm", "1,1,1"}, "array.rows = 0"},
      {{"array", "--set", "rowz=4", "--gemm", "1,1,1"}, "did you mean 'rows'"},
      {{"array", "--set", "clock_mhz=nan", "--gemm", "1,1,1"}, "array.clock_mhz"},
      {{"array", "--set", "dram_gbps=-3", "--gemm", "1,1,1"}, "array.dram_gbps"},
      {{"array", "--stoc-len", "0", "--gemm", "1,1,1"}, "--stoc-len"},
      {{"array", "--stoc-len", "70000", "--gemm", "1,1,1"}, "--stoc-len"},
      {{"array", "--bogus"}, "unrecognised"},
  };
  for (const auto& [args, needle] : cases) {
    const auto r = run_scmp(args, dir.file("log"));
    CAPTURE(args, r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(needle) != std::string::npos);
  }
}
