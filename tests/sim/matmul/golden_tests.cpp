// The reference library's golden cases (scmp-golden-v1) must pass on the cycle and cpu backends.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "support/catch.hpp"

TEST_CASE("golden cases of the reference library pass on the cycle and cpu backends", "[sim][matmul][golden]") {
  std::ifstream probe(SCMP_GOLDEN_FILE);
  if (!probe) SCMP_SKIP("golden file not found: " << SCMP_GOLDEN_FILE);
  for (const char* backend : {"cpu", "cycle"}) {
    const std::string cmd = std::string("\"") + SCMP_BINARY + "\" golden \"" + SCMP_GOLDEN_FILE + "\" --backend " + backend + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buf[512];
    while (fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
    const int status = pclose(pipe);
    INFO(cmd << "\n" << out);
    CHECK(status == 0);
    CHECK(out.find("FAIL") == std::string::npos);
    CHECK(out.find("9 of 9 cases passed") != std::string::npos);
  }
}
