// Python objects → the neutral argument values of args.hpp (the only place the extension looks at argument types).
#pragma once
#include <string>

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include "args.hpp"

namespace scmp::python {

// None, bool, int (and numpy integers: __index__), float (and numpy floats), str, list/tuple (and numpy arrays:
// .tolist()), dict with str keys. Anything else, a non-str key or an int outside int64: TypeError naming `name`.
Value to_value(nanobind::handle object, const std::string& name);
// The keyword dict of an entry point.
Dict to_dict(nanobind::handle object, const std::string& name);
// What args.hpp checks of an array (dtype, device, shape, strides), read without touching its memory.
ArrayDesc describe(const nanobind::ndarray<>& x);

}  // namespace scmp::python
