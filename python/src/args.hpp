// The Python entry points' argument parsing as plain C++ (no nanobind, no Python): the extension converts its
// call arguments into the neutral Value below (python/src/value_cast.cpp) and calls exactly these functions;
// fuzz/fuzz_python_args.cpp calls them with fuzzer-made values. Contract: every input either parses or throws
// one of the documented exception types —
//   * sim::InvalidArgument (and its subclasses: ConfigError)  → scmp.InvalidArgument, a ValueError,
//   * python::TypeError                                         → TypeError,
//   * YAML::Exception (JSON/YAML text of a config)              → ValueError ("YAML/JSON: …");
// never another exception, a crash, undefined behaviour or a hang (docs/RELIABILITY.md).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "mp/policy.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/matmul/tensor.hpp"

namespace scmp::python {

// A Python call argument: None, bool, int (int64), float, str, list/tuple, dict with str keys (in order).
struct Value;
using List = std::vector<Value>;
using Dict = std::vector<std::pair<std::string, Value>>;
struct Value {
  std::variant<std::monostate, bool, std::int64_t, double, std::string, List, Dict> v;

  Value() = default;
  Value(bool b) : v(b) {}
  Value(std::int64_t i) : v(i) {}
  Value(int i) : v(static_cast<std::int64_t>(i)) {}
  Value(double d) : v(d) {}
  Value(std::string s) : v(std::move(s)) {}
  Value(const char* s) : v(std::string(s)) {}
  Value(List l) : v(std::move(l)) {}
  Value(Dict d) : v(std::move(d)) {}

  bool is_none() const { return std::holds_alternative<std::monostate>(v); }
  const Value* find(const std::string& key) const;  // a dict's entry, or nullptr (also for a non-dict)
};

// Maps to Python's TypeError (an argument of the wrong type).
class TypeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string repr(const Value& value);     // Python's repr (messages)
std::string to_json(const Value& value);  // Python's json.dumps (NaN / Infinity as Python writes them)
std::string type_name(const Value& value);  // "NoneType", "int", "str", …

// ---- arrays: what the extension reads of a DLPack array before touching its memory ----
struct ArrayDesc {
  std::uint8_t dtype_code = 2;   // DLPack: 0 int, 1 uint, 2 float, 4 bfloat, …
  std::uint8_t dtype_bits = 32;
  std::uint16_t dtype_lanes = 1;
  std::int32_t device_type = 1;  // DLPack: 1 cpu, 2 cuda, 13 cuda_managed
  std::int32_t device_id = 0;
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> strides;  // in elements, one per dimension
};
constexpr std::int32_t dl_cpu = 1, dl_cuda = 2, dl_cuda_managed = 13;

std::string device_text(const ArrayDesc& x);  // "cpu", "cuda:1", …
// float32 (TypeError otherwise), 2-D or 3-D (1-D with allow_1d), row-major contiguous, non-empty, element count
// representable (ValueError naming `name` otherwise). Returns the shape.
std::vector<std::int64_t> checked_shape(const ArrayDesc& x, const std::string& name, bool allow_1d = false);
void require_host(const ArrayDesc& x, const std::string& name);  // ValueError for device memory

// ---- scmp.sc_matmul ----
// The checked options of scmp/_matmul.py's key as MatmulOptions. Keys (all optional, defaults as sc_matmul's):
// granularity, mode, scramble, multiplier, rng, backend, activity: str; sc_prec, chunk_d, group_a, group_b, threads,
// scramble_seed, rng_seed, activity_sample_rows: int; stoc_len, rng_levels: int or None; halve, scramble_rescale: bool;
// smooth_scales: list of numbers or None; row_stoc_len_a/_b: list of int or None; config: the reference's
// config dict, or scmp's RNG YAML/JSON text (what reference_config_yaml returns), or None; rng_params: dict or
// YAML/JSON text or None. `lanes`: RNG lanes of a builder (the operand depth or chunk_d).
sim::MatmulOptions matmul_options(const Dict& kwargs, std::int64_t lanes);

// The reference's config dict (rng_pool + sng, REFERENCE.md §3.3) as scmp's RNG configuration text (JSON, the
// schema of experiments/rng_params_yaml.hpp), with the sc_prec of the call. Only rng_id and scramble of an SNG
// entry are read, as the reference.
std::string reference_config_yaml(const Value& config, std::int64_t sc_prec);

// ---- scmp.mp ----
// Parse and validate one config kind (quantile | adaptive | free_boundary | range) given as JSON/YAML text.
void mp_validate(const std::string& kind, const std::string& config_text, int sc_prec);
// The config parsed, then the rows classified: `operand` is the weight (range) or the 1-D row metric.
mp::Assignment mp_classify(const std::string& kind, const std::string& config_text, int sc_prec, const sim::Tensor& operand,
                           const std::string& op, int timestep, int total_timesteps, int block, int total_blocks);
// scmp.mp.Policy(text, sc_prec).
std::unique_ptr<mp::IPolicy> make_policy(const std::string& text, int sc_prec);
// Policy.assign: row_metric and weight optional.
mp::Assignment policy_assign(const mp::IPolicy& policy, const std::optional<std::vector<float>>& row_metric,
                             const sim::Tensor* weight, const std::string& op, const std::vector<std::int64_t>& macs_per_row,
                             int timestep, int total_timesteps, int block, int total_blocks);

}  // namespace scmp::python
