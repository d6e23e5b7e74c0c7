// The pieces of the extension module scmp._scmp, one per concern (module.cpp calls them in order).
#pragma once
#include <nanobind/nanobind.h>

namespace scmp::python {

void bind_matmul(nanobind::module_& m);   // MatmulOptions, host sc_matmul (cpu / cycle / cuda backend)
void bind_device(nanobind::module_& m);   // DevicePipelines on device operands (torch CUDA tensors)
void bind_mp(nanobind::module_& m);       // mixed-precision configs, policies, calibration

}  // namespace scmp::python
