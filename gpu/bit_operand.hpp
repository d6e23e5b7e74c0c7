// Packed bit operands of the binary GEMM (host-visible layout; REFERENCE.md §6.1 as a binary dot product).
//
// One operand row (a row of a or b, one batch slice) becomes, per chunk k of c_k lanes, a bit string in
// cycle-major order: bit (t·c_k + dl) is the lane-(k·c+dl) bit at cycle t, for t < ℓ (the row's stream
// length). Cycle-major order makes a shorter stream a *prefix* of a longer one, so one packed b serves every
// shorter level whose prepared streams are prefixes of its own (mixed precision), and a tile of rows at
// length ℓ only runs K = ℓ·c_k bits. Each chunk occupies `chunk_words` 32-bit words (a multiple of one
// kStageBits pipeline stage); bits in [ℓ·c_k, roundup(ℓ·c_k, kStageBits)) are zero. Within a 32-bit word, sequence bit i
// is stored at position (i >> 1) + 16·(i & 1) (cheap SIMD packing; a permutation both operands share).
//
// Bits: a side, enable/thermometer: [t < k_a] (thermometer of the popcount k_a = k_table[lane][ba]);
//       a side, and/xnor: [ra'(t) < ba];   b side: [rb'(t) < bb].
// Signed (sign-magnitude bipolar): plane 0 holds the bits of positive elements, plane 1 of negative ones
// (a zero sign clears both), so Σ sa·sb·popc(a&b) = popc(A&B) − 2·(popc(A⁺&B⁻) + popc(A⁻&B⁺)).
#pragma once
#include <cstddef>
#include <cstdint>

namespace scmp::gpu {

#if defined(__CUDACC__)
#define SCMP_HD __host__ __device__
#else
#define SCMP_HD
#endif

constexpr int kStageBits = 1024;                // K bits per pipeline stage (four m16n8k256 steps)
constexpr int kStageWords = kStageBits / 32;

// Words of one chunk that a row of stream length `len` over `lanes_in_chunk` lanes occupies (rounded to stages).
SCMP_HD inline std::size_t chunk_extent_words(int len, int lanes_in_chunk) {
  const std::size_t bits = static_cast<std::size_t>(len) * static_cast<std::size_t>(lanes_in_chunk);
  return (bits + kStageBits - 1) / kStageBits * kStageWords;
}

struct PackGlobals {
  const std::uint16_t* boundary = nullptr;   // [batch][src_rows][ld], at the slab's first dimension
  const std::int8_t* sign = nullptr;         // same shape, or null (unsigned)
  const int* src_row = nullptr;              // packed row r → source row
  const int* row_level = nullptr;            // packed row r → level index
  const int* level_len = nullptr;            // level → stream length ℓ
  const std::uint16_t* const* streams_t = nullptr;  // level → [ℓ][lanes] prepared values (comparator mode)
  const std::uint16_t* const* k_table = nullptr;    // level → [lanes][G+1] popcounts (thermometer mode)
  std::uint32_t* out = nullptr;              // [planes][batch][rows][row_words]
  int batch = 1, rows = 0, src_rows = 0, depth = 0, lanes = 0, chunk = 0, chunks = 1, levels_g1 = 0;
  std::size_t ld = 0;                        // row stride of boundary/sign (the operand's D)
  int lane_offset = 0;                       // slab: dimension d of this pack is RNG lane (lane_offset + d) % lanes
  int chunk_words = 0, row_words = 0;
  bool thermometer = false;
  bool is_signed = false;
  std::size_t plane_words = 0;               // batch·rows·row_words
  // Sign-mask mode (signed, word-parallel kernel, every chunk of 32, 64 or 128 lanes): plane 0 holds the
  // magnitude bits (zero-sign lanes cleared), no plane 1 is written, and sign_out[(batch·rows + r)·sign_stride
  // + k·4 + group] holds the group's positive-lane mask (same bit positions as the words). The GEMM derives
  // A⁺ = A & pos, A⁻ = A & ~pos: half the packed bytes written and read.
  std::uint32_t* sign_out = nullptr;
  int sign_stride = 0;
  // Every compared value (boundaries, prepared streams, popcounts, cycles) is below 2^15 (sc_prec ≤ 14): the
  // word-parallel kernel may compare two lanes with one subtraction instead of the emulated __vsetltu2.
  bool small_values = false;
  // Every packed row has the same level (row_level all equal; the b side): several rows per thread share
  // each cycle's stream values.
  bool uniform_level = false;
  // Work items (warps) below which the word-parallel kernel shortens them (fewer words, one row per item);
  // 0 keeps the longest items (tests).
  long long min_items = 2048;
};

// Words per chunk reserved for sign masks (groups of 32 lanes; mask mode needs c_k ≤ 128).
constexpr int kSignGroups = 4;

// Writes every word a GEMM tile at the row's own level can read. Chooses the word-parallel kernel when every
// chunk's lane count and the lane count are multiples of 32 (and operands 16-byte aligned), the bit-by-bit
// kernel otherwise (same layout; tests compare them).
void launch_pack(const PackGlobals& g, bool force_generic = false);

// Whether launch_pack would choose the word-parallel kernel for g (sign-mask mode requires it).
bool pack_word_parallel(const PackGlobals& g);

}  // namespace scmp::gpu
