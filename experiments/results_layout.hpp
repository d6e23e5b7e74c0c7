// Internals of the scmp-sweep-v1 file shared by the writer (results_file.cpp) and merge
// (results_merge.cpp): attribute writers, the /index row layout, and the checked reading of an existing file.
#pragma once
#include <H5Cpp.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "experiments/hdf5_reader.hpp"
#include "experiments/sweep_plan.hpp"

namespace scmp::experiments::layout {

inline constexpr std::size_t kRunIdLen = 256, kHashLen = 16, kStatusLen = 16, kAxisStrLen = 64;

H5::StrType vlen_utf8();
H5::StrType fixed_string(std::size_t n);

template <class Obj>
void write_string_attr(Obj& obj, const std::string& name, const std::string& value) {
  const H5::StrType t = vlen_utf8();
  if (obj.attrExists(name)) obj.removeAttr(name);
  H5::Attribute a = obj.createAttribute(name, t, H5::DataSpace(H5S_SCALAR));
  a.write(t, value);
}

template <class Obj>
void write_double_attr(Obj& obj, const std::string& name, double value) {
  if (obj.attrExists(name)) obj.removeAttr(name);
  H5::Attribute a = obj.createAttribute(name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(H5S_SCALAR));
  a.write(H5::PredType::NATIVE_DOUBLE, &value);
}

template <class Obj>
void write_int_attr(Obj& obj, const std::string& name, std::int64_t value) {
  if (obj.attrExists(name)) obj.removeAttr(name);
  H5::Attribute a = obj.createAttribute(name, H5::PredType::NATIVE_INT64, H5::DataSpace(H5S_SCALAR));
  a.write(H5::PredType::NATIVE_INT64, &value);
}

// The /index row: run_id, config_hash, status, one field per axis, metric_fields(), cost_fields(), wall_s.
struct Layout {
  H5::CompType type;
  std::size_t size = 0;
  std::map<std::string, std::size_t> offset;
  std::vector<SweepAxis> axes;
};
Layout make_layout(const std::vector<SweepAxis>& axes);

std::string join_lines(const std::vector<std::string>& v);

// /index of an existing file, checked: schema attribute, a 1-D compound table whose fields are exactly
// make_layout(its axes) (so every offset below is in bounds), row count within limits().index_rows.
struct CheckedIndex {
  Layout layout;
  std::size_t rows = 0;
  std::vector<char> bytes;
  std::string text(std::size_t row, const std::string& field, std::size_t len) const;
  double number(std::size_t row, const std::string& field) const;
};
CheckedIndex read_checked_index(const H5Reader& file);

// Touches everything a reader of the file touches (index rows, every object header, every attribute);
// meant to run inside run_contained() so a file that crashes libhdf5 is reported as corrupt.
void check_results_file(const std::string& path);

// A run id usable as an HDF5 group name (the plan escapes odd characters; this is the last guard).
bool valid_group_name(const std::string& id);

}  // namespace scmp::experiments::layout
