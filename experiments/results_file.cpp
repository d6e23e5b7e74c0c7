// HDF5 reading and writing of the scmp-sweep-v1 layout (HDF5 C++ API).
#include "experiments/results_file.hpp"

#include "experiments/results_array.hpp"

#include <H5Cpp.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>

namespace scmp::experiments {

std::vector<std::string> metric_fields() { return {"mse", "rmse", "max_abs", "rel_fro", "cosine", "bias"}; }
std::vector<std::string> cost_fields() {
  std::vector<std::string> f = {"cycles", "avg_stoc_len_row", "avg_stoc_len_mac", "energy_pj", "area_um2"};
  for (const auto& a : array_cost_fields()) f.push_back(a);
  return f;
}

namespace {

constexpr std::size_t kRunIdLen = 256, kHashLen = 16, kStatusLen = 16, kAxisStrLen = 64;

H5::StrType vlen_utf8() {
  H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
  t.setCset(H5T_CSET_UTF8);
  return t;
}

H5::StrType fixed_string(std::size_t n) {
  H5::StrType t(H5::PredType::C_S1, n);
  t.setStrpad(H5T_STR_NULLPAD);
  return t;
}

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

template <class Obj>
std::string read_string_attr(Obj& obj, const std::string& name) {
  if (!obj.attrExists(name)) return "";
  H5::Attribute a = obj.openAttribute(name);
  std::string s;
  a.read(a.getStrType(), s);
  return s;
}

template <class T>
void write_dataset(H5::Group& g, const std::string& name, const std::vector<T>& data, const std::vector<hsize_t>& dims,
                   const H5::PredType& type) {
  H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
  H5::DataSet ds = g.createDataSet(name, type, space);
  if (!data.empty()) ds.write(data.data(), type);
}

struct Layout {
  H5::CompType type;
  std::size_t size = 0;
  std::map<std::string, std::size_t> offset;
  std::vector<SweepAxis> axes;
};

Layout make_layout(const std::vector<SweepAxis>& axes) {
  std::vector<std::pair<std::string, H5::DataType>> fields;
  fields.push_back({"run_id", fixed_string(kRunIdLen)});
  fields.push_back({"config_hash", fixed_string(kHashLen)});
  fields.push_back({"status", fixed_string(kStatusLen)});
  for (const auto& a : axes) {
    fields.push_back({a.path, a.numeric ? H5::DataType(H5::PredType::NATIVE_DOUBLE) : H5::DataType(fixed_string(kAxisStrLen))});
  }
  for (const auto& m : metric_fields()) fields.push_back({m, H5::PredType::NATIVE_DOUBLE});
  for (const auto& m : cost_fields()) fields.push_back({m, H5::PredType::NATIVE_DOUBLE});
  fields.push_back({"wall_s", H5::PredType::NATIVE_DOUBLE});
  Layout l;
  l.axes = axes;
  for (const auto& f : fields) {
    l.offset[f.first] = l.size;
    l.size += f.second.getSize();
  }
  l.type = H5::CompType(l.size);
  for (const auto& f : fields) l.type.insertMember(f.first, l.offset[f.first], f.second);
  return l;
}

// Axis value as stored in a string field: the scalar as written, lists/maps as one-line flow YAML.
std::string axis_text_raw(const YAML::Node& v) {
  if (!v) return "";
  if (v.IsScalar()) return v.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << v;
  return e.c_str();
}

void put_string(std::vector<char>& row, std::size_t off, std::size_t len, const std::string& s) {
  std::memcpy(row.data() + off, s.data(), std::min(len, s.size()));
}
void put_double(std::vector<char>& row, std::size_t off, double v) { std::memcpy(row.data() + off, &v, sizeof v); }

std::string join_lines(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "\n" : "") + v[i];
  return s;
}

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

std::vector<SweepAxis> axes_of(const H5::CompType& t) {
  std::vector<SweepAxis> axes;
  const auto metrics = metric_fields();
  const int n = t.getNmembers();
  for (int i = 3; i < n; ++i) {
    const std::string name = t.getMemberName(static_cast<unsigned>(i));
    if (name == metrics.front()) break;
    axes.push_back(SweepAxis{name, "", t.getMemberClass(static_cast<unsigned>(i)) != H5T_STRING});
  }
  return axes;
}

}  // namespace

struct ResultsWriter::Impl {
  std::string path;
  H5::H5File file;
  H5::DataSet index;
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

std::unique_ptr<ResultsWriter> ResultsWriter::create(const std::string& path, const Provenance& prov,
                                                     const std::vector<SweepAxis>& axes) {
  H5::Exception::dontPrint();
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->layout = make_layout(axes);
  try {
    impl->file = H5::H5File(path, H5F_ACC_EXCL);
  } catch (const H5::Exception& e) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    throw sim::InvalidArgument("output", path, "cannot create the results file (" + e.getDetailMsg() + ")");
  }
  try {
    H5::H5File& f = impl->file;
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
    impl->index = f.createDataSet("index", impl->layout.type, space, plist);
    std::vector<std::string> axis_names;
    for (const auto& a : axes) axis_names.push_back(a.path);
    write_string_attr(impl->index, "axes", join_lines(axis_names));
    write_string_attr(impl->index, "metrics", join_lines(metric_fields()));
    write_string_attr(impl->index, "cost", join_lines(cost_fields()));
    for (const auto& [field, unit] : field_units(axes)) write_string_attr(impl->index, "unit." + field, unit);
    write_string_attr(impl->index, "cost_note",
                      "cycles and stream lengths are exact; energy_pj and area_um2 come from the cycle engine's activity "
                      "counts on at most metrics.cost.sample_rows rows of a and of b (batch 0), scaled to the operator "
                      "(operator attribute cost_sampled = 1 when sampled), times the cost table's energy per action; "
                      "area is the largest operator's lane array");
    f.createGroup("runs");
    f.flush(H5F_SCOPE_GLOBAL);
  } catch (const H5::Exception& e) {
    impl->file.close();
    std::error_code ec;
    std::filesystem::remove(path, ec);
    throw sim::InvalidArgument("output", path, "cannot write the results file (" + e.getDetailMsg() + ")");
  }
  impl->open = true;
  return std::unique_ptr<ResultsWriter>(new ResultsWriter(std::move(impl)));
}

std::unique_ptr<ResultsWriter> ResultsWriter::open_for_resume(const std::string& path, const std::vector<SweepAxis>& axes) {
  H5::Exception::dontPrint();
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->layout = make_layout(axes);
  try {
    impl->file = H5::H5File(path, H5F_ACC_RDWR);
  } catch (const H5::Exception& e) {
    throw sim::InvalidArgument("output", path, "cannot open the results file to resume (" + e.getDetailMsg() + ")");
  }
  const std::string schema = read_string_attr(impl->file, "schema");
  if (schema != kSchema) throw sim::InvalidArgument("output", path, "schema '" + schema + "' is not " + kSchema + "; cannot resume");
  impl->index = impl->file.openDataSet("index");
  const auto existing = axes_of(impl->index.getCompType());
  bool same = existing.size() == axes.size();
  for (std::size_t i = 0; same && i < axes.size(); ++i) same = existing[i].path == axes[i].path && existing[i].numeric == axes[i].numeric;
  if (!same || !(impl->index.getCompType() == impl->layout.type)) {
    throw sim::InvalidArgument("output", path, "its sweep axes differ from this configuration's; cannot resume (use a new output file)");
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
  Impl& s = *m_impl;
  H5::Group runs = s.file.openGroup("runs");
  if (runs.nameExists(point.run_id)) runs.unlink(point.run_id);  // a failed or half-written earlier attempt
  H5::Group g = runs.createGroup(point.run_id);
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
      write_double_attr(og, "mse", op.metrics.mse);
      write_double_attr(og, "rmse", op.metrics.rmse);
      write_double_attr(og, "max_abs", op.metrics.max_abs);
      write_double_attr(og, "rel_fro", op.metrics.rel_fro);
      write_double_attr(og, "cosine", op.metrics.cosine);
      write_double_attr(og, "bias", op.metrics.bias);
      write_int_attr(og, "macs", op.macs);
      write_double_attr(og, "avg_stoc_len_row", op.cost.avg_stoc_len_row);
      write_double_attr(og, "avg_stoc_len_mac", op.cost.avg_stoc_len_mac);
      write_double_attr(og, "cycles", op.cost.cycles);
      write_double_attr(og, "energy_pj", op.cost.energy_pj);
      write_double_attr(og, "area_um2", op.cost.area_um2);
      write_double_attr(og, "energy_simple_pj", op.cost.energy_simple_pj);
      write_int_attr(og, "cost_sampled", op.cost.sampled ? 1 : 0);
      write_int_attr(og, "cost_sample_rows_a", op.cost.sample_rows_a);
      write_int_attr(og, "cost_sample_rows_b", op.cost.sample_rows_b);
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
  // The /index row last: a run is finished once its row exists.
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
    m_impl->open = false;
  }
}

std::string read_root_attribute(const std::string& path, const std::string& name) {
  H5::Exception::dontPrint();
  H5::H5File f(path, H5F_ACC_RDONLY);
  return read_string_attr(f, name);
}

namespace {

struct RawIndex {
  H5::CompType type;
  std::size_t size = 0;
  std::size_t rows = 0;
  std::vector<char> bytes;
};

RawIndex read_raw_index(H5::H5File& f) {
  RawIndex r;
  H5::DataSet ds = f.openDataSet("index");
  r.type = ds.getCompType();
  r.size = r.type.getSize();
  hsize_t n = 0;
  ds.getSpace().getSimpleExtentDims(&n);
  r.rows = n;
  r.bytes.assign(r.size * n, 0);
  if (n > 0) ds.read(r.bytes.data(), r.type);
  return r;
}

std::string get_fixed(const RawIndex& r, std::size_t row, std::size_t off, std::size_t len) {
  const char* p = r.bytes.data() + row * r.size + off;
  return std::string(p, strnlen(p, len));
}

double get_double(const RawIndex& r, std::size_t row, std::size_t off) {
  double v = 0;
  std::memcpy(&v, r.bytes.data() + row * r.size + off, sizeof v);
  return v;
}

}  // namespace

IndexTable read_index(const std::string& path) {
  H5::Exception::dontPrint();
  IndexTable t;
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    if (read_string_attr(f, "schema") != kSchema) throw sim::InvalidArgument("file", path, std::string("expected schema ") + kSchema);
    const RawIndex raw = read_raw_index(f);
    t.axes = axes_of(raw.type);
    auto member = [&](const std::string& name) {
      const int i = raw.type.getMemberIndex(name);
      return std::make_pair(raw.type.getMemberOffset(static_cast<unsigned>(i)),
                            raw.type.getMemberDataType(static_cast<unsigned>(i)).getSize());
    };
    for (std::size_t i = 0; i < raw.rows; ++i) {
      IndexRow row;
      auto [o1, l1] = member("run_id");
      row.run_id = get_fixed(raw, i, o1, l1);
      auto [o2, l2] = member("config_hash");
      row.config_hash = get_fixed(raw, i, o2, l2);
      auto [o3, l3] = member("status");
      row.status = get_fixed(raw, i, o3, l3);
      for (const auto& a : t.axes) {
        auto [o, l] = member(a.path);
        row.axis_numbers.push_back(a.numeric ? get_double(raw, i, o) : std::nan(""));
        row.axis_strings.push_back(a.numeric ? "" : get_fixed(raw, i, o, l));
      }
      for (const auto& m : metric_fields()) row.metrics.push_back(get_double(raw, i, member(m).first));
      for (const auto& m : cost_fields()) row.cost.push_back(get_double(raw, i, member(m).first));
      row.wall_s = get_double(raw, i, member("wall_s").first);
      t.rows.push_back(std::move(row));
    }
  } catch (const H5::Exception& e) {
    throw sim::InvalidArgument("file", path, "cannot read the results index (" + e.getDetailMsg() + ")");
  }
  return t;
}

std::size_t merge_results(const std::vector<std::string>& inputs, const std::string& output) {
  H5::Exception::dontPrint();
  if (inputs.empty()) throw sim::InvalidArgument("inputs", "none", "expected at least one shard file");
  std::string resolved, first_schema;
  H5::CompType type;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    try {
      H5::H5File f(inputs[i], H5F_ACC_RDONLY);
      if (read_string_attr(f, "schema") != kSchema) throw sim::InvalidArgument("input", inputs[i], std::string("expected schema ") + kSchema);
      const std::string r = read_string_attr(f, "resolved_yaml");
      const H5::CompType t = f.openDataSet("index").getCompType();
      if (i == 0) {
        resolved = r;
        type = t;
      } else if (r != resolved || !(t == type)) {
        throw sim::InvalidArgument("input", inputs[i], "a different sweep (resolved configuration or axes differ from " + inputs[0] + ")");
      }
    } catch (const H5::Exception& e) {
      throw sim::InvalidArgument("input", inputs[i], "cannot read (" + e.getDetailMsg() + ")");
    }
  }
  H5::H5File out;
  try {
    out = H5::H5File(output, H5F_ACC_EXCL);
  } catch (const H5::Exception& e) {
    throw sim::InvalidArgument("output", output, "cannot create the merged file (" + e.getDetailMsg() + ")");
  }
  std::size_t written = 0;
  try {
    H5::H5File first(inputs[0], H5F_ACC_RDONLY);
    for (int i = 0; i < first.getNumAttrs(); ++i) {
      H5::Attribute a = first.openAttribute(static_cast<unsigned>(i));
      const std::string name = a.getName();
      if (a.getTypeClass() == H5T_STRING) {
        write_string_attr(out, name, read_string_attr(first, name));
      } else {
        std::int64_t v = 0;
        a.read(H5::PredType::NATIVE_INT64, &v);
        write_int_attr(out, name, v);
      }
    }
    write_string_attr(out, "merged_from", join_lines(inputs));
    H5::DataSet src_index = first.openDataSet("index");
    const hsize_t dims[1] = {0}, maxdims[1] = {H5S_UNLIMITED}, chunk[1] = {64};
    H5::DataSpace space(1, dims, maxdims);
    H5::DSetCreatPropList plist;
    plist.setChunk(1, chunk);
    H5::DataSet index = out.createDataSet("index", type, space, plist);
    for (int i = 0; i < src_index.getNumAttrs(); ++i) {
      H5::Attribute a = src_index.openAttribute(static_cast<unsigned>(i));
      write_string_attr(index, a.getName(), read_string_attr(src_index, a.getName()));
    }
    H5::Group runs = out.createGroup("runs");
    std::set<std::string> ok_hashes, seen_hashes;
    // Pass 1: ok rows (first occurrence of each hash); pass 2: failed rows of hashes that never succeeded.
    std::vector<char> rows;
    const int ih = type.getMemberIndex("config_hash"), is = type.getMemberIndex("status"), ir = type.getMemberIndex("run_id");
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& in : inputs) {
        H5::H5File f(in, H5F_ACC_RDONLY);
        const RawIndex raw = read_raw_index(f);
        for (std::size_t r = 0; r < raw.rows; ++r) {
          const std::string hash = get_fixed(raw, r, type.getMemberOffset(static_cast<unsigned>(ih)), kHashLen);
          const std::string status = get_fixed(raw, r, type.getMemberOffset(static_cast<unsigned>(is)), kStatusLen);
          const std::string id = get_fixed(raw, r, type.getMemberOffset(static_cast<unsigned>(ir)), kRunIdLen);
          if ((pass == 0) != (status == "ok")) continue;
          if (seen_hashes.count(hash) != 0) continue;
          seen_hashes.insert(hash);
          if (f.nameExists("runs/" + id) && !runs.nameExists(id)) {
            H5Ocopy(f.getId(), ("runs/" + id).c_str(), out.getId(), ("runs/" + id).c_str(), H5P_DEFAULT, H5P_DEFAULT);
          }
          rows.insert(rows.end(), raw.bytes.begin() + static_cast<std::ptrdiff_t>(r * raw.size),
                      raw.bytes.begin() + static_cast<std::ptrdiff_t>((r + 1) * raw.size));
          ++written;
        }
      }
    }
    const hsize_t n[1] = {written};
    index.extend(n);
    if (written > 0) index.write(rows.data(), type);
    out.flush(H5F_SCOPE_GLOBAL);
    out.close();
  } catch (const H5::Exception& e) {
    out.close();
    std::error_code ec;
    std::filesystem::remove(output, ec);
    throw sim::InvalidArgument("output", output, "merge failed (" + e.getDetailMsg() + ")");
  }
  return written;
}

}  // namespace scmp::experiments
