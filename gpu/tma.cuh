// Hopper asynchronous copies (sm_90a only; elsewhere they compile to nothing and the host never launches the
// kernels that use them): mbarriers in shared memory, and TMA bulk-tensor loads that complete on an mbarrier.
//
// The producer/consumer ring of wgmma_gemm.cu: slot i has a `full` barrier (the producer arms it with the
// stage's byte count, the TMA unit completes it when the bytes have landed) and an `empty` barrier (each
// consumer warpgroup arrives once it has retired the MMAs that read the slot). Waits name the parity of the
// phase they wait for; a fresh barrier counts as having completed the phase of parity 1, so the producer's
// first pass over the ring (waiting on `empty` with parity 1) does not block.
#pragma once
#include <cstdint>

namespace scmp::gpu {

__device__ __forceinline__ std::uint32_t smem_addr(const void* p) {
  return static_cast<std::uint32_t>(__cvta_generic_to_shared(p));
}

__device__ __forceinline__ void mbarrier_init(std::uint64_t* bar, int count) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(smem_addr(bar)), "r"(count) : "memory");
#endif
}

// Makes initialized barriers visible to the async proxy (the TMA unit) before anyone uses them.
__device__ __forceinline__ void mbarrier_init_fence() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory");
#endif
}

// Arrives once and adds `bytes` to the transactions the current phase waits for.
__device__ __forceinline__ void mbarrier_arrive_expect_tx(std::uint64_t* bar, std::uint32_t bytes) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" ::"r"(smem_addr(bar)), "r"(bytes) : "memory");
#endif
}

__device__ __forceinline__ void mbarrier_arrive(std::uint64_t* bar) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];\n" ::"r"(smem_addr(bar)) : "memory");
#endif
}

// Blocks until the phase of `parity` has completed.
__device__ __forceinline__ void mbarrier_wait(std::uint64_t* bar, std::uint32_t parity) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile(
      "{\n"
      ".reg .pred done;\n"
      "wait_%=:\n"
      "mbarrier.try_wait.parity.shared::cta.b64 done, [%0], %1;\n"
      "@!done bra wait_%=;\n"
      "}\n" ::"r"(smem_addr(bar)),
      "r"(parity)
      : "memory");
#endif
}

// One box of a 3-D tensor map (x innermost, in elements) into shared memory; completes on `bar` (bytes counted
// by the box size; out-of-range elements are written as zero).
__device__ __forceinline__ void tma_load_3d(void* dst, const void* tensor_map, std::uint64_t* bar, int x, int y, int z) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile(
      "cp.async.bulk.tensor.3d.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1, {%3, %4, %5}], [%2];\n" ::"r"(
          smem_addr(dst)),
      "l"(reinterpret_cast<std::uint64_t>(tensor_map)), "r"(smem_addr(bar)), "r"(x), "r"(y), "r"(z)
      : "memory");
#endif
}

// Warp specialization: a warpgroup hands registers back (producer) or takes them (consumers); every warp of
// the warpgroup executes it.
template <int N>
__device__ __forceinline__ void setmaxnreg_dec() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("setmaxnreg.dec.sync.aligned.u32 %0;\n" ::"n"(N));
#endif
}
template <int N>
__device__ __forceinline__ void setmaxnreg_inc() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("setmaxnreg.inc.sync.aligned.u32 %0;\n" ::"n"(N));
#endif
}

}  // namespace scmp::gpu
