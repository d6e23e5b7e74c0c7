// Generates sim/arith/rcp_approx_f32.bin on an NVIDIA GPU: MUFU.RCP (PTX rcp.approx.f32) of every fp32
// mantissa in [1, 2), stored as its difference from the correctly rounded reciprocal RN(1/m).
// Format: "SCMPRCP1", uint32 LE count, then per differing mantissa one LEB128 value (gap << 1) | (delta > 0),
// gap = index − previous index (previous starts at −1). Refuses (exit 1) if any |delta| > 1.
//   nvcc -O2 -arch=sm_90 -o /tmp/rcp_table_gen tools/triton_div/rcp_table_gen.cu
//   /tmp/rcp_table_gen sim/arith/rcp_approx_f32.bin
// tools/triton_div/triton_div_check.cu then proves the CPU emulation against the GPU on every input.
#include <cuda_runtime.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

__global__ void rcp_mantissas(std::uint32_t* out) {
  const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= (1u << 23)) return;
  const float x = __uint_as_float(0x3F800000u | i);
  float r;
  asm("rcp.approx.f32 %0, %1;" : "=f"(r) : "f"(x));
  out[i] = __float_as_uint(r);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: rcp_table_gen OUT.bin\n");
    return 2;
  }
  constexpr std::uint32_t n = 1u << 23;
  std::uint32_t* d_out = nullptr;
  if (cudaMalloc(&d_out, n * sizeof(std::uint32_t)) != cudaSuccess) {
    std::fprintf(stderr, "rcp_table_gen: no CUDA device\n");
    return 1;
  }
  rcp_mantissas<<<n / 256, 256>>>(d_out);
  std::vector<std::uint32_t> out(n);
  cudaMemcpy(out.data(), d_out, n * sizeof(std::uint32_t), cudaMemcpyDeviceToHost);
  cudaDeviceProp prop{};
  cudaGetDeviceProperties(&prop, 0);

  std::vector<unsigned char> body;
  std::uint32_t count = 0, plus = 0, minus = 0;
  std::int64_t prev = -1;
  for (std::uint32_t i = 0; i < n; ++i) {
    float x, rn;
    const std::uint32_t xb = 0x3F800000u | i;
    std::memcpy(&x, &xb, 4);
    rn = 1.0f / x;  // IEEE, correctly rounded
    std::uint32_t rnb;
    std::memcpy(&rnb, &rn, 4);
    const std::int64_t delta = static_cast<std::int64_t>(out[i]) - rnb;
    if (delta == 0) continue;
    if (delta > 1 || delta < -1) {
      std::fprintf(stderr, "rcp_table_gen: mantissa %u differs by %lld ulp: not a ±1 table\n", i,
                   static_cast<long long>(delta));
      return 1;
    }
    std::uint64_t v = (static_cast<std::uint64_t>(i - prev) << 1) | (delta > 0 ? 1u : 0u);
    prev = i;
    do {
      unsigned char byte = v & 0x7F;
      v >>= 7;
      body.push_back(static_cast<unsigned char>(byte | (v ? 0x80 : 0)));
    } while (v);
    ++count;
    (delta > 0 ? plus : minus) += 1;
  }
  FILE* f = std::fopen(argv[1], "wb");
  if (!f) {
    std::perror(argv[1]);
    return 1;
  }
  std::fwrite("SCMPRCP1", 1, 8, f);
  const unsigned char c[4] = {static_cast<unsigned char>(count), static_cast<unsigned char>(count >> 8),
                              static_cast<unsigned char>(count >> 16), static_cast<unsigned char>(count >> 24)};
  std::fwrite(c, 1, 4, f);
  std::fwrite(body.data(), 1, body.size(), f);
  std::fclose(f);
  std::printf("rcp_table_gen: %s (sm_%d%d): %u of %u mantissas differ from RN(1/m) (+1: %u, -1: %u); %zu bytes\n",
              prop.name, prop.major, prop.minor, count, n, plus, minus, body.size() + 12);
  return 0;
}
