// sc_matmul: the one function users call. y ≈ a @ bᵀ computed by SC hardware, reproducing the reference
// library's integers (REFERENCE.md §5–§6, §11) with its bugs (§12) fixed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/base/registry.hpp"
#include "sim/engine/core_problem.hpp"
#include "sim/matmul/hardware_report.hpp"
#include "sim/matmul/tensor.hpp"
#include "sim/sng/rng_config.hpp"
#include "sim/sng/scramble.hpp"

namespace scmp::sim {

enum class Granularity { per_tensor, per_row, per_head };
enum class Mode { bipolar, unipolar };

// Configuration names (hardware.granularity, hardware.mode), in listing order.
const NameTable<Granularity>& granularity_table();
const NameTable<Mode>& mode_table();
Granularity parse_granularity(const std::string& s);  // InvalidArgument("granularity", s, "expected one of …")
Mode parse_mode(const std::string& s);
std::string to_string(Granularity g);
std::string to_string(Mode m);

struct MatmulOptions {
  Granularity granularity = Granularity::per_row;
  Mode mode = Mode::bipolar;
  int sc_prec = 8;
  std::optional<int> stoc_len;          // L; default 2^sc_prec (halve: 2^(sc_prec−1))
  std::optional<int> rng_levels;        // G; default 2^sc_prec (halve: 2^(sc_prec−1))
  bool halve = false;                   // the reference's halve_bipolar_stoc_len
  int chunk_d = 0;                      // > 0: lanes = chunk_d, one scaled partial result per chunk
  int group_a = 1;                      // rows per scale group of a (per_row)
  int group_b = 1;
  std::optional<std::vector<float>> smooth_scales;  // SmoothQuant s (D): (a / s, b * s) before quantization
  std::optional<RngConfig> rng;         // default: sobol_simple for the lanes used
  ScrambleOptions scramble;             // mask family, rescale switch, seed (never environment variables)
  Multiplier multiplier = Multiplier::enable;
  std::string backend = "cpu";          // cycle | cpu | cuda
  int threads = 0;                      // cpu backend: 0 = all cores
  // Mixed precision: a stream length per row of a (N entries; per_row 2-D) and per row of b (M entries).
  // Each pair (n, m) runs min of the two; σ = q_max²/L per pair. Empty = uniform stoc_len.
  std::vector<int> row_stoc_len_a;
  std::vector<int> row_stoc_len_b;
  bool keep_levels = false;             // also return the quantized operands (boundaries, signs, scales)
  // Activity counts in MatmulResult::hardware (the input of energy models). Sampling takes evenly spaced rows,
  // so results are deterministic without a seed; a sample that covers the whole problem is counted in full.
  ActivityMode activity = ActivityMode::off;
  int activity_sample_rows = 16;        // sampled: at most this many rows of a and of b (≥ 1)
};

// Quantized operand as the hardware sees it.
struct QuantizedOperand {
  std::vector<std::int64_t> shape;      // as the operand
  std::vector<std::uint16_t> boundary;  // 0..G per element
  std::vector<std::int8_t> sign;        // bipolar: −1/0/+1; empty for unipolar
  std::vector<float> level;             // integer levels q (as float, as the reference keeps them)
  std::vector<float> scale;             // per row (per_row), per chunk×row (chunk_d), per head, or 1 value
  std::vector<float> zero_point;        // unipolar only
};

struct MatmulResult {
  Tensor y;                                 // fp32 output, shape N×M or B×N×M
  std::vector<std::int64_t> accumulators;   // S, [batch][chunks][N][M]
  int chunks = 1;
  StreamGeometry geometry;                  // resolved p, L (longest), G
  std::optional<QuantizedOperand> qa, qb;   // when keep_levels
  HardwareReport hardware;                  // cycles, stream lengths; activity counts per options.activity
};

// Contract (implementation: sim/matmul/*.cpp, quantizers in sim/quant):
// - Integers (levels, boundaries, S) equal the reference's on every path, and fp32 outputs follow §11 bit for
//   bit, Triton's div.full included (emulated exactly: sim/arith/triton_div.hpp, docs/TRITON-DIVISION.md).
// - Every reference ValueError is an InvalidArgument with the same condition, plus the §12 fixes: sc_prec
//   outside 2..16; stoc_len outside 1..2^p; rng_levels outside 1..min(2^p, 65535) (boundaries are 16-bit, so
//   p = 16 needs an explicit rng_levels); group ≤ 0; chunk_d < 0; group ≠ 1 on the chunk_d path (the reference
//   silently ignores it); an RngConfig with fewer lane entries than lanes used; NaN/Inf operands (named with
//   their index, e.g. "a[3][7]"); empty tensors; rank/shape/batch/D mismatches; smooth_scales of the wrong
//   length or with zero/non-finite entries; row_stoc_len_a/b of the wrong size or outside 1..2^p.
// - per_row 3-D = 2-D per slice (any group > 0, an extension: the reference allows only 1 or ≥ rows).
//   per_tensor 3-D keeps the reference's one global range over all slices (§12.10).
// - Mixed precision (row_stoc_len_a/b) is supported on per_row 2-D, including the chunk_d path; pair (n, m)
//   runs min(L_a[n], L_b[m]) cycles (an empty side means the uniform stoc_len) and σ uses that L.
// - Multipliers: thermometer gives the enable integers; and uses the same sign-magnitude scheme; xnor requires
//   bipolar and encodes q as boundary round((q + q_max)·G / (2·q_max)) (ties up), no signs, same σ.
// - Unipolar zero points are clamped to [0, q_max] as in the reference (§12.8, kept for bit-exactness).
// - result.hardware: cycles and mean stream lengths always; with options.activity ≠ off the cycle engine's
//   ActivityCounts of the very CoreProblem the backend computed (same boundaries — xnor's re-encoded ones —,
//   signs, per-row L and streams): on "cycle" taken from the backend's own run when counted in full, on other
//   backends (cpu, cuda) counted on the host afterwards; sampled mode counts a row sample (activity_sample.hpp).
// - Prepared streams come from the process-wide cache (sim/matmul/cache.hpp), keyed on the whole configuration.
MatmulResult sc_matmul(const Tensor& a, const Tensor& b, const MatmulOptions& options = {});

}  // namespace scmp::sim
