// Validation and resolution of sc_matmul's inputs and options.
#include "sim/matmul/matmul_plan.hpp"

#include <algorithm>
#include <cmath>

#include "sim/error.hpp"
#include "sim/multiplier/design.hpp"

namespace scmp::sim {

namespace {


void check_operand(const Tensor& t, const char* name) {
  if (t.rank() != 2 && t.rank() != 3) {
    throw InvalidArgument(std::string(name) + ".shape", shape_text(t), "expected a 2-D (rows, D) or 3-D (B, rows, D) tensor");
  }
  for (auto d : t.shape) {
    if (d <= 0) throw InvalidArgument(std::string(name) + ".shape", shape_text(t), "expected a non-empty tensor");
    if (d > (1 << 30)) throw InvalidArgument(std::string(name) + ".shape", shape_text(t), "dimension too large");
  }
  if (static_cast<std::int64_t>(t.data.size()) != t.numel()) {
    throw InvalidArgument(std::string(name) + ".data", std::to_string(t.data.size()) + " values",
                          "expected " + std::to_string(t.numel()) + " for shape " + shape_text(t));
  }
  for (std::size_t i = 0; i < t.data.size(); ++i) {
    if (!std::isfinite(t.data[i])) {
      throw InvalidArgument(std::string(name) + index_text(t.shape, i), to_text(t.data[i]), "expected a finite value (no NaN or Inf)");
    }
  }
}

std::vector<int> check_row_lengths(const std::vector<int>& lens, const char* name, int rows, int period) {
  if (lens.size() != static_cast<std::size_t>(rows)) {
    throw InvalidArgument(std::string(name) + ".size", std::to_string(lens.size()),
                          "expected one stream length per row (" + std::to_string(rows) + ")");
  }
  for (std::size_t i = 0; i < lens.size(); ++i) {
    require_range(std::string(name) + "[" + std::to_string(i) + "]", lens[i], 1, period, "the RNG period 2^sc_prec");
  }
  return lens;
}

}  // namespace

int MatmulPlan::longest() const {
  int l = stoc_len;
  for (int v : len_a) l = std::max(l, v);
  for (int v : len_b) l = std::max(l, v);
  return l;
}

MatmulPlan resolve_matmul(const Tensor& a, const Tensor& b, const MatmulOptions& o) {
  MatmulPlan plan;
  require_range("sc_prec", o.sc_prec, 2, 16, "sc_prec = 1 gives q_max = 0");
  require_range("threads", o.threads, 0, 4096);
  if (o.activity == ActivityMode::sampled) require_range("activity_sample_rows", o.activity_sample_rows, 1, 1 << 30);
  if (o.chunk_d < 0) throw InvalidArgument("chunk_d", std::to_string(o.chunk_d), "expected 0 (off) or a positive chunk size");
  require_range("group_a", o.group_a, 1, 1 << 30, "rows per scale group");
  require_range("group_b", o.group_b, 1, 1 << 30, "rows per scale group");
  plan.sc_prec = o.sc_prec;
  plan.bipolar = o.mode == Mode::bipolar;
  const int period = 1 << o.sc_prec;
  // §6.5 step 4: halve defaults L and G to 2^(p−1) (bipolar only; explicit values are kept).
  const bool halve = o.halve && plan.bipolar;
  plan.stoc_len = o.stoc_len.value_or(halve ? period / 2 : period);
  plan.rng_levels = o.rng_levels.value_or(halve ? period / 2 : period);
  require_range("stoc_len", plan.stoc_len, 1, period, "the RNG period 2^sc_prec");
  require_range("rng_levels", plan.rng_levels, 1, std::min(period, 65535), "at most 2^sc_prec levels; boundaries are 16-bit");
  plan.q_max = plan.bipolar ? bipolar_q_max(o.sc_prec) : unipolar_q_max(o.sc_prec);

  check_operand(a, "a");
  check_operand(b, "b");
  if (a.rank() != b.rank()) {
    throw InvalidArgument("b.shape", shape_text(b), "expected the same rank as a " + shape_text(a));
  }
  if (a.dim(-1) != b.dim(-1)) {
    throw InvalidArgument("b.shape", shape_text(b), "D mismatch: expected the last dimension of a " + shape_text(a));
  }
  plan.three_d = a.rank() == 3;
  if (plan.three_d && a.dim(0) != b.dim(0)) {
    throw InvalidArgument("b.shape", shape_text(b), "batch mismatch: expected the first dimension of a " + shape_text(a));
  }
  plan.batch = plan.three_d ? static_cast<int>(a.dim(0)) : 1;
  plan.rows_a = static_cast<int>(a.dim(-2));
  plan.rows_b = static_cast<int>(b.dim(-2));
  plan.depth = static_cast<int>(a.dim(-1));

  if (o.smooth_scales) {
    const auto& s = *o.smooth_scales;
    if (s.size() != static_cast<std::size_t>(plan.depth)) {
      throw InvalidArgument("smooth_scales.size", std::to_string(s.size()), "D mismatch: expected " + std::to_string(plan.depth));
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (!std::isfinite(s[i]) || s[i] == 0.0f) {
        throw InvalidArgument("smooth_scales[" + std::to_string(i) + "]", to_text(s[i]), "expected a finite, non-zero scale");
      }
    }
  }
  if (o.chunk_d > 0) {
    if (o.granularity != Granularity::per_row) {
      throw InvalidArgument("granularity", to_string(o.granularity), "chunk_d > 0 requires granularity per_row");
    }
    if (!plan.bipolar) throw InvalidArgument("mode", to_string(o.mode), "chunk_d > 0 requires mode bipolar");
    if (plan.three_d) throw InvalidArgument("a.shape", shape_text(a), "chunk_d > 0 requires 2-D inputs");
  }
  if (o.granularity == Granularity::per_head) {
    if (!plan.three_d) throw InvalidArgument("a.shape", shape_text(a), "granularity per_head requires 3-D inputs");
    if (!plan.bipolar) throw InvalidArgument("mode", to_string(o.mode), "granularity per_head only supports mode bipolar");
  }
  if (multiplier_design(o.multiplier).bipolar_stream && !plan.bipolar) {
    throw InvalidArgument("multiplier", to_string(o.multiplier),
                          to_string(o.multiplier) + " streams encode signed values: requires mode bipolar");
  }
  plan.chunked = o.granularity == Granularity::per_row && o.chunk_d > 0 && plan.depth > o.chunk_d;
  if (plan.chunked && (o.group_a != 1 || o.group_b != 1)) {
    // The reference silently ignores the groups here (§12.9); refuse instead of computing something else.
    throw InvalidArgument(o.group_a != 1 ? "group_a" : "group_b", std::to_string(o.group_a != 1 ? o.group_a : o.group_b),
                          "the chunk_d path (D > chunk_d) scales per row per chunk: expected 1");
  }
  plan.lanes = plan.chunked ? o.chunk_d : plan.depth;

  const bool mp = !o.row_stoc_len_a.empty() || !o.row_stoc_len_b.empty();
  if (mp) {
    if (o.granularity != Granularity::per_row || plan.three_d) {
      throw InvalidArgument(o.row_stoc_len_a.empty() ? "row_stoc_len_b" : "row_stoc_len_a", "set",
                            "per-row stream lengths need granularity per_row with 2-D operands (granularity " +
                                to_string(o.granularity) + ", rank " + std::to_string(a.rank()) + ")");
    }
    plan.len_a = o.row_stoc_len_a.empty() ? std::vector<int>(static_cast<std::size_t>(plan.rows_a), plan.stoc_len)
                                          : check_row_lengths(o.row_stoc_len_a, "row_stoc_len_a", plan.rows_a, period);
    plan.len_b = o.row_stoc_len_b.empty() ? std::vector<int>(static_cast<std::size_t>(plan.rows_b), plan.stoc_len)
                                          : check_row_lengths(o.row_stoc_len_b, "row_stoc_len_b", plan.rows_b, period);
  }
  plan.rng = o.rng ? *o.rng : sobol_simple_config(plan.lanes, o.sc_prec);
  validate_rng_config(plan.rng, plan.lanes, o.sc_prec);
  return plan;
}

}  // namespace scmp::sim
