// Proof that per-row mixed precision in ONE sc_matmul pass equals per-level separate runs on the cuda backend.
#include "gpu/install.hpp"
#include "mp/one_pass_check.hpp"
#include "support/gpu_switch.hpp"

TEST_CASE("one-pass per-row MP equals per-level runs on the cuda backend", "[cuda][mp][one_pass]") {
  SCMP_NEED_GPU(scmp::gpu::device_count() > 0);
  scmp::gpu::install();
  scmp::testing::check_one_pass_random("cuda", 12, 3000);
}
