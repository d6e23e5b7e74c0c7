// The Python entry points' argument parsing (python/src/args.hpp, fuzzed by fuzz/fuzz_python_args.cpp): the
// parsed options, the documented exception types, and one case per problem the review and the fuzzer found.
#include "support/catch.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include <yaml-cpp/yaml.h>

#include "args.hpp"
#include "sim/error.hpp"

using namespace scmp::python;

namespace {
// The message of the exception f throws ("" when it throws none).
template <class F>
std::string message(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}
#define CHECK_MESSAGE_HAS(expr, text) CHECK(message([&] { (void)(expr); }).find(text) != std::string::npos)

ArrayDesc float_array(std::vector<std::int64_t> shape) {
  ArrayDesc d;
  d.shape = std::move(shape);
  d.strides.assign(d.shape.size(), 1);
  std::int64_t s = 1;
  for (std::size_t i = d.shape.size(); i-- > 0;) {
    d.strides[i] = s;
    s *= d.shape[i];
  }
  return d;
}
}  // namespace

TEST_CASE("python args: sc_matmul keywords become MatmulOptions", "[python][args]") {
  const auto o = matmul_options(Dict{{"granularity", "per_tensor"}, {"sc_prec", 6}, {"stoc_len", 32}, {"rng_levels", Value()},
                                     {"chunk_d", -5}, {"scramble", "counter"}, {"scramble_seed", 7}, {"threads", 2},
                                     {"row_stoc_len_a", List{16, 8}}, {"smooth_scales", List{1.0, 2}}, {"backend", "auto"}},
                                4);
  CHECK(o.sc_prec == 6);
  CHECK(o.stoc_len == 32);
  CHECK(!o.rng_levels);
  CHECK(o.chunk_d == 0);  // the reference treats chunk_d < 0 as 0
  CHECK(o.scramble.seed == 7);
  CHECK(o.row_stoc_len_a == std::vector<int>{16, 8});
  CHECK(o.smooth_scales == std::vector<float>{1.f, 2.f});
  CHECK(o.backend == "cpu");
}

TEST_CASE("python args: wrong types are TypeError, bad values InvalidArgument", "[python][args]") {
  CHECK_THROWS_AS(matmul_options(Dict{{"sc_prec", "8"}}, 4), TypeError);
  CHECK_THROWS_AS(matmul_options(Dict{{"sc_prec", true}}, 4), TypeError);
  CHECK_THROWS_AS(matmul_options(Dict{{"halve", 1}}, 4), TypeError);
  CHECK_THROWS_AS(matmul_options(Dict{{"row_stoc_len_a", List{1.5}}}, 4), TypeError);
  CHECK_THROWS_AS(matmul_options(Dict{{"nope", 1}}, 4), TypeError);
  CHECK_MESSAGE_HAS(matmul_options(Dict{{"granularity", "per_col"}}, 4), "granularity = per_col");
  CHECK_THROWS_AS(matmul_options(Dict{{"backend", "tpu"}}, 4), scmp::sim::InvalidArgument);
  CHECK_THROWS_AS(matmul_options(Dict{{"scramble_seed", -1}}, 4), scmp::sim::InvalidArgument);
  // Python ints beyond int: refused by value (the nanobind setter used to raise an unnamed TypeError).
  CHECK_MESSAGE_HAS(matmul_options(Dict{{"sc_prec", std::int64_t{1} << 40}}, 4), "sc_prec = 1099511627776");
  CHECK_THROWS_AS(matmul_options(Dict{{"rng", "lfsr_default"}, {"rng_params", "{tapz: [1]}"}}, 4), scmp::sim::InvalidArgument);
  CHECK_THROWS_AS(matmul_options(Dict{{"rng", "lfsr_default"}, {"rng_params", "{"}}, 4), YAML::Exception);
}

TEST_CASE("python args: activity and activity_sample_rows (sc_matmul's return_report)", "[python][args]") {
  const auto o = matmul_options(Dict{{"activity", "sampled"}, {"activity_sample_rows", 3}}, 4);
  CHECK(o.activity == scmp::sim::ActivityMode::sampled);
  CHECK(o.activity_sample_rows == 3);
  CHECK(matmul_options(Dict{{"activity", "full"}}, 4).activity == scmp::sim::ActivityMode::full);
  CHECK(matmul_options(Dict{}, 4).activity == scmp::sim::ActivityMode::off);
  CHECK_MESSAGE_HAS(matmul_options(Dict{{"activity", "some"}}, 4), "activity = some: expected off, sampled or full");
  CHECK_THROWS_AS(matmul_options(Dict{{"activity", true}}, 4), TypeError);
  CHECK_MESSAGE_HAS(matmul_options(Dict{{"activity_sample_rows", 0}}, 4), "activity_sample_rows = 0");
  CHECK_THROWS_AS(matmul_options(Dict{{"activity_sample_rows", 2.0}}, 4), TypeError);
}

TEST_CASE("python args: RNG lanes are range-checked before they are narrowed to int", "[python][args]") {
  // The builder takes int lanes (checked 1..2^24); the int64 from the operand's declared depth must be checked
  // first, or 2^32 + 8 would pass as 8.
  CHECK_MESSAGE_HAS(matmul_options(Dict{{"rng", "lfsr_default"}}, (std::int64_t{1} << 32) + 8), "lanes = 4294967304");
  CHECK_THROWS_AS(matmul_options(Dict{{"rng", "lfsr_default"}}, 0), scmp::sim::InvalidArgument);
  CHECK_NOTHROW(matmul_options(Dict{{"rng", "lfsr_default"}}, 8));
}

TEST_CASE("python args: the reference's config dict, malformed entries are ValueError not KeyError", "[python][args]") {
  // Review finding: scmp/_matmul.py read the dict with rng["seed"] / rng.get(...): a missing key or a non-dict
  // entry raised KeyError / AttributeError / TypeError instead of naming the field.
  const Value good = Dict{{"rng_pool", List{Dict{{"type", "lfsr"}, {"seed", 5}}}},
                          {"sng", Dict{{"q", List{Dict{{"rng_id", 0}}}}, {"k", List{Dict{{"rng_id", 0}, {"scramble", List{1, 0}}}}}}}};
  CHECK(reference_config_yaml(good, 8).find("\"permutation\": [1, 0]") != std::string::npos);
  CHECK_MESSAGE_HAS(reference_config_yaml(Dict{{"rng_pool", List{}}}, 8), "config = {'rng_pool': []}");
  CHECK_MESSAGE_HAS(reference_config_yaml(Dict{{"rng_pool", List{Dict{{"type", "lfsr"}}}}, {"sng", Dict{}}}, 8), "config.rng_pool[0].seed = <missing>");
  CHECK_THROWS_AS(reference_config_yaml(Dict{{"rng_pool", List{1}}, {"sng", Dict{}}}, 8), TypeError);
  CHECK_MESSAGE_HAS(reference_config_yaml(Dict{{"rng_pool", List{Dict{{"type", "xorshift"}}}}, {"sng", Dict{}}}, 8), "config.rng_pool[0].type = 'xorshift'");
  CHECK_MESSAGE_HAS(reference_config_yaml(Dict{{"rng_pool", List{}}, {"sng", Dict{{"q", List{Dict{}}}}}}, 8), "config.sng.q[0].rng_id = <missing>");
  // Well-formed but empty: converted (sc_matmul refuses too few lanes for the operand later).
  const Value empty = Dict{{"rng_pool", List{}}, {"sng", Dict{{"q", List{}}, {"k", List{}}}}};
  CHECK_NOTHROW(matmul_options(Dict{{"config", empty}}, 4));
}

TEST_CASE("python args: array descriptors", "[python][args]") {
  CHECK(checked_shape(float_array({4, 8}), "a") == std::vector<std::int64_t>{4, 8});
  ArrayDesc f64 = float_array({4, 8});
  f64.dtype_bits = 64;
  CHECK_MESSAGE_HAS(checked_shape(f64, "a"), "a.dtype = code 2 bits 64");
  CHECK_THROWS_AS(checked_shape(f64, "a"), TypeError);
  CHECK_MESSAGE_HAS(checked_shape(float_array({8}), "a"), "a.shape");
  ArrayDesc t = float_array({8, 4});
  std::swap(t.strides[0], t.strides[1]);
  CHECK_MESSAGE_HAS(checked_shape(t, "a"), "contiguous");
  ArrayDesc cuda = float_array({4, 8});
  cuda.device_type = dl_cuda;
  cuda.device_id = 1;
  CHECK_MESSAGE_HAS(require_host(cuda, "a"), "a.device = cuda:1");
}

TEST_CASE("python args: a declared shape whose element count overflows is refused, not wrapped (UB)", "[python][args]") {
  // Review finding: checked_shape multiplied the declared dims in int64 without an overflow check (signed
  // overflow: undefined behaviour) for any DLPack producer declaring huge dims.
  ArrayDesc d = float_array({1, 1});
  d.shape = {std::int64_t{1} << 62, 4};
  d.strides = {4, 1};
  CHECK_THROWS_AS(checked_shape(d, "a"), scmp::sim::InvalidArgument);
  d.shape = {3, std::numeric_limits<std::int64_t>::max()};
  d.strides = {std::numeric_limits<std::int64_t>::max(), 1};
  CHECK_THROWS_AS(checked_shape(d, "a"), scmp::sim::InvalidArgument);
  // A descriptor with fewer strides than dimensions never reads past them.
  d = float_array({2, 2});
  d.strides.pop_back();
  CHECK_THROWS_AS(checked_shape(d, "a"), scmp::sim::InvalidArgument);
}

TEST_CASE("python args: mp configs and policies", "[python][args]") {
  CHECK_NOTHROW(mp_validate("quantile", R"({"impl": "quantile", "levels": [128, 64], "fractions": [0.5, 0.5]})", 8));
  CHECK_THROWS_AS(mp_validate("quantile", R"({"impl": "quantile", "levels": [64, 128]})", 8), scmp::sim::InvalidArgument);
  CHECK_THROWS_AS(mp_validate("nope", "{}", 8), scmp::sim::InvalidArgument);
  CHECK_THROWS_AS(mp_validate("quantile", "{", 8), YAML::Exception);
  const auto policy = make_policy(R"({"impl": "quantile", "levels": [128, 32], "fractions": [0.25, 0.75]})", 8);
  const auto a = policy_assign(*policy, std::vector<float>{1, 2, 3, 4}, nullptr, "fc", {}, 0, 1, 0, 1);
  CHECK(a.row_level.size() == 4);
}

TEST_CASE("python args: repr and json.dumps of values", "[python][args]") {
  const Value v = Dict{{"a", List{1, 2.0, true, Value(), "x"}}, {"n", std::numeric_limits<double>::quiet_NaN()}};
  CHECK(repr(v) == "{'a': [1, 2.0, True, None, 'x'], 'n': nan}");
  CHECK(to_json(v) == "{\"a\": [1, 2.0, true, null, \"x\"], \"n\": NaN}");
}
