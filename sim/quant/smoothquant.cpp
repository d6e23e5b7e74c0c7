// SmoothQuant helpers (§5.7).
#include "sim/quant/smoothquant.hpp"

#include <algorithm>
#include <cmath>

#include "sim/error.hpp"

namespace scmp::sim {

namespace {

void check_last_dim(const Tensor& t, const char* name, std::size_t d) {
  if (t.rank() < 1 || static_cast<std::size_t>(t.dim(-1)) != d) {
    throw InvalidArgument(std::string(name) + ".shape", shape_text(t),
                          "expected the last dimension to equal len(smooth_scales) = " + std::to_string(d));
  }
}

Tensor scale_last(const Tensor& t, const std::vector<float>& s, bool divide) {
  Tensor out = t;
  const std::size_t d = s.size();
  for (std::size_t i = 0; i < out.data.size(); ++i) {
    out.data[i] = divide ? t.data[i] / s[i % d] : t.data[i] * s[i % d];
  }
  return out;
}
}  // namespace

std::vector<float> accumulate_act_scales(const Tensor& x, const std::optional<std::vector<float>>& running) {
  if (x.rank() < 1 || x.numel() == 0) throw InvalidArgument("x.shape", shape_text(x), "expected a non-empty tensor");
  const std::size_t d = static_cast<std::size_t>(x.dim(-1));
  std::vector<float> cur(d, 0.0f);
  for (std::size_t i = 0; i < x.data.size(); ++i) cur[i % d] = std::max(cur[i % d], std::fabs(x.data[i]));
  if (!running) return cur;
  if (running->size() != d) {
    throw InvalidArgument("running.size", std::to_string(running->size()), "expected " + std::to_string(d) + " channels");
  }
  for (std::size_t c = 0; c < d; ++c) cur[c] = std::max((*running)[c], cur[c]);
  return cur;
}

std::vector<float> compute_smooth_scales(const std::vector<float>& act_scales, const Tensor& weight, double alpha,
                                         double eps) {
  if (!(alpha >= 0.0 && alpha <= 1.0)) throw InvalidArgument("alpha", to_text(alpha), "expected 0..1");
  if (act_scales.empty()) throw InvalidArgument("act_scales.size", "0", "expected a 1-D vector of D channels");
  if (weight.rank() != 2) throw InvalidArgument("weight.shape", shape_text(weight), "expected a 2-D (M, D) weight");
  const std::size_t d = act_scales.size();
  if (static_cast<std::size_t>(weight.dim(1)) != d) {
    throw InvalidArgument("weight.shape", shape_text(weight),
                          "D mismatch: expected " + std::to_string(d) + " columns (len(act_scales))");
  }
  const float e = static_cast<float>(eps);
  const float al = static_cast<float>(alpha);
  const float one_minus = static_cast<float>(1.0 - alpha);  // Python computes 1 − alpha in double
  std::vector<float> w(d, 0.0f);
  for (std::size_t i = 0; i < weight.data.size(); ++i) w[i % d] = std::max(w[i % d], std::fabs(weight.data[i]));
  std::vector<float> s(d);
  for (std::size_t c = 0; c < d; ++c) {
    const float a = std::max(act_scales[c], e);
    const float wc = std::max(w[c], e);
    s[c] = std::max(std::pow(a, al) / std::pow(wc, one_minus), e);
  }
  return s;
}

std::pair<Tensor, Tensor> apply_smoothing(const Tensor& a, const Tensor& b, const std::vector<float>& s) {
  if (s.empty()) throw InvalidArgument("smooth_scales.size", "0", "expected a 1-D vector of D channels");
  check_last_dim(a, "a", s.size());
  check_last_dim(b, "b", s.size());
  return {scale_last(a, s, true), scale_last(b, s, false)};
}

Tensor apply_smoothing_offline(const Tensor& w, const std::vector<float>& s) {
  if (s.empty()) throw InvalidArgument("smooth_scales.size", "0", "expected a 1-D vector of D channels");
  check_last_dim(w, "weight", s.size());
  return scale_last(w, s, false);
}

}  // namespace scmp::sim
