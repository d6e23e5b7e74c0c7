// Warp-level building blocks of the binary GEMM: async copies, ldmatrix, and the 1-bit tensor-core MMA
// m16n8k256 (AND+POPC for enable/thermometer/and counts, XOR+POPC for xnor).
#pragma once
#include <cstdint>

namespace scmp::gpu {

__device__ __forceinline__ void cp_async16(void* smem, const void* gmem, bool valid) {
  const unsigned s = static_cast<unsigned>(__cvta_generic_to_shared(smem));
  const int bytes = valid ? 16 : 0;  // 0: zero-fill (rows past the operand's end)
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(s), "l"(gmem), "r"(bytes));
}
__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }
template <int N>
__device__ __forceinline__ void cp_async_wait() { asm volatile("cp.async.wait_group %0;\n" ::"n"(N)); }

// Four 8×8 b16 matrices = the A fragment of m16n8k256.b1 (or two B fragments): 32 bits per register.
__device__ __forceinline__ void ldmatrix_x4(uint32_t (&r)[4], const void* smem) {
  const unsigned s = static_cast<unsigned>(__cvta_generic_to_shared(smem));
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(s));
}

// c += popc(a OP b) over 256 bits, for a 16×8 tile: one m16n8k256 b1 MMA, OP = and | xor (a string literal).
#define SCMP_BMMA_B1(OP, c, a, b)                                                                                  \
  asm volatile("mma.sync.aligned.m16n8k256.row.col.s32.b1.b1.s32." OP ".popc {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, " \
               "{%0,%1,%2,%3};\n"                                                                                  \
               : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])                                                    \
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]))

__device__ __forceinline__ void bmma_and(int (&c)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) { SCMP_BMMA_B1("and", c, a, b); }
__device__ __forceinline__ void bmma_xor(int (&c)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) { SCMP_BMMA_B1("xor", c, a, b); }

#undef SCMP_BMMA_B1

}  // namespace scmp::gpu
