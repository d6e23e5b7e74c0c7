// Structure-aware HDF5 inputs for the reader targets: the fuzzer's bytes choose objects, types, dataspaces
// and values, and libhdf5 writes a well-formed file from them. This fuzzes scmp's checks (wrong type,
// array for scalar, wrong rank, huge declared dims, NaN, odd names) rather than libhdf5's byte parser,
// whose crashes on corrupt bytes scmp contains in a child process (tests/experiments/reliability_tests.cpp).
#pragma once
#include <fuzzer/FuzzedDataProvider.h>
#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/hdf5_reader.hpp"
#include "fuzz_support.hpp"

namespace scmp::fuzz {

inline const std::vector<std::string>& words() {
  static const std::vector<std::string> w = {"scmp-sweep-v1", "scmp-golden-v1", "per_row", "per_tensor", "per_head", "bipolar",
                                             "unipolar", "bitrev", "off", "counter", "ok", "failed", "sobol_simple", "a", "b", "y",
                                             "index", "runs", "mse", std::string("x\0y", 3), "../x", "/", ".", ""};
  return w;
}

inline std::string text(FuzzedDataProvider& p) {
  const auto& w = words();
  return p.ConsumeBool() ? w[p.ConsumeIntegralInRange<std::size_t>(0, w.size() - 1)] : p.ConsumeRandomLengthString(40);
}

// One attribute of a random kind: absent, string (variable or fixed, scalar or array), integer, float, empty.
inline void attr(hid_t loc, const std::string& name, FuzzedDataProvider& p) {
  const int kind = p.ConsumeIntegralInRange(0, 8);
  if (kind == 0 || name.empty()) return;
  hsize_t n = p.ConsumeIntegralInRange<hsize_t>(1, 3);
  const bool scalar = kind != 3 && kind != 5;
  hid_t space = kind == 8 ? H5Screate(H5S_NULL) : scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr);
  hid_t type = -1;
  std::string s = text(p);
  std::vector<long long> ints(n, p.ConsumeIntegral<long long>());
  double d = p.ConsumeFloatingPoint<double>();
  if (kind == 1 || kind == 3 || kind == 8) {
    type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
  } else if (kind == 2) {
    type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, s.size() + 1);
  } else if (kind == 4 || kind == 5) {
    type = H5Tcopy(p.ConsumeBool() ? H5T_NATIVE_LLONG : H5T_NATIVE_SCHAR);
  } else {
    type = H5Tcopy(H5T_NATIVE_DOUBLE);
  }
  const hid_t a = H5Acreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
  if (a >= 0) {
    if (kind == 1 || kind == 3) {
      std::vector<const char*> ptrs(n, s.c_str());
      H5Awrite(a, type, ptrs.data());
    } else if (kind == 2) {
      H5Awrite(a, type, s.c_str());
    } else if (kind == 4 || kind == 5) {
      H5Awrite(a, H5T_NATIVE_LLONG, ints.data());
    } else if (kind != 8) {
      H5Awrite(a, H5T_NATIVE_DOUBLE, &d);
    }
    H5Aclose(a);
  }
  H5Tclose(type);
  H5Sclose(space);
}

// A numeric dataset of random rank (0..4), small or huge declared dims (not allocated: no data written
// unless small), float or integer or string element type, values from the fuzzer (NaN and Inf included).
inline void dataset(hid_t loc, const std::string& name, FuzzedDataProvider& p) {
  const int rank = p.ConsumeIntegralInRange(0, 4);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  hsize_t n = 1;
  bool huge = false;
  for (auto& d : dims) {
    d = p.ConsumeBool() ? p.ConsumeIntegralInRange<hsize_t>(0, 6) : p.ConsumeIntegralInRange<hsize_t>(0, hsize_t{1} << 40);
    if (d > 64) huge = true;
    n *= d;
  }
  const int kind = p.ConsumeIntegralInRange(0, 2);
  const hid_t type = kind == 0 ? H5T_NATIVE_FLOAT : kind == 1 ? H5T_NATIVE_INT : H5T_C_S1;
  const hid_t space = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims.data(), nullptr);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  if (huge && rank > 0) {
    std::vector<hsize_t> chunk(dims.size(), 1);
    H5Pset_chunk(dcpl, rank, chunk.data());  // huge declared dims cost nothing until written
  }
  const hid_t ds = H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  if (ds >= 0 && !huge && kind != 2 && n <= 4096) {
    std::vector<float> v(n);
    for (auto& x : v) x = p.ConsumeFloatingPoint<float>();
    H5Dwrite(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  }
  if (ds >= 0) H5Dclose(ds);
  H5Pclose(dcpl);
  H5Sclose(space);
}

// The common start of an HDF5 target: small limits, libhdf5 quiet, the file `build(path, provider)` writes from
// the fuzzer's bytes at this process's scratch path. Returns that path.
template <class Build>
const std::string& h5_input(const std::uint8_t* data, std::size_t size, Build build) {
  small_limits();
  experiments::quiet_hdf5();
  static const std::string path = scratch(".h5");
  FuzzedDataProvider p(data, size);
  build(path, p);
  return path;
}

}  // namespace scmp::fuzz
