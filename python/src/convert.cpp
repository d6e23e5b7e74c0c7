#include "convert.hpp"

#include <Python.h>
#include <nanobind/stl/string.h>

namespace scmp::python {

namespace nb = nanobind;

static_assert(dl_cpu == nb::device::cpu::value && dl_cuda == nb::device::cuda::value &&
              dl_cuda_managed == nb::device::cuda_managed::value);

namespace {

Value convert(nb::handle o, const std::string& name, int depth) {
  if (depth > 200) throw TypeError(name + ": nested deeper than 200 levels");
  if (o.is_none()) return Value();
  if (PyBool_Check(o.ptr())) return Value(o.ptr() == Py_True);
  if (PyUnicode_Check(o.ptr())) return Value(nb::cast<std::string>(o));
  if (PyFloat_Check(o.ptr())) return Value(PyFloat_AsDouble(o.ptr()));
  if (!PyLong_Check(o.ptr()) && nb::hasattr(o, "tolist") && nb::hasattr(o, "dtype")) {
    return convert(o.attr("tolist")(), name, depth + 1);  // numpy / torch arrays and scalars
  }
  if (PyLong_Check(o.ptr()) || PyIndex_Check(o.ptr())) {
    nb::object index = nb::steal(PyNumber_Index(o.ptr()));
    if (!index.is_valid()) nb::raise_python_error();
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
    if (overflow != 0) {
      throw TypeError(name + " = " + nb::cast<std::string>(nb::str(o)) + ": expected an integer in 64-bit range");
    }
    if (v == -1 && PyErr_Occurred()) nb::raise_python_error();
    return Value(static_cast<std::int64_t>(v));
  }
  if (PyDict_Check(o.ptr())) return Value(to_dict(o, name));
  if (PyList_Check(o.ptr()) || PyTuple_Check(o.ptr())) {
    List l;
    std::size_t i = 0;
    for (nb::handle e : o) l.push_back(convert(e, name + "[" + std::to_string(i++) + "]", depth + 1));
    return Value(std::move(l));
  }
  if (nb::hasattr(o, "__float__")) {
    const double d = PyFloat_AsDouble(o.ptr());
    if (d == -1.0 && PyErr_Occurred()) nb::raise_python_error();
    return Value(d);
  }
  throw TypeError(name + " of type " + nb::cast<std::string>(nb::str(nb::handle(reinterpret_cast<PyObject*>(Py_TYPE(o.ptr()))).attr("__name__"))) +
                  ": expected None, bool, int, float, str, list or dict");
}

}  // namespace

Value to_value(nb::handle object, const std::string& name) { return convert(object, name, 0); }

Dict to_dict(nb::handle object, const std::string& name) {
  if (!PyDict_Check(object.ptr())) {
    throw TypeError(name + " of type " + nb::cast<std::string>(nb::str(nb::handle(reinterpret_cast<PyObject*>(Py_TYPE(object.ptr()))).attr("__name__"))) +
                    ": expected a dict");
  }
  Dict d;
  for (auto [k, v] : nb::borrow<nb::dict>(object)) {
    if (!PyUnicode_Check(k.ptr())) throw TypeError(name + ": key " + nb::cast<std::string>(nb::repr(k)) + " is not a string");
    const std::string key = nb::cast<std::string>(k);
    d.emplace_back(key, convert(v, name + "." + key, 1));
  }
  return d;
}

ArrayDesc describe(const nb::ndarray<>& x) {
  ArrayDesc d;
  d.dtype_code = x.dtype().code;
  d.dtype_bits = x.dtype().bits;
  d.dtype_lanes = x.dtype().lanes;
  d.device_type = x.device_type();
  d.device_id = x.device_id();
  for (std::size_t i = 0; i < x.ndim(); ++i) {
    d.shape.push_back(x.shape(i));
    d.strides.push_back(x.stride(i));
  }
  return d;
}

}  // namespace scmp::python
