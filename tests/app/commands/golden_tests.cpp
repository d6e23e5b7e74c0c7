// `scmp golden` on the reference library's golden cases (tests/data/golden, scmp-golden-v1), end to end through
// the built binary. The files are part of the repository: a missing file is a failure, never a skip.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "gpu/install.hpp"
#include "support/catch.hpp"
#include "support/run_cli.hpp"
#include "support/gpu_switch.hpp"

namespace {

const std::string kCases = std::string(SCMP_GOLDEN_DIR) + "/reference_cases.h5";
const std::string kChunkLevels = std::string(SCMP_GOLDEN_DIR) + "/chunk_d_levels.h5";

using Run = scmp::testing::CliRun;

Run golden(const std::string& args) { return scmp::testing::run_cli("golden " + args); }

void require_file(const std::string& path) {
  std::ifstream probe(path);
  INFO("golden file " << path << " is part of the repository (tests/data/golden)");
  REQUIRE(probe.good());
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

// Every case passes and its recovered counts equal scmp's.
void check_counts(const std::string& file, const std::string& backend, int cases) {
  const Run r = golden("'" + file + "' --backend " + backend);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("FAIL") == std::string::npos);
  CHECK(occurrences(r.output, "counts exact") == static_cast<std::size_t>(cases));
  CHECK(r.output.find(std::to_string(cases) + " of " + std::to_string(cases) + " cases passed") != std::string::npos);
}

// Every word bit-identical to the reference.
void check_strict(const std::string& file, const std::string& backend, int cases) {
  const Run r = golden("'" + file + "' --backend " + backend + " --strict");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(occurrences(r.output, " PASS ") == static_cast<std::size_t>(cases));
  CHECK(r.output.find(" FAIL ") == std::string::npos);
  CHECK(r.output.find(std::to_string(cases) + " of " + std::to_string(cases) + " cases passed (backend " + backend +
                      ", strict)") != std::string::npos);
}

}  // namespace

TEST_CASE("golden: the reference's integer counts are scmp's on every case (cycle, cpu)", "[app][golden]") {
  require_file(kCases);
  for (const char* backend : {"cpu", "cycle"}) check_counts(kCases, backend, 9);
}

// Bit for bit needs Triton's division emulated exactly where the reference divides in Triton (σ, the chunk_d
// quantizer's m ÷ q_max and 1 ÷ s, the boundary ratio: sim/arith/triton_div.hpp).
TEST_CASE("golden --strict: every word of every case is the reference's (cycle, cpu)", "[app][golden]") {
  require_file(kCases);
  for (const char* backend : {"cpu", "cycle"}) check_strict(kCases, backend, 9);
}

TEST_CASE("golden --strict: chunk_d levels at a realistic size (256×2048 · 512×2048, chunk_d 128, cpu)",
          "[app][golden]") {
  require_file(kChunkLevels);
  check_counts(kChunkLevels, "cpu", 1);
  check_strict(kChunkLevels, "cpu", 1);
}

TEST_CASE("golden --strict on the cuda backend", "[app][golden][cuda]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
  require_file(kCases);
  require_file(kChunkLevels);
  check_counts(kCases, "cuda", 9);
  check_strict(kCases, "cuda", 9);
  check_strict(kChunkLevels, "cuda", 1);
}

TEST_CASE("golden: bad input names the file or the case and exits 2", "[app][golden]") {
  const Run missing = golden("/nonexistent/cases.h5");
  INFO(missing.output);
  CHECK(missing.exit_code == 2);
  CHECK(missing.output.find("/nonexistent/cases.h5") != std::string::npos);
  require_file(kCases);
  const Run no_case = golden("'" + kCases + "' --case no_such_case");
  INFO(no_case.output);
  CHECK(no_case.exit_code == 2);
  CHECK(no_case.output.find("no_such_case") != std::string::npos);
}
