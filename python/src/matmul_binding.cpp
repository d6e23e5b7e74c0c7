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

// Result of the host call: y, and (return_counts) S as int64 [batch][chunks][N][M].
nb::object host_matmul(const nb::ndarray<>& a, const nb::ndarray<>& b, const MatmulOptions& options, bool counts) {
  sim::Tensor ta = host_tensor(a, "a"), tb = host_tensor(b, "b");
  sim::MatmulResult r;
  {
    nb::gil_scoped_release unlocked;
    r = sim::sc_matmul(ta, tb, options);
  }
  const std::vector<std::int64_t> y_shape = r.y.shape;
  auto y = numpy_of(std::move(r.y.data), y_shape);
  if (!counts) return nb::cast(y);
  const std::int64_t batch = y_shape.size() == 3 ? y_shape[0] : 1;
  const std::int64_t n = y_shape[y_shape.size() - 2], mm = y_shape.back();
  auto s = numpy_of(std::move(r.accumulators), {batch, r.chunks, n, mm});
  return nb::make_tuple(y, s);
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
        "sim::sc_matmul on host float32 arrays; returns y (numpy) or (y, counts).");
  m.def("backend_names", &sim::backend_names);
  m.def("backend_available", [](const std::string& name) {
    auto& be = sim::find_backend(name);
    return std::make_tuple(be.available(), be.unavailable_reason());
  });
  m.def("rng_builder_names", &sim::rng_builder_names);
}

}  // namespace scmp::python
