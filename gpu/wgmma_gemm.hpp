// The Hopper binary GEMM: the GemmGlobals contract (bmma_gemm.hpp) on warpgroup MMA (wgmma m64n128k256 .b1,
// sm_90a). Covers and_popc, unsigned or signed with both sign planes (no sign masks); xor_popc stays on mma.sync.
#pragma once
#include "gpu/bmma_gemm.hpp"

namespace scmp::gpu {

// Whether `device` can run the wgmma kernels: compute capability 9.0 and this build carries sm_90a code
// (a probe kernel says so; cached per device).
bool wgmma_supported(int device);

// Whether the wgmma GEMM covers this launch (op, signs, sign-mask mode, tile shape).
bool wgmma_covers(const GemmGlobals& g, GemmOp op);

// Throws sim::Error where !wgmma_supported(current device) or !wgmma_covers(g, op).
void launch_wgmma_gemm(const GemmGlobals& g, GemmOp op, bool is_signed);

}  // namespace scmp::gpu
