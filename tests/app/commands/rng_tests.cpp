// `scmp rng` end to end: runs the built binary and compares its output with the reference sequences
// (Appendix A, §2.1); bad input exits 2 with the option named.
#include <sys/wait.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "sim/rng/reference_sequences.hpp"
#include "support/catch.hpp"
#include "support/run_cli.hpp"

namespace {

using Run = scmp::testing::CliRun;

Run run_scmp(const std::string& args, bool merge_stderr = false) { return scmp::testing::run_cli(args, merge_stderr); }

std::vector<std::uint32_t> numbers(const std::string& text) {
  std::istringstream is(text);
  std::vector<std::uint32_t> v;
  std::uint32_t x = 0;
  while (is >> x) v.push_back(x);
  return v;
}

}  // namespace

TEST_CASE("scmp rng prints the Appendix A Sobol sequences", "[app][rng]") {
  auto q = run_scmp("rng --kind sobol --bits 8 --count 256");
  CHECK(q.exit_code == 0);
  CHECK(numbers(q.output) == scmp::testing::sobol_q8);
  auto k = run_scmp("rng --kind sobol --bits 8 --count 256 --seed-type k");
  CHECK(k.exit_code == 0);
  CHECK(numbers(k.output) == scmp::testing::sobol_k8);
  auto explicit_k = run_scmp("rng --kind sobol --seed 1,1,1,1,9,1,41,255");  // default count 2^bits
  CHECK(numbers(explicit_k.output) == scmp::testing::sobol_k8);
}

TEST_CASE("scmp rng prints the reference LFSR sequences", "[app][rng]") {
  auto plain = run_scmp("rng --kind lfsr --bits 8 --count 16 --seed 125 --taps 7,2,1,0");
  CHECK(plain.exit_code == 0);
  CHECK(numbers(plain.output) == scmp::testing::lfsr8_7210_seed125);
  auto rev = run_scmp("rng --kind lfsr --bits 8 --count 16 --seed 125 --taps 7,2,1,0 --scramble reverse");
  CHECK(numbers(rev.output) == scmp::testing::lfsr8_7210_seed125_reversed);
  auto listed = run_scmp("rng --kind lfsr --bits 8 --count 16 --seed 125 --scramble 7,6,5,4,3,2,1,0");
  CHECK(numbers(listed.output) == scmp::testing::lfsr8_7210_seed125_reversed);
  auto nonmax = run_scmp("rng --kind lfsr --bits 8 --count 16 --seed 125 --taps 7,5,4,3 --allow-non-maximal");
  CHECK(nonmax.exit_code == 0);
  CHECK(numbers(nonmax.output) == scmp::testing::lfsr8_7543_seed125);
  auto full = numbers(run_scmp("rng --kind lfsr --seed 125").output);  // simulate(): 2^n values, seed twice
  REQUIRE(full.size() == 256);
  CHECK(full.front() == 125);
  CHECK(full.back() == 125);
}

TEST_CASE("scmp rng other kinds", "[app][rng]") {
  CHECK(numbers(run_scmp("rng --kind true_random --seed 0 --count 16").output) ==
        std::vector<std::uint32_t>{197, 215, 20, 132, 248, 207, 155, 244, 183, 111, 71, 144, 71, 48, 128, 75});
  CHECK(numbers(run_scmp("rng --kind ramp --bits 3 --count 10").output) ==
        std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 0, 1});
  auto prng = run_scmp("rng --kind prng --bits 8 --seed 7 --count 100");
  CHECK(prng.exit_code == 0);
  CHECK(numbers(prng.output).size() == 100);
  CHECK(run_scmp("rng --kind prng --bits 8 --seed 7 --count 100").output == prng.output);
  auto galois = numbers(run_scmp("rng --kind lfsr_galois --bits 4 --count 16").output);
  REQUIRE(galois.size() == 16);
  CHECK(galois.front() == 1);  // default seed 1
  CHECK(galois.back() == 1);   // period 15
  auto help = run_scmp("rng --help");
  CHECK(help.exit_code == 0);
  CHECK(help.output.find("--allow-non-maximal") != std::string::npos);
}

TEST_CASE("scmp rng bad input exits 2 and names the option and value", "[app][rng]") {
  struct Bad {
    std::string args;
    std::string expect;  // substring of the error message
  };
  const std::vector<Bad> cases = {
      {"rng --kind lfsr --seed 0", "--seed = 0"},
      {"rng --kind lfsr --bits 8 --seed 256", "--seed = 256"},
      {"rng --kind lfsr --taps 7,5,4,3", "--taps = [7,5,4,3]"},
      {"rng --kind lfsr --bits 30", "--bits = 30"},
      {"rng --kind sobol --bits 0", "--bits = 0"},
      {"rng --kind sobol --bits 4 --seed 1,2,1,1", "--seed = 2"},
      {"rng --kind sobol --seed-type z", "--seed-type = z"},
      {"rng --kind sobol --bits x", "--bits = x"},
      {"rng --kind mersenne", "--kind = mersenne"},
      {"rng --count 5", "--kind"},
      {"rng --kind sobol --count 0", "--count = 0"},
      {"rng --kind sobol --taps 7,2,1,0", "--taps = 7,2,1,0"},
      {"rng --kind ramp --seed 3", "--seed = 3"},
      {"rng --kind sobol --scramble 0,9", "--scramble = [0,9]"},
      {"rng --kind sobol --scramble sideways", "--scramble = sideways"},
      {"rng --kind sobol --frobnicate", "--frobnicate"},
      {"rng --kind prng --allow-non-maximal", "--allow-non-maximal"},
      {"rng --kind sobol --seed 1,1", "--seed = [1,1]"},
      {"rng --kind sobol stray", "stray"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    const auto r = run_scmp(c.args, true);
    CAPTURE(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(c.expect) != std::string::npos);
  }
}
