// Warpgroup building blocks of the Hopper binary GEMM (sm_90a only; elsewhere they compile to nothing and the
// host never launches them: wgmma_supported()): shared-memory matrix descriptors in the 128-byte swizzle,
// the async-proxy fence after cp.async, and wgmma.mma_async m64n128k256 .b1 with s32 accumulators.
//
// Accumulator fragment of m64nN (per warpgroup, thread t = 32·w + lane): d[4j + e] is row 16w + lane/4 + 8·(e/2),
// column 8j + 2·(lane % 4) + (e % 2) — m16n8 fragments of warp w side by side along N.
#pragma once
#include <cstdint>

namespace scmp::gpu {

// K-major operand in 128-byte rows with the 16-byte-chunk swizzle chunk ^ (row % 8) (gemm_tile.cuh swz), 8-row
// atoms 1024 bytes apart (stride byte offset); the atom base must be 1024-byte aligned. Stepping K inside the
// row moves only the start address (the swizzle is applied to absolute address bits).
__device__ __forceinline__ std::uint64_t smem_desc_sw128(const void* p) {
  const auto addr = static_cast<std::uint32_t>(__cvta_generic_to_shared(p));
  std::uint64_t d = (addr & 0x3FFFFu) >> 4;         // start address, bits 0-13
  d |= static_cast<std::uint64_t>(1) << 16;         // leading byte offset (unused by swizzled K-major)
  d |= static_cast<std::uint64_t>(1024 >> 4) << 32; // stride byte offset: next 8-row atom
  d |= static_cast<std::uint64_t>(1) << 62;         // 128-byte swizzle
  return d;
}

// cp.async wrote shared memory through the generic proxy; wgmma reads it through the async proxy.
__device__ __forceinline__ void fence_proxy_async() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
#endif
}
__device__ __forceinline__ void wgmma_fence() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory");
#endif
}
__device__ __forceinline__ void wgmma_commit() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
#endif
}
template <int N>
__device__ __forceinline__ void wgmma_wait() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(N) : "memory");
#endif
}
// Keeps the compiler from moving accesses of an in-flight accumulator across wgmma fences.
__device__ __forceinline__ void fence_operands(int (&d)[64]) {
#pragma unroll
  for (int i = 0; i < 64; ++i) asm volatile("" : "+r"(d[i])::"memory");
}

// d += popc(A AND B) over 256 bits: A 64 rows, B 128 rows, both K-major in shared memory. (wgmma .b1 has no
// .xor: the xnor multiplier keeps the mma.sync GEMM.)
__device__ __forceinline__ void wgmma_and_m64n128k256(int (&d)[64], std::uint64_t desc_a, std::uint64_t desc_b) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile(
      "wgmma.mma_async.sync.aligned.m64n128k256.s32.b1.b1.and.popc "
      "{%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63}, %64, %65, 1;\n"
      : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3]), "+r"(d[4]), "+r"(d[5]), "+r"(d[6]), "+r"(d[7]), "+r"(d[8]), "+r"(d[9]), "+r"(d[10]), "+r"(d[11]), "+r"(d[12]), "+r"(d[13]), "+r"(d[14]), "+r"(d[15]), "+r"(d[16]), "+r"(d[17]), "+r"(d[18]), "+r"(d[19]), "+r"(d[20]), "+r"(d[21]), "+r"(d[22]), "+r"(d[23]), "+r"(d[24]), "+r"(d[25]), "+r"(d[26]), "+r"(d[27]), "+r"(d[28]), "+r"(d[29]), "+r"(d[30]), "+r"(d[31]), "+r"(d[32]), "+r"(d[33]), "+r"(d[34]), "+r"(d[35]), "+r"(d[36]), "+r"(d[37]), "+r"(d[38]), "+r"(d[39]), "+r"(d[40]), "+r"(d[41]), "+r"(d[42]), "+r"(d[43]), "+r"(d[44]), "+r"(d[45]), "+r"(d[46]), "+r"(d[47]), "+r"(d[48]), "+r"(d[49]), "+r"(d[50]), "+r"(d[51]), "+r"(d[52]), "+r"(d[53]), "+r"(d[54]), "+r"(d[55]), "+r"(d[56]), "+r"(d[57]), "+r"(d[58]), "+r"(d[59]), "+r"(d[60]), "+r"(d[61]), "+r"(d[62]), "+r"(d[63])
      : "l"(desc_a), "l"(desc_b));
#else
  (void)d; (void)desc_a; (void)desc_b;
#endif
}

}  // namespace scmp::gpu
