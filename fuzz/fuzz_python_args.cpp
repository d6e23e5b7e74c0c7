// libFuzzer target: the Python entry points' argument parsing (python/src/args.hpp), structure-aware. The bytes
// choose an entry point and its arguments as the neutral values the nanobind layer converts Python objects into
// (None / bool / int / float / str / list / dict), biased towards the real keyword names and choices; then the
// very functions the extension module calls run on them:
//   sc_matmul keywords → matmul_options (+ the host sc_matmul on tiny operands when they parse),
//   the reference's RNG config dict → reference_config_yaml → matmul_options,
//   array descriptors (dtype, device, shape, strides) → checked_shape / require_host,
//   scmp.mp config dicts (as json.dumps writes them) → mp_validate, mp_classify,
//   scmp.mp.Policy mappings → make_policy, policy_assign.
// Expected outcome of bad arguments: sim::InvalidArgument (ValueError), python::TypeError (TypeError) or
// YAML::Exception (ValueError "YAML/JSON: …"); the model itself may also refuse with sim::ModelError (a
// documented RuntimeError). Any other exception aborts: a finding, like a crash, sanitizer report or hang.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <typeinfo>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "args.hpp"
#include "fuzz_support.hpp"
#include "mp/policy.hpp"
#include "sim/error.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/sng/rng_builders.hpp"

namespace {

using scmp::python::Dict;
using scmp::python::List;
using scmp::python::Value;

const std::vector<std::string> kMatmulKeys = {
    "granularity", "mode", "sc_prec", "stoc_len", "rng_levels", "halve", "chunk_d", "group_a", "group_b",
    "smooth_scales", "scramble", "scramble_rescale", "scramble_seed", "multiplier", "threads", "row_stoc_len_a",
    "row_stoc_len_b", "config", "rng", "rng_params", "rng_seed", "backend", "activity", "activity_sample_rows"};
const std::vector<std::string> kMpKeys = {
    "impl", "levels", "fractions", "qk_metric", "av_metric", "mlp_metric", "metric", "stoc_len_levels",
    "operator_defaults", "buckets", "target_fractions", "timestep_buckets", "layer_buckets", "enable_pruning",
    "threshold_table", "boundaries", "fixed_levels", "base_threshold", "operator_thresholds", "group_size",
    "thresholds", "side", "budget", "policies", "default", "ops", "target_avg_stoc_len", "model", "table"};
const std::vector<std::string> kRefKeys = {"rng_pool", "sng", "q", "k", "type", "seed", "seed_type", "taps", "rng_id",
                                           "scramble", "sobol", "lfsr", "true_random"};

std::vector<std::string> words() {
  std::vector<std::string> w = {
      "per_row", "per_tensor", "per_head", "bipolar", "unipolar", "off", "counter", "bitrev", "random", "enable",
      "thermometer", "and", "xnor", "sampled", "full", "auto", "cpu", "cycle", "cuda", "quantile", "adaptive", "free_boundary", "range",
      "uniform", "x_row_max", "q_row_max", "attn_row_max", "a", "b", "fc", "fc:t0:l0", "0:fc", "1:q", "q", "k", "sobol",
      "lfsr", "true_random", "", "8", "1.5", "NaN", "inf", "-1", "{", "[", "&a", "*a", ":", "\"", "\n", "\0"};
  for (const auto& n : scmp::sim::rng_builder_names()) w.push_back(n);
  for (const auto& n : scmp::mp::policy_names()) w.push_back(n);
  for (const auto* keys : {&kMatmulKeys, &kMpKeys, &kRefKeys}) w.insert(w.end(), keys->begin(), keys->end());
  return w;
}

class Gen {
 public:
  explicit Gen(FuzzedDataProvider& p) : m_p(p), m_words(words()) {}

  std::int64_t integer() {
    static const std::int64_t special[] = {0, 1, -1, 2, 3, 4, 7, 8, 15, 16, 17, 32, 64, 100, 128, 255, 256, 257,
                                           4096, 4097, 65535, 65536, 1 << 24, (1 << 24) + 1, 2147483647, 2147483648LL,
                                           -2147483648LL, -2147483649LL, std::numeric_limits<std::int64_t>::max(),
                                           std::numeric_limits<std::int64_t>::min()};
    switch (m_p.ConsumeIntegralInRange(0, 2)) {
      case 0: return special[m_p.ConsumeIntegralInRange<std::size_t>(0, std::size(special) - 1)];
      case 1: return m_p.ConsumeIntegralInRange<std::int64_t>(-4, 300);
      default: return m_p.ConsumeIntegral<std::int64_t>();
    }
  }

  double real() {
    static const double special[] = {0.0, -0.0, 0.5, 1.0, 0.25, 0.75, 1.5, -0.5, 2.0, 1e-30, 1e30, 1e308,
                                     std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                                     -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::denorm_min()};
    if (m_p.ConsumeBool()) return special[m_p.ConsumeIntegralInRange<std::size_t>(0, std::size(special) - 1)];
    return m_p.ConsumeFloatingPoint<double>();
  }

  std::string text() {
    return m_p.ConsumeBool() ? m_words[m_p.ConsumeIntegralInRange<std::size_t>(0, m_words.size() - 1)] : m_p.ConsumeRandomLengthString(24);
  }

  std::string key(const std::vector<std::string>& keys) {
    return m_p.ConsumeIntegralInRange(0, 7) ? keys[m_p.ConsumeIntegralInRange<std::size_t>(0, keys.size() - 1)] : text();
  }

  // Any value; lists and dicts nest up to `depth`.
  Value any(int depth, const std::vector<std::string>& keys) {
    const int kind = m_p.ConsumeIntegralInRange(0, depth > 0 ? 9 : 5);
    switch (kind) {
      case 0: return Value();
      case 1: return Value(m_p.ConsumeBool());
      case 2:
      case 3: return Value(integer());
      case 4: return Value(real());
      case 5: return Value(text());
      case 6:
      case 7: {  // list, often homogeneous (levels, fractions, shapes)
        List l;
        const int n = m_p.ConsumeIntegralInRange(0, 8);
        const int homogeneous = m_p.ConsumeIntegralInRange(0, 3);
        for (int i = 0; i < n && m_p.remaining_bytes() > 0; ++i) {
          l.push_back(homogeneous == 1 ? Value(integer()) : homogeneous == 2 ? Value(real()) : any(depth - 1, keys));
        }
        return Value(std::move(l));
      }
      default: return Value(dict(depth - 1, keys));
    }
  }

  Dict dict(int depth, const std::vector<std::string>& keys) {
    Dict d;
    const int n = m_p.ConsumeIntegralInRange(0, 8);
    for (int i = 0; i < n && m_p.remaining_bytes() > 0; ++i) d.emplace_back(key(keys), any(depth, keys));
    return d;
  }

  // A value shaped like the key's real type most of the time.
  Value matmul_value(const std::string& k) {
    if (m_p.ConsumeIntegralInRange(0, 5) == 0) return any(2, kMatmulKeys);
    if (k == "halve" || k == "scramble_rescale") return Value(m_p.ConsumeBool());
    if (k == "smooth_scales") return list_of_reals();
    if (k == "row_stoc_len_a" || k == "row_stoc_len_b") return list_of_ints();
    if (k == "config") return m_p.ConsumeBool() ? reference_config() : Value(text());
    if (k == "rng_params") return Value(dict(2, {"taps", "seed", "seed_type", "bits", "offset", "step", "permutation", "pool"}));
    if (k == "granularity" || k == "mode" || k == "scramble" || k == "multiplier" || k == "rng" || k == "backend" ||
        k == "activity") {
      return Value(text());
    }
    if (k == "stoc_len" || k == "rng_levels") return m_p.ConsumeIntegralInRange(0, 3) ? Value(integer()) : Value();
    return Value(integer());
  }

  Value list_of_ints() {
    List l;
    const int n = m_p.ConsumeIntegralInRange(0, 9);
    for (int i = 0; i < n; ++i) l.emplace_back(m_p.ConsumeBool() ? m_p.ConsumeIntegralInRange<std::int64_t>(0, 300) : integer());
    return Value(std::move(l));
  }

  Value list_of_reals() {
    List l;
    const int n = m_p.ConsumeIntegralInRange(0, 9);
    for (int i = 0; i < n; ++i) l.emplace_back(m_p.ConsumeBool() ? m_p.ConsumeFloatingPointInRange<double>(0.01, 4.0) : real());
    return Value(std::move(l));
  }

  // The reference's {rng_pool: [{type, seed, …}], sng: {q: [{rng_id, scramble}], k: […]}}, perturbed.
  Value reference_config() {
    List pool;
    const int n = m_p.ConsumeIntegralInRange(0, 3);
    for (int i = 0; i < n; ++i) {
      Dict r{{"type", m_p.ConsumeBool() ? Value(std::vector<std::string>{"sobol", "lfsr", "true_random"}[m_p.ConsumeIntegralInRange(0, 2)])
                                        : any(1, kRefKeys)}};
      if (m_p.ConsumeBool()) r.emplace_back("seed", m_p.ConsumeBool() ? Value(integer()) : list_of_ints());
      if (m_p.ConsumeBool()) r.emplace_back("taps", list_of_ints());
      if (m_p.ConsumeBool()) r.emplace_back("seed_type", Value(text()));
      if (m_p.ConsumeIntegralInRange(0, 7) == 0) r.emplace_back(key(kRefKeys), any(1, kRefKeys));
      pool.emplace_back(m_p.ConsumeIntegralInRange(0, 9) ? Value(std::move(r)) : any(1, kRefKeys));
    }
    Dict sng;
    for (const char* side : {"q", "k"}) {
      if (m_p.ConsumeIntegralInRange(0, 9) == 0) continue;
      List lanes;
      const int m = m_p.ConsumeIntegralInRange(0, 4);
      for (int i = 0; i < m; ++i) {
        Dict lane{{"rng_id", m_p.ConsumeBool() ? Value(m_p.ConsumeIntegralInRange<std::int64_t>(0, 3)) : any(1, kRefKeys)}};
        if (m_p.ConsumeBool()) lane.emplace_back("scramble", list_of_ints());
        lanes.emplace_back(m_p.ConsumeIntegralInRange(0, 9) ? Value(std::move(lane)) : any(1, kRefKeys));
      }
      sng.emplace_back(side, Value(std::move(lanes)));
    }
    Dict cfg;
    if (m_p.ConsumeIntegralInRange(0, 9)) cfg.emplace_back("rng_pool", Value(std::move(pool)));
    if (m_p.ConsumeIntegralInRange(0, 9)) cfg.emplace_back("sng", Value(std::move(sng)));
    if (m_p.ConsumeIntegralInRange(0, 9) == 0) return any(2, kRefKeys);
    return Value(std::move(cfg));
  }

  Dict matmul_kwargs() {
    Dict kw;
    const int n = m_p.ConsumeIntegralInRange(0, 10);
    for (int i = 0; i < n && m_p.remaining_bytes() > 0; ++i) {
      const std::string k = key(kMatmulKeys);
      kw.emplace_back(k, matmul_value(k));
    }
    return kw;
  }

  Dict mp_config() {
    Dict d;
    if (m_p.ConsumeIntegralInRange(0, 3)) d.emplace_back("impl", Value(text()));
    if (m_p.ConsumeIntegralInRange(0, 3)) d.emplace_back("levels", list_of_ints());
    const int n = m_p.ConsumeIntegralInRange(0, 6);
    for (int i = 0; i < n && m_p.remaining_bytes() > 0; ++i) {
      const std::string k = key(kMpKeys);
      const int shape = m_p.ConsumeIntegralInRange(0, 4);
      d.emplace_back(k, shape == 0 ? list_of_reals() : shape == 1 ? list_of_ints() : shape == 2 ? Value(dict(1, kMpKeys)) : any(2, kMpKeys));
    }
    return d;
  }

  scmp::python::ArrayDesc array(int max_rank) {
    scmp::python::ArrayDesc d;
    if (m_p.ConsumeIntegralInRange(0, 7) == 0) {
      d.dtype_code = m_p.ConsumeIntegral<std::uint8_t>();
      d.dtype_bits = m_p.ConsumeIntegral<std::uint8_t>();
      d.dtype_lanes = m_p.ConsumeIntegral<std::uint16_t>();
    }
    if (m_p.ConsumeIntegralInRange(0, 7) == 0) {
      d.device_type = m_p.ConsumeIntegralInRange<std::int32_t>(0, 16);
      d.device_id = m_p.ConsumeIntegral<std::int32_t>();
    }
    const int rank = m_p.ConsumeIntegralInRange(0, max_rank);
    const bool wild = m_p.ConsumeIntegralInRange(0, 3) == 0;
    for (int i = 0; i < rank; ++i) d.shape.push_back(wild ? integer() : m_p.ConsumeIntegralInRange<std::int64_t>(1, 6));
    std::int64_t stride = 1;
    d.strides.assign(d.shape.size(), 0);
    for (std::size_t i = d.shape.size(); i-- > 0;) {
      d.strides[i] = stride;
      stride = static_cast<std::int64_t>(static_cast<std::uint64_t>(stride) * static_cast<std::uint64_t>(d.shape[i]));  // wraps: only a guess
    }
    if (m_p.ConsumeIntegralInRange(0, 5) == 0 && !d.strides.empty()) d.strides[m_p.ConsumeIntegralInRange<std::size_t>(0, d.strides.size() - 1)] = integer();
    if (m_p.ConsumeIntegralInRange(0, 15) == 0) d.strides.push_back(1);
    return d;
  }

  scmp::sim::Tensor tensor(std::vector<std::int64_t> shape) {
    scmp::sim::Tensor t;
    t.shape = std::move(shape);
    std::int64_t n = 1;
    for (const auto s : t.shape) n *= s;
    t.data.resize(static_cast<std::size_t>(n));
    for (auto& v : t.data) v = m_p.ConsumeIntegralInRange(0, 31) ? m_p.ConsumeFloatingPointInRange<float>(-4.f, 4.f) : static_cast<float>(real());
    return t;
  }

  std::vector<float> metric() {
    const int n = m_p.ConsumeIntegralInRange(0, 12);
    std::vector<float> v(static_cast<std::size_t>(n));
    for (auto& x : v) x = m_p.ConsumeIntegralInRange(0, 15) ? m_p.ConsumeFloatingPointInRange<float>(0.f, 4.f) : static_cast<float>(real());
    return v;
  }

  FuzzedDataProvider& p() { return m_p; }

 private:
  FuzzedDataProvider& m_p;
  std::vector<std::string> m_words;
};

[[noreturn]] void finding(const char* what, const char* message) {
  std::fprintf(stderr, "fuzz_python_args: %s escaped the argument parsing: %s\n", what, message);
  std::abort();
}

// An entry point's body: the documented exceptions are the expected outcome of bad arguments.
template <class F>
void expect_clean(F&& f, bool model_errors_allowed = false) {
  try {
    f();
  } catch (const scmp::sim::InvalidArgument&) {
  } catch (const scmp::python::TypeError&) {
  } catch (const YAML::Exception&) {
  } catch (const scmp::sim::ModelError& e) {
    if (!model_errors_allowed) finding("sim::ModelError", e.what());
  } catch (const std::exception& e) {
    finding(typeid(e).name(), e.what());
  } catch (...) {
    finding("a non-std exception", "");
  }
}

void fuzz_matmul(Gen& g, const Dict& kwargs, std::int64_t lanes) {
  scmp::sim::MatmulOptions o;
  bool parsed = false;
  expect_clean([&] {
    o = scmp::python::matmul_options(kwargs, lanes);
    parsed = true;
  });
  if (!parsed) return;
  // The host call on tiny operands (matmul_host: host_tensor on both, then sc_matmul): one thread, small work.
  if (o.threads >= 0 && o.threads <= 4096) o.threads = 1;
  const int rank = g.p().ConsumeBool() ? 2 : 3;
  const std::int64_t batch = g.p().ConsumeIntegralInRange(1, 2), n = g.p().ConsumeIntegralInRange(1, 4),
                     m = g.p().ConsumeIntegralInRange(1, 4), d = g.p().ConsumeIntegralInRange(1, 8);
  std::vector<std::int64_t> sa = {n, d}, sb = {m, g.p().ConsumeIntegralInRange(0, 7) ? d : d + 1};
  if (rank == 3) {
    sa.insert(sa.begin(), batch);
    sb.insert(sb.begin(), batch);
  }
  const scmp::sim::Tensor a = g.tensor(sa), b = g.tensor(sb);
  expect_clean([&] { (void)scmp::sim::sc_matmul(a, b, o); }, true);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  scmp::fuzz::small_limits();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  Gen g(p);
  switch (p.ConsumeIntegralInRange(0, 5)) {
    case 0: {  // sc_matmul keywords
      const Dict kw = g.matmul_kwargs();
      std::int64_t lanes = p.ConsumeBool() ? p.ConsumeIntegralInRange<std::int64_t>(1, 8) : g.integer();
      // Lanes in range cost builder memory in proportion (the operand's depth), not parsing: keep them small.
      if (lanes > 4096 && lanes <= (std::int64_t{1} << 24)) lanes = 4096;
      fuzz_matmul(g, kw, lanes);
      break;
    }
    case 1: {  // the reference's RNG config dict, alone and through the options
      const Value cfg = g.reference_config();
      const std::int64_t sc_prec = p.ConsumeBool() ? p.ConsumeIntegralInRange<std::int64_t>(1, 17) : g.integer();
      expect_clean([&] { (void)scmp::python::reference_config_yaml(cfg, sc_prec); });
      fuzz_matmul(g, Dict{{"config", cfg}, {"sc_prec", Value(sc_prec)}, {"stoc_len", Value(p.ConsumeIntegralInRange<std::int64_t>(1, 16))}},
                  p.ConsumeIntegralInRange<std::int64_t>(1, 8));
      break;
    }
    case 2: {  // array descriptors
      const auto desc = g.array(p.ConsumeIntegralInRange(0, 5));
      const bool allow_1d = p.ConsumeBool();
      expect_clean([&] {
        scmp::python::require_host(desc, "a");
        (void)scmp::python::checked_shape(desc, "a", allow_1d);
      });
      expect_clean([&] { (void)scmp::python::device_text(desc); });
      break;
    }
    case 3: {  // scmp.mp config classes (json.dumps of the dataclass mapping)
      static const std::vector<std::string> kinds = {"quantile", "adaptive", "free_boundary", "range"};
      const std::string kind = p.ConsumeIntegralInRange(0, 15) ? kinds[p.ConsumeIntegralInRange<std::size_t>(0, 3)] : g.text();
      const std::string text = p.ConsumeIntegralInRange(0, 7) ? scmp::python::to_json(Value(g.mp_config())) : g.text();
      const int sc_prec = p.ConsumeBool() ? 8 : p.ConsumeIntegralInRange(-2, 20);
      expect_clean([&] { scmp::python::mp_validate(kind, text, sc_prec); });
      scmp::sim::Tensor operand;
      if (kind == "range") {
        operand = g.tensor({p.ConsumeIntegralInRange<std::int64_t>(1, 6), p.ConsumeIntegralInRange<std::int64_t>(1, 6)});
      } else {
        operand.data = g.metric();
        operand.shape = {static_cast<std::int64_t>(operand.data.size())};
      }
      const std::string op = g.text();
      const int t = static_cast<int>(g.integer() % 1000), tt = static_cast<int>(g.integer() % 1000);
      const int blk = static_cast<int>(g.integer() % 1000), tb = static_cast<int>(g.integer() % 1000);
      expect_clean([&] { (void)scmp::python::mp_classify(kind, text, sc_prec, operand, op, t, tt, blk, tb); });
      break;
    }
    default: {  // scmp.mp.Policy(mapping or YAML) and .assign
      const std::string text = p.ConsumeIntegralInRange(0, 7) ? scmp::python::to_json(Value(g.mp_config())) : p.ConsumeRandomLengthString(200);
      const int sc_prec = p.ConsumeBool() ? 8 : p.ConsumeIntegralInRange(-2, 20);
      std::unique_ptr<scmp::mp::IPolicy> policy;
      expect_clean([&] { policy = scmp::python::make_policy(text, sc_prec); });
      if (!policy) break;
      std::optional<std::vector<float>> metric;
      if (p.ConsumeBool()) metric = g.metric();
      scmp::sim::Tensor w;
      const bool with_weight = p.ConsumeBool();
      if (with_weight) w = g.tensor({p.ConsumeIntegralInRange<std::int64_t>(1, 6), p.ConsumeIntegralInRange<std::int64_t>(1, 6)});
      std::vector<std::int64_t> macs;
      const int nm = p.ConsumeIntegralInRange(0, 8);
      for (int i = 0; i < nm; ++i) macs.push_back(p.ConsumeBool() ? p.ConsumeIntegralInRange<std::int64_t>(1, 100) : g.integer());
      const std::string op = g.text();
      const int t = static_cast<int>(g.integer() % 1000), tt = static_cast<int>(g.integer() % 1000);
      const int blk = static_cast<int>(g.integer() % 1000), tb = static_cast<int>(g.integer() % 1000);
      expect_clean([&] {
        (void)policy->name();
        (void)policy->levels();
        (void)policy->metric(op);
        (void)scmp::python::policy_assign(*policy, metric, with_weight ? &w : nullptr, op, macs, t, tt, blk, tb);
      });
      break;
    }
  }
  return 0;
}
