// scmp._scmp: the C++ side of the Python package `scmp` (python/scmp wraps it with the public API).
#include <nanobind/nanobind.h>

#include <yaml-cpp/yaml.h>

#include "args.hpp"
#include "bindings.hpp"
#include "gpu/install.hpp"
#include "sim/error.hpp"

namespace nb = nanobind;

NB_MODULE(_scmp, m) {
  m.doc() = "scmp C++ core: bit-exact stochastic-computing matmul, device pipelines, mixed precision.";
  m.attr("__version__") = SCMP_VERSION;
  m.attr("has_cuda_build") = static_cast<bool>(SCMP_HAVE_CUDA);
  // The "cuda" backend: registered always; it reports why it is unavailable where there is no GPU.
  scmp::gpu::install();
  m.def("device_count", &scmp::gpu::device_count, "Usable CUDA devices (0 without CUDA or driver).");

  // scmp's errors as Python exceptions: a bad value is a ValueError subclass carrying the C++ message
  // ("stoc_len = 0: expected 1..256 …"); a modelled-hardware limit is a RuntimeError subclass.
  // nanobind tries translators newest first: the base class is registered first so that it is tried last.
  static nb::exception<scmp::sim::Error> error(m, "Error", PyExc_RuntimeError);
  static nb::exception<scmp::sim::ModelError> model(m, "ModelError", PyExc_RuntimeError);
  static nb::exception<scmp::sim::InvalidArgument> invalid(m, "InvalidArgument", PyExc_ValueError);
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const YAML::Exception& e) {
      PyErr_SetString(PyExc_ValueError, (std::string("YAML/JSON: ") + e.what()).c_str());
    } catch (const scmp::python::TypeError& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    }
  });

  scmp::python::bind_matmul(m);
  scmp::python::bind_device(m);
  scmp::python::bind_mp(m);
}
