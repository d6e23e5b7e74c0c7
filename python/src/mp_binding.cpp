// scmp::mp for Python: the reference's configs (given as a JSON/YAML mapping in scmp's keys, built by
// scmp/mp.py), the policy registry, row metrics and calibration. Assignments come back as
// (side, levels, row_level) with row_level a numpy int32 array.
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <yaml-cpp/yaml.h>

#include "args.hpp"
#include "array_io.hpp"
#include "bindings.hpp"
#include "mp/adaptive_config.hpp"
#include "mp/calibration.hpp"
#include "mp/classify.hpp"
#include "mp/free_boundary_config.hpp"
#include "mp/levels.hpp"
#include "mp/mp_config.hpp"
#include "mp/policy.hpp"
#include "mp/range_config.hpp"
#include "mp/row_metrics.hpp"
#include "sim/error.hpp"

namespace scmp::python {

namespace {

nb::object assignment_tuple(mp::Assignment&& a) {
  const auto rows = static_cast<std::int64_t>(a.row_level.size());
  return nb::make_tuple(a.side == sim::Side::a ? "a" : "b", a.levels, numpy_of(std::move(a.row_level), {rows}));
}

struct Policy {
  std::unique_ptr<mp::IPolicy> impl;
};

}  // namespace

void bind_mp(nb::module_& m) {
  m.def("mp_classify",
        [](const std::string& kind, const std::string& config_yaml, int sc_prec, const nb::ndarray<>& operand, const std::string& op,
           int timestep, int total_timesteps, int block, int total_blocks) {
          sim::Tensor t;
          if (kind == "range") {
            t = host_tensor(operand, "weight");
          } else {
            t.data = host_vector(operand, "metric");
            t.shape = {static_cast<std::int64_t>(t.data.size())};
          }
          return assignment_tuple(python::mp_classify(kind, config_yaml, sc_prec, t, op, timestep, total_timesteps, block, total_blocks));
        },
        nb::arg("kind"), nb::arg("config_yaml"), nb::arg("sc_prec"), nb::arg("operand"),
        nb::arg("op") = "", nb::arg("timestep") = 0, nb::arg("total_timesteps") = 1, nb::arg("block") = 0,
        nb::arg("total_blocks") = 1);
  m.def("mp_validate", &python::mp_validate);
  m.def("classify_rows_by_metric", [](const nb::ndarray<>& metric, const std::vector<double>& fractions) {
    auto levels = mp::classify_rows_by_metric(host_vector(metric, "metric"), fractions);
    const auto n = static_cast<std::int64_t>(levels.size());
    return numpy_of(std::move(levels), {n});
  });
  m.def("classify_rows_by_thresholds", [](const nb::ndarray<>& metric, const std::vector<double>& thresholds) {
    auto levels = mp::classify_rows_by_thresholds(host_vector(metric, "metric"), thresholds);
    const auto n = static_cast<std::int64_t>(levels.size());
    return numpy_of(std::move(levels), {n});
  });
  m.def("bucket_index", &mp::bucket_index);
  m.def("default_boundaries", &mp::FreeBoundaryMPConfig::default_boundaries);
  m.def("validate_levels", [](const std::string& field, const std::vector<int>& levels, int sc_prec, int min_count) {
    mp::validate_levels(field, levels, sc_prec, min_count);
  });
  m.def("row_abs_max", [](const nb::ndarray<>& x) {
    auto v = mp::row_abs_max(host_tensor(x, "x"));
    const auto n = static_cast<std::int64_t>(v.size());
    return numpy_of(std::move(v), {n});
  });

  nb::class_<Policy>(m, "Policy")
      .def("__init__",
           [](Policy* self, const std::string& yaml, int sc_prec) { new (self) Policy{python::make_policy(yaml, sc_prec)}; },
           nb::arg("yaml"), nb::arg("sc_prec") = 8)
      .def_prop_ro("name", [](const Policy& p) { return p.impl->name(); })
      .def_prop_ro("levels", [](const Policy& p) { return p.impl->levels(); })
      .def_prop_ro("side", [](const Policy& p) { return p.impl->side() == sim::Side::a ? "a" : "b"; })
      .def("metric", [](const Policy& p, const std::string& op) { return p.impl->metric(op); })
      .def("assign",
           [](const Policy& p, nb::object row_metric, nb::object weight, const std::string& op,
              const std::vector<std::int64_t>& macs, int timestep, int total_timesteps, int block, int total_blocks) {
             std::optional<std::vector<float>> metric;
             sim::Tensor w;
             if (!row_metric.is_none()) metric = host_vector(nb::cast<nb::ndarray<>>(row_metric), "row_metric");
             if (!weight.is_none()) w = host_tensor(nb::cast<nb::ndarray<>>(weight), "weight");
             return assignment_tuple(python::policy_assign(*p.impl, metric, weight.is_none() ? nullptr : &w, op, macs, timestep,
                                                           total_timesteps, block, total_blocks));
           },
           nb::arg("row_metric").none(), nb::arg("weight").none(), nb::arg("op"), nb::arg("macs_per_row"),
           nb::arg("timestep"), nb::arg("total_timesteps"), nb::arg("block"), nb::arg("total_blocks"));
  m.def("policy_names", &mp::policy_names);

  nb::class_<mp::LevelErrorModel>(m, "LevelErrorModel")
      .def_ro("levels", &mp::LevelErrorModel::levels)
      .def_ro("coefficient", &mp::LevelErrorModel::coefficient)
      .def_ro("mse", &mp::LevelErrorModel::mse);
  m.def("measure_error_model", [](const nb::ndarray<>& a, const nb::ndarray<>& b, const sim::MatmulOptions& o,
                                  const std::vector<int>& levels) {
    const sim::Tensor ta = host_tensor(a, "a"), tb = host_tensor(b, "b");
    nb::gil_scoped_release unlocked;
    return mp::measure_error_model(ta, tb, o, levels);
  });
  nb::class_<mp::CalibrationResult>(m, "CalibrationResult")
      .def_ro("levels", &mp::CalibrationResult::levels)
      .def_ro("row_level", &mp::CalibrationResult::row_level)
      .def_ro("fractions", &mp::CalibrationResult::fractions)
      .def_ro("thresholds", &mp::CalibrationResult::thresholds)
      .def_ro("target_avg_stoc_len", &mp::CalibrationResult::target_avg_stoc_len)
      .def_ro("expected_avg_stoc_len", &mp::CalibrationResult::expected_avg_stoc_len)
      .def_ro("realised_avg_stoc_len", &mp::CalibrationResult::realised_avg_stoc_len)
      .def_ro("expected_error", &mp::CalibrationResult::expected_error)
      .def_ro("realised_error", &mp::CalibrationResult::realised_error)
      .def_ro("feasible", &mp::CalibrationResult::feasible);
  m.def("calibrate", [](const nb::ndarray<>& metric, const std::vector<std::int64_t>& macs, const mp::LevelErrorModel& model,
                        double target, const sim::MatmulOptions& deployed) {
    return mp::calibrate(host_vector(metric, "metric"), macs, model, target, mp::HardwareFingerprint::of(deployed));
  });
  m.def("thresholds_for", [](const nb::ndarray<>& metric, const std::vector<int>& row_level, int n_levels) {
    return mp::thresholds_for(host_vector(metric, "metric"), row_level, n_levels);
  });
}

}  // namespace scmp::python
