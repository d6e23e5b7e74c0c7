// Instruction ceilings of the binary tensor cores, measured on the card: register/shared-only loops of
// mma.sync m16n8k256 .b1 and (sm_90a) wgmma m64n128k256 .b1, in bit-products per second, so that a GEMM's
// "fraction of ceiling" is a ratio of two measurements made in the same run.
#pragma once
#include <string>

namespace scmp::gpu {

struct Ceilings {
  double mma_sync = 0;    // bit-products/s of mma.sync.m16n8k256.b1.and.popc, every SM busy
  double wgmma = 0;       // bit-products/s of wgmma.mma_async.m64n128k256.b1.and.popc (0: not available)
  std::string wgmma_note; // why wgmma was not measured, when it was not
};

// Throws sim::Error without a GPU or without CUDA support in this build.
Ceilings measure_ceilings(int device = 0);

}  // namespace scmp::gpu
