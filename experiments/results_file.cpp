// HDF5 reading and writing of the scmp-sweep-v1 layout (HDF5 C++ API).
#include "experiments/results_file.hpp"

#include "experiments/results_array.hpp"

#include <H5Cpp.h>
#include <sys/statvfs.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>

#include "experiments/atomic_output.hpp"
#include "experiments/config_reader.hpp"
#include "experiments/contained.hpp"
#include "experiments/hdf5_reader.hpp"
#include "experiments/results_layout.hpp"

namespace scmp::experiments {

std::vector<std::string> metric_fields() { return {"mse", "rmse", "max_abs", "rel_fro", "cosine", "bias"}; }
std::vector<std::string> cost_fields() {
  std::vector<std::string> f = {"cycles", "avg_stoc_len_row", "avg_stoc_len_mac", "energy_pj", "area_um2"};
  for (const auto& a : array_cost_fields()) f.push_back(a);
  return f;
}

namespace {

using namespace layout;

// Axis value as stored in a string field: the scalar as written, lists/maps as one-line flow YAML.
std::string axis_text_raw(const YAML::Node& v) { return v ? node_text(v) : ""; }

void put_string(std::vector<char>& row, std::size_t off, std::size_t len, const std::string& s) {
  std::memcpy(row.data() + off, s.data(), std::min(len, s.size()));
}

template <class T>
void write_dataset(H5::Group& g, const std::string& name, const std::vector<T>& data, const std::vector<hsize_t>& dims,
                   const H5::PredType& type) {
  H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
  H5::DataSet ds = g.createDataSet(name, type, space);
  if (!data.empty()) ds.write(data.data(), type);
}

void put_double(std::vector<char>& row, std::size_t off, double v) { std::memcpy(row.data() + off, &v, sizeof v); }

// Units of /index fields (axes included, by their dotted path).
std::map<std::string, std::string> field_units(const std::vector<SweepAxis>& axes) {
  std::map<std::string, std::string> u{{"cycles", "cycles"},         {"avg_stoc_len_row", "cycles"}, {"avg_stoc_len_mac", "cycles"},
                                       {"energy_pj", "pJ"},          {"area_um2", "um^2"},           {"wall_s", "s"},
                                       {"mse", "(output units)^2"},  {"rmse", "output units"},       {"max_abs", "output units"},
                                       {"bias", "output units"},     {"rel_fro", "1"},               {"cosine", "1"}};
  for (const auto& [field, unit] : array_units()) u[field] = unit;
  for (const auto& a : axes) {
    if (a.path == "hardware.stoc_len") u[a.path] = "cycles";
    if (a.path == "hardware.rng_levels") u[a.path] = "levels";
    if (a.path == "hardware.sc_prec") u[a.path] = "bits";
  }
  return u;
}

}  // namespace

struct ResultsWriter::Impl {
  std::string path;
  // Owned through pointers so that after a failed write (a full disk) they can be abandoned: libhdf5
  // crashes (SIGSEGV in H5F__close) closing a file whose metadata flush failed. The file on disk then
  // holds what the last successful flush wrote; the process exits without closing it (main() calls
  // H5dont_atexit()).
  std::unique_ptr<H5::H5File> file_ptr = std::make_unique<H5::H5File>();
  std::unique_ptr<H5::DataSet> index_ptr = std::make_unique<H5::DataSet>();
  H5::H5File& file = *file_ptr;
  H5::DataSet& index = *index_ptr;
  Layout layout;
  bool open = false;
};

ResultsWriter::ResultsWriter(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ResultsWriter::~ResultsWriter() {
  try {
    close();
  } catch (...) {
  }
}

namespace {

// The skeleton of a new file: provenance attributes, an empty /index, an empty /runs.
void write_skeleton(H5::H5File& f, const Provenance& prov, const Layout& layout) {
  write_string_attr(f, "schema", kSchema);
  write_string_attr(f, "tool_version", prov.tool_version);
  write_string_attr(f, "git_commit", prov.git_commit);
  write_string_attr(f, "host", prov.host);
  write_string_attr(f, "created_utc", prov.created_utc);
  write_string_attr(f, "experiment", prov.experiment);
  write_int_attr(f, "seed", prov.seed);
  write_string_attr(f, "config_yaml", prov.config_yaml);
  write_string_attr(f, "resolved_yaml", prov.resolved_yaml);
  write_string_attr(f, "backend", prov.backend);
  write_cost_provenance(f, prov);
  const hsize_t dims[1] = {0}, maxdims[1] = {H5S_UNLIMITED}, chunk[1] = {64};
  H5::DataSpace space(1, dims, maxdims);
  H5::DSetCreatPropList plist;
  plist.setChunk(1, chunk);
  H5::DataSet index = f.createDataSet("index", layout.type, space, plist);
  std::vector<std::string> axis_names;
  for (const auto& a : layout.axes) axis_names.push_back(a.path);
  write_string_attr(index, "axes", join_lines(axis_names));
  write_string_attr(index, "metrics", join_lines(metric_fields()));
  write_string_attr(index, "cost", join_lines(cost_fields()));
  for (const auto& [field, unit] : field_units(layout.axes)) write_string_attr(index, "unit." + field, unit);
  write_string_attr(index, "cost_note",
                    "cycles and stream lengths are exact; energy_pj and area_um2 come from the cycle engine's activity "
                    "counts on at most metrics.cost.sample_rows rows of a and of b (batch 0), scaled to the operator "
                    "(operator attribute cost_sampled = 1 when sampled), times the cost table's energy per action; "
                    "area is the largest operator's lane array");
  f.createGroup("runs");
  f.flush(H5F_SCOPE_GLOBAL);
}

// "(disk full: 0 bytes free)" when the file system is (nearly) full: libhdf5's own message does not say so.
std::string space_hint(const std::string& path) {
  struct statvfs v {};
  const std::string dir = std::filesystem::path(path).parent_path().string();
  if (::statvfs(dir.empty() ? "." : dir.c_str(), &v) != 0) return "";
  const unsigned long long free_bytes = static_cast<unsigned long long>(v.f_bavail) * v.f_frsize;
  return free_bytes < (1ull << 20) ? " (disk full: " + std::to_string(free_bytes) + " bytes free)" : "";
}

}  // namespace

std::unique_ptr<ResultsWriter> ResultsWriter::create(const std::string& path, const Provenance& prov,
                                                     const std::vector<SweepAxis>& axes, bool replace) {
  H5::Exception::dontPrint();
  quiet_hdf5();
  check_output_path(path, replace);
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->layout = make_layout(axes);
  // Built complete under a temporary name, then published: the path never holds a half-made file and an
  // existing file (another sweep's) is never replaced or removed.
  const std::string temp = temp_path_for(path);
  try {
    H5::H5File f(temp, H5F_ACC_EXCL);
    write_skeleton(f, prov, impl->layout);
    f.close();
  } catch (const H5::Exception& e) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);  // ours: created exclusively above
    throw sim::InvalidArgument("output", path, "cannot write the results file (" + e.getDetailMsg() + ")" + space_hint(temp));
  }
  publish(temp, path, replace);
  try {
    impl->file = H5::H5File(path, H5F_ACC_RDWR);
    impl->index = impl->file.openDataSet("index");
  } catch (const H5::Exception& e) {
    throw sim::InvalidArgument("output", path, "cannot open the new results file (" + e.getDetailMsg() + ")");
  }
  impl->open = true;
  return std::unique_ptr<ResultsWriter>(new ResultsWriter(std::move(impl)));
}

std::unique_ptr<ResultsWriter> ResultsWriter::open_for_resume(const std::string& path, const std::vector<SweepAxis>& axes) {
  H5::Exception::dontPrint();
  quiet_hdf5();
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->layout = make_layout(axes);
  // An untrusted file: checked in a child process first (libhdf5 may crash or hang on corrupt bytes).
  run_contained(
      [&] {
        check_results_file(path);
        const CheckedIndex ci = read_checked_index(H5Reader(path));
        bool same = ci.layout.axes.size() == axes.size();
        for (std::size_t i = 0; same && i < axes.size(); ++i) same = ci.layout.axes[i].path == axes[i].path && ci.layout.axes[i].numeric == axes[i].numeric;
        if (!same) throw sim::InvalidArgument("output", path, "its sweep axes differ from this configuration's; cannot resume (use a new output file)");
      },
      "output", path);
  try {
    impl->file = H5::H5File(path, H5F_ACC_RDWR);
  } catch (const H5::Exception& e) {
    throw sim::InvalidArgument("output", path,
                               "cannot open the results file to resume: another scmp process is writing it (HDF5 file lock), or it "
                               "is read-only (" + e.getDetailMsg() + ")");
  }
  try {
    impl->index = impl->file.openDataSet("index");
    if (!(impl->index.getCompType() == impl->layout.type)) {
      throw sim::InvalidArgument("output", path, "its sweep axes differ from this configuration's; cannot resume (use a new output file)");
    }
  } catch (const H5::Exception& e) {
    throw sim::InvalidArgument("output", path, "cannot resume (" + e.getDetailMsg() + ")");
  }
  impl->open = true;
  return std::unique_ptr<ResultsWriter>(new ResultsWriter(std::move(impl)));
}

std::set<std::string> ResultsWriter::finished_hashes() const {
  std::set<std::string> out;
  for (const auto& r : read_index(m_impl->path).rows) {
    if (r.status == "ok") out.insert(r.config_hash);
  }
  return out;
}

void ResultsWriter::append(const DesignPoint& point, const RunResult& result) {
  if (!valid_group_name(point.run_id)) throw sim::InvalidArgument("run id", point.run_id, "not usable as an HDF5 group name");
  if (!m_impl->open) throw sim::Error("internal: append to a closed results file " + m_impl->path);
  try {
    append_unchecked(point, result);
  } catch (const H5::Exception& e) {
    m_impl->open = false;
    (void)m_impl->file_ptr.release();  // abandoned, see Impl
    (void)m_impl->index_ptr.release();
    throw sim::Error("cannot append run " + point.run_id + " to " + m_impl->path + " (" + e.getDetailMsg() + ")" +
                     space_hint(m_impl->path) + "; the runs appended before it are intact (rerun with --resume)");
  }
}

void ResultsWriter::append_unchecked(const DesignPoint& point, const RunResult& result) {
  Impl& s = *m_impl;
  H5::Group runs = s.file.openGroup("runs");
  if (runs.nameExists(point.run_id)) runs.unlink(point.run_id);  // a failed earlier attempt (retried)
  // Built as an anonymous group and linked under its run id only once complete: a write that fails
  // (full disk) leaves no half-written group behind a name.
  const hid_t gid = H5Gcreate_anon(runs.getId(), H5P_DEFAULT, H5P_DEFAULT);
  if (gid < 0) throw H5::GroupIException("H5Gcreate_anon", "cannot create the run group");
  H5::Group g(gid);
  if (H5Iget_ref(gid) > 1) H5Idec_ref(gid);  // the wrapper took its own reference
  write_string_attr(g, "config_yaml", point.resolved_yaml);
  write_string_attr(g, "config_hash", point.config_hash);
  write_string_attr(g, "status", result.ok ? "ok" : "failed");
  if (!result.ok) write_string_attr(g, "error", result.error);
  write_run_warnings(g, result);
  write_double_attr(g, "wall_s", result.wall_s);
  if (result.ok) {
    H5::Group ops = g.createGroup("ops");
    for (const auto& op : result.ops) {
      H5::Group og = ops.createGroup(op.name);
      const auto& m = op.metrics;
      const auto& c = op.cost;
      for (const auto& [name, v] : {std::pair<const char*, double>{"mse", m.mse}, {"rmse", m.rmse}, {"max_abs", m.max_abs},
                                    {"rel_fro", m.rel_fro}, {"cosine", m.cosine}, {"bias", m.bias}}) {
        write_double_attr(og, name, v);
      }
      write_int_attr(og, "macs", op.macs);
      for (const auto& [name, v] : {std::pair<const char*, double>{"avg_stoc_len_row", c.avg_stoc_len_row}, {"avg_stoc_len_mac", c.avg_stoc_len_mac},
                                    {"cycles", c.cycles}, {"energy_pj", c.energy_pj}, {"area_um2", c.area_um2},
                                    {"energy_simple_pj", c.energy_simple_pj}}) {
        write_double_attr(og, name, v);
      }
      write_int_attr(og, "cost_sampled", c.sampled ? 1 : 0);
      write_int_attr(og, "cost_sample_rows_a", c.sample_rows_a);
      write_int_attr(og, "cost_sample_rows_b", c.sample_rows_b);
      write_array_op(og, op);
      write_dataset(og, "row_stoc_len", op.row_stoc_len, {op.row_stoc_len.size()}, H5::PredType::NATIVE_INT32);
      write_dataset(og, "error_hist_counts", op.hist_counts, {op.hist_counts.size()}, H5::PredType::NATIVE_INT64);
      write_dataset(og, "error_hist_edges", op.hist_edges, {op.hist_edges.size()}, H5::PredType::NATIVE_DOUBLE);
      if (!op.y.shape.empty()) {
        std::vector<hsize_t> dims(op.y.shape.begin(), op.y.shape.end());
        write_dataset(og, "y", op.y.data, dims, H5::PredType::NATIVE_FLOAT);
        write_dataset(og, "accumulators", op.accumulators, {op.accumulators.size()}, H5::PredType::NATIVE_INT64);
      }
    }
  }
  s.file.flush(H5F_SCOPE_GLOBAL);  // the bulk data first: a full disk fails here, before any name exists
  if (H5Olink(g.getId(), runs.getId(), point.run_id.c_str(), H5P_DEFAULT, H5P_DEFAULT) < 0) {
    throw H5::GroupIException("H5Olink", "cannot link the run group");
  }
  // The run's group reaches the disk before its /index row is written (a full disk then fails here, and
  // no row points at a half-written group). The /index row last: a run is finished once its row exists.
  s.file.flush(H5F_SCOPE_GLOBAL);
  std::vector<char> row(s.layout.size, 0);
  put_string(row, s.layout.offset["run_id"], kRunIdLen, point.run_id);
  put_string(row, s.layout.offset["config_hash"], kHashLen, point.config_hash);
  put_string(row, s.layout.offset["status"], kStatusLen, result.ok ? "ok" : "failed");
  for (std::size_t a = 0; a < s.layout.axes.size(); ++a) {
    const auto& axis = s.layout.axes[a];
    if (axis.numeric) put_double(row, s.layout.offset[axis.path], axis_number(point.values[a]));
    else put_string(row, s.layout.offset[axis.path], kAxisStrLen, axis_text_raw(point.values[a]));
  }
  const double nan = std::nan("");
  const std::vector<double> mv = {result.metrics.mse, result.metrics.rmse, result.metrics.max_abs,
                                  result.metrics.rel_fro, result.metrics.cosine, result.metrics.bias};
  const std::vector<double> cv = cost_values(result.cost);
  const auto mf = metric_fields();
  const auto cf = cost_fields();
  for (std::size_t i = 0; i < mf.size(); ++i) put_double(row, s.layout.offset[mf[i]], result.ok ? mv[i] : nan);
  for (std::size_t i = 0; i < cf.size(); ++i) put_double(row, s.layout.offset[cf[i]], result.ok ? cv[i] : nan);
  put_double(row, s.layout.offset["wall_s"], result.wall_s);
  hsize_t n = 0;
  s.index.getSpace().getSimpleExtentDims(&n);
  const hsize_t new_size[1] = {n + 1};
  s.index.extend(new_size);
  H5::DataSpace fspace = s.index.getSpace();
  const hsize_t start[1] = {n}, count[1] = {1};
  fspace.selectHyperslab(H5S_SELECT_SET, count, start);
  H5::DataSpace mspace(1, count);
  s.index.write(row.data(), s.layout.type, mspace, fspace);
  s.file.flush(H5F_SCOPE_GLOBAL);
}

void ResultsWriter::close() {
  if (m_impl && m_impl->open) {
    m_impl->index.close();
    m_impl->file.close();
    m_impl->file_ptr.reset();
    m_impl->index_ptr.reset();
    m_impl->open = false;
  }
}

std::string read_root_attribute(const std::string& path, const std::string& name) {
  const H5Reader file(path);
  return file.string_attr("/", name).value_or("");
}

IndexTable read_index(const std::string& path) {
  const H5Reader file(path);
  const CheckedIndex ci = read_checked_index(file);
  IndexTable t;
  t.axes = ci.layout.axes;
  for (std::size_t i = 0; i < ci.rows; ++i) {
    IndexRow row;
    row.run_id = ci.text(i, "run_id", kRunIdLen);
    row.config_hash = ci.text(i, "config_hash", kHashLen);
    row.status = ci.text(i, "status", kStatusLen);
    for (const auto& a : t.axes) {
      row.axis_numbers.push_back(a.numeric ? ci.number(i, a.path) : std::nan(""));
      row.axis_strings.push_back(a.numeric ? "" : ci.text(i, a.path, kAxisStrLen));
    }
    for (const auto& m : metric_fields()) row.metrics.push_back(ci.number(i, m));
    for (const auto& m : cost_fields()) row.cost.push_back(ci.number(i, m));
    row.wall_s = ci.number(i, "wall_s");
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace scmp::experiments
