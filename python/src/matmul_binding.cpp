// MatmulOptions as a Python object (built once per distinct keyword set and cached by scmp/_matmul.py) and the
// host sc_matmul: operands copied from any DLPack CPU array, the GIL released while the model computes.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <yaml-cpp/yaml.h>

#include "args.hpp"
#include "array_io.hpp"
#include "convert.hpp"
#include "bindings.hpp"
#include "sim/matmul/backend.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/sng/rng_builders.hpp"
#include "experiments/rng_params_yaml.hpp"

namespace scmp::python {

using sim::MatmulOptions;

namespace {

// sim::HardwareReport as a dict of Python ints, floats, bools and str; the activity counts by unit name (empty
// with activity off).
nb::dict report_dict(const sim::HardwareReport& h) {
  nb::dict d;
  d["cycles"] = h.cycles;
  d["mean_stoc_len_row"] = h.mean_stoc_len_row;
  d["mean_stoc_len_pair"] = h.mean_stoc_len_pair;
  d["activity"] = sim::to_string(h.mode);
  d["sampled"] = h.sampled;
  d["sample_rows_a"] = h.sample_rows_a;
  d["sample_rows_b"] = h.sample_rows_b;
  d["counted_by_backend"] = h.counted_by_backend;
  nb::dict counts;
  if (h.mode != sim::ActivityMode::off) {
    const sim::ActivityCounts& c = h.activity;
    for (const auto& [name, value] : {std::pair<const char*, std::int64_t>{"cycles", c.cycles}, {"rng_steps", c.rng_steps},
                                      {"comparator_evals", c.comparator_evals}, {"comparator_ones", c.comparator_ones},
                                      {"gate_evals", c.gate_evals}, {"gate_ones", c.gate_ones},
                                      {"enable_counter_steps", c.enable_counter_steps},
                                      {"counter_increments", c.counter_increments}, {"accumulator_adds", c.accumulator_adds},
                                      {"register_bits", c.register_bits}}) {
      counts[name] = value;
    }
  }
  d["counts"] = counts;
  return d;
}

// Result of the host call: y, then (return_counts) S as int64 [batch][chunks][N][M], then (return_report) the
// hardware report; a tuple when either is asked for.
nb::object host_matmul(const nb::ndarray<>& a, const nb::ndarray<>& b, const MatmulOptions& options, bool counts,
                       bool report) {
  sim::Tensor ta = host_tensor(a, "a"), tb = host_tensor(b, "b");
  sim::MatmulResult r;
  {
    nb::gil_scoped_release unlocked;
    r = sim::sc_matmul(ta, tb, options);
  }
  const std::vector<std::int64_t> y_shape = r.y.shape;
  auto y = numpy_of(std::move(r.y.data), y_shape);
  if (!counts && !report) return nb::cast(y);
  nb::list out;
  out.append(y);
  if (counts) {
    const std::int64_t batch = y_shape.size() == 3 ? y_shape[0] : 1;
    const std::int64_t n = y_shape[y_shape.size() - 2], mm = y_shape.back();
    out.append(numpy_of(std::move(r.accumulators), {batch, r.chunks, n, mm}));
  }
  if (report) out.append(report_dict(r.hardware));
  return nb::tuple(out);
}

}  // namespace

void bind_matmul(nb::module_& m) {
  nb::class_<MatmulOptions>(m, "MatmulOptions", "sim::MatmulOptions: every setting of one sc_matmul call.")
      .def(nb::init<>())
      .def_prop_rw("granularity", [](const MatmulOptions& o) { return sim::to_string(o.granularity); },
                   [](MatmulOptions& o, const std::string& v) { o.granularity = sim::parse_granularity(v); })
      .def_prop_rw("mode", [](const MatmulOptions& o) { return sim::to_string(o.mode); },
                   [](MatmulOptions& o, const std::string& v) { o.mode = sim::parse_mode(v); })
      .def_rw("sc_prec", &MatmulOptions::sc_prec)
      .def_rw("stoc_len", &MatmulOptions::stoc_len)
      .def_rw("rng_levels", &MatmulOptions::rng_levels)
      .def_rw("halve", &MatmulOptions::halve)
      .def_rw("chunk_d", &MatmulOptions::chunk_d)
      .def_rw("group_a", &MatmulOptions::group_a)
      .def_rw("group_b", &MatmulOptions::group_b)
      .def_rw("smooth_scales", &MatmulOptions::smooth_scales)
      .def_prop_rw("scramble", [](const MatmulOptions& o) { return sim::to_string(o.scramble.family); },
                   [](MatmulOptions& o, const std::string& v) { o.scramble.family = sim::parse_mask_family(v); })
      .def_prop_rw("scramble_rescale", [](const MatmulOptions& o) { return o.scramble.rescale; },
                   [](MatmulOptions& o, bool v) { o.scramble.rescale = v; })
      .def_prop_rw("scramble_seed", [](const MatmulOptions& o) { return o.scramble.seed; },
                   [](MatmulOptions& o, std::uint64_t v) { o.scramble.seed = v; })
      .def_prop_rw("multiplier", [](const MatmulOptions& o) { return sim::to_string(o.multiplier); },
                   [](MatmulOptions& o, const std::string& v) { o.multiplier = sim::parse_multiplier(v); })
      .def_prop_rw("backend", [](const MatmulOptions& o) { return o.backend; },
                   [](MatmulOptions& o, const std::string& v) {
                     sim::find_backend(v);  // unknown names fail here, naming the known ones
                     o.backend = v;
                   })
      .def_rw("threads", &MatmulOptions::threads)
      .def_rw("row_stoc_len_a", &MatmulOptions::row_stoc_len_a)
      .def_rw("row_stoc_len_b", &MatmulOptions::row_stoc_len_b)
      .def_prop_ro("rng_name", [](const MatmulOptions& o) { return o.rng ? o.rng->name : std::string("sobol_simple"); })
      .def("set_rng_builder",
           [](MatmulOptions& o, const std::string& name, const std::string& params_yaml, int lanes, std::uint64_t seed) {
             const YAML::Node node = params_yaml.empty() ? YAML::Node(YAML::NodeType::Map) : YAML::Load(params_yaml);
             o.rng = sim::build_rng_config(name, lanes, o.sc_prec, experiments::rng_params_from_node(node, "rng_params"), seed);
           },
           nb::arg("name"), nb::arg("params_yaml"), nb::arg("lanes"), nb::arg("seed"),
           "RNG of every lane from a named builder (sim/sng/rng_builders.hpp) for `lanes` lanes.")
      .def("set_rng_yaml", [](MatmulOptions& o, const std::string& text) { o.rng = experiments::rng_config_from_yaml(text); },
           "RNG configuration in scmp's YAML schema (name, pool, a, b).")
      .def("rng_yaml", [](const MatmulOptions& o) { return o.rng ? experiments::rng_config_to_yaml(*o.rng) : std::string(); });

  m.def("make_options", [](nb::dict kwargs, std::int64_t lanes) { return matmul_options(to_dict(kwargs, "options"), lanes); },
        nb::arg("kwargs"), nb::arg("lanes"),
        "MatmulOptions from the checked keywords of scmp/_matmul.py (python/src/args.hpp: matmul_options).");
  m.def("reference_config_yaml", [](nb::handle config, std::int64_t sc_prec) { return reference_config_yaml(to_value(config, "config"), sc_prec); },
        nb::arg("config"), nb::arg("sc_prec"), "The reference's RNG config dict as scmp's RNG configuration (JSON text).");
  m.def("matmul_host", &host_matmul, nb::arg("a"), nb::arg("b"), nb::arg("options"), nb::arg("return_counts") = false,
        nb::arg("return_report") = false,
        "sim::sc_matmul on host float32 arrays; returns y (numpy), or a tuple of y, counts (return_counts) and the "
        "hardware report dict (return_report).");
  m.def("backend_names", &sim::backend_names);
  m.def("backend_available", [](const std::string& name) {
    auto& be = sim::find_backend(name);
    return std::make_tuple(be.available(), be.unavailable_reason());
  });
  m.def("rng_builder_names", &sim::rng_builder_names);
}

}  // namespace scmp::python
