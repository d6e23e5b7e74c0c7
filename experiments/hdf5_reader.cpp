// Checked reads of untrusted HDF5 files through the C API (no exceptions cross it; every status is checked).
#include "experiments/hdf5_reader.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <utility>

#include "experiments/limits.hpp"
#include "sim/error.hpp"

namespace scmp::experiments {

void quiet_hdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

H5Handle& H5Handle::operator=(H5Handle&& o) noexcept {
  if (this != &o) {
    H5Handle tmp(m_id);
    m_id = o.m_id;
    o.m_id = -1;
  }
  return *this;
}

H5Handle::~H5Handle() {
  if (m_id < 0) return;
  switch (H5Iget_type(m_id)) {
    case H5I_FILE: H5Fclose(m_id); break;
    case H5I_GROUP: H5Gclose(m_id); break;
    case H5I_DATASET: H5Dclose(m_id); break;
    case H5I_ATTR: H5Aclose(m_id); break;
    case H5I_DATATYPE: H5Tclose(m_id); break;
    case H5I_DATASPACE: H5Sclose(m_id); break;
    default: H5Oclose(m_id); break;
  }
}

namespace {

std::string obj_text(const std::string& object) { return object.empty() || object[0] != '/' ? "/" + object : object; }

// Element count of a simple dataspace (scalar = 1); -1 for anything else (null space, bad id).
std::int64_t space_points(hid_t space, std::vector<std::int64_t>* dims_out, int* rank_out) {
  const H5S_class_t cls = H5Sget_simple_extent_type(space);
  if (cls == H5S_SCALAR) {
    if (rank_out) *rank_out = 0;
    return 1;
  }
  if (cls != H5S_SIMPLE) return -1;
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > H5S_MAX_RANK) return -1;
  std::vector<hsize_t> d(static_cast<std::size_t>(rank));
  if (H5Sget_simple_extent_dims(space, d.data(), nullptr) < 0) return -1;
  std::vector<std::int64_t> dims;
  for (auto v : d) dims.push_back(v > static_cast<hsize_t>(INT64_MAX) ? -1 : static_cast<std::int64_t>(v));
  if (rank_out) *rank_out = rank;
  if (dims_out) *dims_out = dims;
  return checked_product(dims);
}

std::string dims_text(const std::vector<std::int64_t>& d) {
  std::string s = "[";
  for (std::size_t i = 0; i < d.size(); ++i) s += (i ? ", " : "") + std::to_string(d[i]);
  return s + "]";
}

}  // namespace

H5Reader::H5Reader(const std::string& path) : m_path(path) {
  quiet_hdf5();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw sim::InvalidArgument("file", path, "not found");
  if (!S_ISREG(st.st_mode)) throw sim::InvalidArgument("file", path, "not a regular file");
  {
    std::ifstream in(path, std::ios::binary);
    char sig[8] = {0};
    in.read(sig, 8);
    // The signature may also sit at 512, 1024, ... (a user block); H5Fis_accessible finds those.
    if (!in || std::memcmp(sig, "\x89HDF\r\n\x1a\n", 8) != 0) {
#if H5_VERSION_GE(1, 12, 0)
      const htri_t is_hdf5 = H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
      const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
#endif
      if (is_hdf5 <= 0) throw sim::InvalidArgument("file", path, "not an HDF5 file");
    }
  }
  m_file = H5Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!m_file.valid()) {
    // libhdf5 locks files with flock(2); a writer (a running sweep) holds an exclusive lock.
    const int fd = ::open(path.c_str(), O_RDONLY);
    const bool locked = fd >= 0 && ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    if (fd >= 0) ::close(fd);
    if (locked) throw sim::InvalidArgument("file", path, "locked: another process (a running scmp sweep?) is writing it; wait for it to finish");
    throw sim::InvalidArgument("file", path, "cannot open as HDF5 (corrupt file?)");
  }
}

void H5Reader::fail(const std::string& object, const std::string& value, const std::string& expected) const {
  throw sim::InvalidArgument(m_path + ":" + obj_text(object), value, expected);
}

bool H5Reader::has(const std::string& object) const {
  std::string prefix;
  std::size_t pos = 0;
  const std::string o = obj_text(object);
  while (pos < o.size()) {
    const auto slash = o.find('/', pos + 1);
    prefix = o.substr(0, slash);
    if (prefix.size() > 1 && H5Lexists(m_file.id(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) break;
    pos = slash;
  }
  return true;
}

H5Handle H5Reader::open_object(const std::string& object) const {
  if (!has(object)) fail(object, "<missing>", "expected this object");
  H5Handle h(H5Oopen(m_file.id(), obj_text(object).c_str(), H5P_DEFAULT));
  if (!h.valid()) fail(object, "<unreadable>", "cannot open (corrupt file?)");
  return h;
}

namespace {
H5I_type_t object_kind(hid_t file, const std::string& object) {
  const H5Handle h(H5Oopen(file, object.c_str(), H5P_DEFAULT));
  return h.valid() ? H5Iget_type(h.id()) : H5I_BADID;
}
}  // namespace

bool H5Reader::is_group(const std::string& object) const {
  return has(object) && object_kind(m_file.id(), obj_text(object)) == H5I_GROUP;
}

bool H5Reader::is_dataset(const std::string& object) const {
  return has(object) && object_kind(m_file.id(), obj_text(object)) == H5I_DATASET;
}

namespace {
herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->push_back(name);
  return 0;
}
herr_t collect_attr(hid_t, const char* name, const H5A_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->push_back(name);
  return 0;
}
}  // namespace

std::vector<std::string> H5Reader::children(const std::string& group) const {
  if (!is_group(group)) fail(group, "<not a group>", "expected a group");
  std::vector<std::string> names;
  if (H5Literate_by_name(m_file.id(), obj_text(group).c_str(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_name, &names,
                          H5P_DEFAULT) < 0) {
    fail(group, "<unreadable>", "cannot list the group (corrupt file?)");
  }
  return names;
}

std::vector<std::string> H5Reader::attribute_names(const std::string& object) const {
  std::vector<std::string> names;
  if (H5Aiterate_by_name(m_file.id(), obj_text(object).c_str(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_attr, &names,
                         H5P_DEFAULT) < 0) {
    fail(object, "<unreadable>", "cannot list its attributes (corrupt file?)");
  }
  return names;
}

H5Handle H5Reader::open_attr(const std::string& object, const std::string& name) const {
  if (!has(object)) fail(object, "<missing>", "expected this object");
  const htri_t e = H5Aexists_by_name(m_file.id(), obj_text(object).c_str(), name.c_str(), H5P_DEFAULT);
  if (e < 0) fail(object, "<unreadable>", "cannot read its attributes (corrupt file?)");
  if (e == 0) return H5Handle();
  H5Handle a(H5Aopen_by_name(m_file.id(), obj_text(object).c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT));
  if (!a.valid()) fail(object + "@" + name, "<unreadable>", "cannot open the attribute (corrupt file?)");
  return a;
}

namespace {
// The type and space of attribute `a` (at `where`), both readable and the type of class `cls`; else fail() with
// value `not_class` and `expected`.
std::pair<H5Handle, H5Handle> attr_type_and_space(const H5Reader& r, const H5Handle& a, const std::string& where, H5T_class_t cls,
                                                  const char* not_class, const char* expected) {
  H5Handle t(H5Aget_type(a.id())), s(H5Aget_space(a.id()));
  if (!t.valid() || !s.valid()) r.fail(where, "<unreadable>", "cannot read the attribute (corrupt file?)");
  if (H5Tget_class(t.id()) != cls) r.fail(where, not_class, expected);
  return {std::move(t), std::move(s)};
}
}  // namespace

bool H5Reader::attr_is_string(const std::string& object, const std::string& name) const {
  const H5Handle a = open_attr(object, name);
  if (!a.valid()) return false;
  const H5Handle t(H5Aget_type(a.id()));
  return t.valid() && H5Tget_class(t.id()) == H5T_STRING;
}

std::optional<std::string> H5Reader::string_attr(const std::string& object, const std::string& name) const {
  const H5Handle a = open_attr(object, name);
  if (!a.valid()) return std::nullopt;
  const std::string where = object + "@" + name;
  const auto [t, s] = attr_type_and_space(*this, a, where, H5T_STRING, "<not a string>", "expected a string attribute");
  int rank = 0;
  if (space_points(s.id(), nullptr, &rank) != 1 || rank != 0) fail(where, "<not a scalar>", "expected one string (a scalar attribute)");
  const htri_t var = H5Tis_variable_str(t.id());
  if (var < 0) fail(where, "<unreadable>", "cannot read the string type (corrupt file?)");
  if (var > 0) {
    H5Handle mt(H5Tcopy(H5T_C_S1));
    H5Tset_size(mt.id(), H5T_VARIABLE);
    H5Tset_cset(mt.id(), H5Tget_cset(t.id()));  // libhdf5 converts neither way between ASCII and UTF-8
    char* p = nullptr;
    if (H5Aread(a.id(), mt.id(), &p) < 0) fail(where, "<unreadable>", "cannot read the string (corrupt file?)");
    std::string out = p ? std::string(p) : std::string();
    if (p) H5free_memory(p);
    return out;
  }
  const std::size_t n = H5Tget_size(t.id());
  if (n == 0 || n > static_cast<std::size_t>(limits().config_bytes)) fail(where, std::to_string(n) + " bytes", "expected a string of at most config_bytes");
  H5Handle mt(H5Tcopy(H5T_C_S1));
  H5Tset_size(mt.id(), n);
  H5Tset_cset(mt.id(), H5Tget_cset(t.id()));
  std::vector<char> buf(n + 1, 0);
  if (H5Aread(a.id(), mt.id(), buf.data()) < 0) fail(where, "<unreadable>", "cannot read the string (corrupt file?)");
  return std::string(buf.data(), strnlen(buf.data(), n));
}

std::optional<std::int64_t> H5Reader::int_attr(const std::string& object, const std::string& name) const {
  const H5Handle a = open_attr(object, name);
  if (!a.valid()) return std::nullopt;
  const std::string where = object + "@" + name;
  const auto [t, s] = attr_type_and_space(*this, a, where, H5T_INTEGER, "<not an integer>", "expected an integer attribute");
  if (space_points(s.id(), nullptr, nullptr) != 1) fail(where, "<not a scalar>", "expected one integer (a scalar attribute)");
  std::int64_t v = 0;
  if (H5Aread(a.id(), H5T_NATIVE_INT64, &v) < 0) fail(where, "<unreadable>", "cannot read the integer (out of range or corrupt)");
  return v;
}

std::vector<std::int64_t> H5Reader::dims(const std::string& dataset, int min_rank, int max_rank, const std::string& limit_name) const {
  if (!is_dataset(dataset)) fail(dataset, has(dataset) ? "<not a dataset>" : "<missing>", "expected a dataset");
  const H5Handle d = open_object(dataset);
  const H5Handle s(H5Dget_space(d.id()));
  if (!s.valid()) fail(dataset, "<unreadable>", "cannot read its dataspace (corrupt file?)");
  std::vector<std::int64_t> dims;
  int rank = 0;
  const std::int64_t n = space_points(s.id(), &dims, &rank);
  if (n < 0) fail(dataset, "<empty dataspace>", "expected a simple dataspace");
  if (rank < min_rank || rank > max_rank) {
    fail(dataset, "rank " + std::to_string(rank) + " " + dims_text(dims),
         "expected rank " + std::to_string(min_rank) + (max_rank > min_rank ? ".." + std::to_string(max_rank) : ""));
  }
  check_limit(limit_name, n, m_path + ":" + obj_text(dataset), dims_text(dims), "its declared element count");
  return dims;
}

sim::Tensor H5Reader::tensor(const std::string& dataset, int min_rank, int max_rank) const {
  const auto shape = dims(dataset, min_rank, max_rank, "operand_elements");
  const H5Handle d = open_object(dataset);
  const H5Handle t(H5Dget_type(d.id()));
  const H5T_class_t cls = t.valid() ? H5Tget_class(t.id()) : H5T_NO_CLASS;
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) fail(dataset, "<not numeric>", "expected a numeric (integer or float) dataset");
  sim::Tensor out;
  out.shape = shape;
  out.data.assign(static_cast<std::size_t>(checked_product(shape)), 0.0f);
  if (!out.data.empty() && H5Dread(d.id(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data.data()) < 0) {
    fail(dataset, "<unreadable>", "cannot read the values (corrupt file, or values out of float range)");
  }
  return out;
}

H5Handle H5Reader::compound_type(const std::string& dataset) const {
  (void)dims(dataset, 1, 1, "index_rows");
  const H5Handle d = open_object(dataset);
  H5Handle t(H5Dget_type(d.id()));
  if (!t.valid() || H5Tget_class(t.id()) != H5T_COMPOUND) fail(dataset, "<not a table>", "expected a compound (table) dataset");
  return t;
}

std::vector<char> H5Reader::compound_rows(const std::string& dataset, hid_t mem_type, std::size_t& rows) const {
  const auto d1 = dims(dataset, 1, 1, "index_rows");
  const H5Handle file_type = compound_type(dataset);
  if (H5Tequal(file_type.id(), mem_type) <= 0) fail(dataset, "<other fields>", "its fields differ from the scmp layout");
  rows = static_cast<std::size_t>(d1[0]);
  const std::size_t size = H5Tget_size(mem_type);
  std::vector<char> bytes(rows * size, 0);
  const H5Handle d = open_object(dataset);
  if (rows > 0 && H5Dread(d.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()) < 0) {
    fail(dataset, "<unreadable>", "cannot read the rows (corrupt file?)");
  }
  return bytes;
}

}  // namespace scmp::experiments
