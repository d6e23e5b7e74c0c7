// The one place scmp reads HDF5 files it did not just write (results files given to `merge` and `--resume`,
// golden files, HDF5 operands). Every read checks the object's type class and dataspace (scalar attribute,
// rank, declared size against limits()) before a byte is allocated or copied, and every failure — a missing
// object, a wrong type, an array where a scalar belongs — is an InvalidArgument naming the file and the object
// ("runs.h5:/index = <rank 2>: expected a 1-D table"), never an H5::Exception or a memory error.
//
// libhdf5 itself may crash or hang on corrupt bytes; callers that cannot trust a file run the reading in a
// child process first (contained.hpp) so such a file is reported as corrupt instead.
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/matmul/tensor.hpp"

namespace scmp::experiments {

// Owns one hid_t (closed with the right H5*close for its kind).
class H5Handle {
 public:
  H5Handle() = default;
  explicit H5Handle(hid_t id) : m_id(id) {}
  H5Handle(H5Handle&& o) noexcept : m_id(o.m_id) { o.m_id = -1; }
  H5Handle& operator=(H5Handle&& o) noexcept;
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  ~H5Handle();
  hid_t id() const { return m_id; }
  bool valid() const { return m_id >= 0; }

 private:
  hid_t m_id = -1;
};

class H5Reader {
 public:
  // Opens read-only; refuses what is not a regular file or does not carry the HDF5 signature.
  explicit H5Reader(const std::string& path);
  const std::string& path() const { return m_path; }
  hid_t file_id() const { return m_file.id(); }

  bool has(const std::string& object) const;            // every link on the path exists
  bool is_group(const std::string& object) const;
  bool is_dataset(const std::string& object) const;
  std::vector<std::string> children(const std::string& group) const;       // member names, in name order
  std::vector<std::string> attribute_names(const std::string& object) const;

  // A scalar string attribute (fixed or variable length); nullopt when absent; anything else throws.
  std::optional<std::string> string_attr(const std::string& object, const std::string& name) const;
  // A scalar integer attribute; nullopt when absent; anything else (string, float, array) throws.
  std::optional<std::int64_t> int_attr(const std::string& object, const std::string& name) const;
  bool attr_is_string(const std::string& object, const std::string& name) const;

  // Dimensions of a dataset, rank in [min_rank, max_rank], element count within limit `limit_name`.
  std::vector<std::int64_t> dims(const std::string& dataset, int min_rank, int max_rank, const std::string& limit_name) const;
  // A numeric (integer or float) dataset as float32; rank and size checked as dims() does.
  sim::Tensor tensor(const std::string& dataset, int min_rank, int max_rank) const;
  // The file type of a 1-D compound dataset (caller owns it).
  H5Handle compound_type(const std::string& dataset) const;
  // Rows of a 1-D compound dataset read as `mem_type`, which must equal the file's type member for member.
  std::vector<char> compound_rows(const std::string& dataset, hid_t mem_type, std::size_t& rows) const;

  [[noreturn]] void fail(const std::string& object, const std::string& value, const std::string& expected) const;

 private:
  H5Handle open_object(const std::string& object) const;
  H5Handle open_attr(const std::string& object, const std::string& name) const;
  std::string m_path;
  H5Handle m_file;
};

// Silences libhdf5's error printing (scmp reports errors itself). Idempotent.
void quiet_hdf5();

}  // namespace scmp::experiments
