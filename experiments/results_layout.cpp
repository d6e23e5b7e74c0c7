// The /index layout and checked reading of existing results files.
#include "experiments/results_layout.hpp"

#include <cstring>
#include <exception>

#include "experiments/limits.hpp"

#include "experiments/results_file.hpp"
#include "sim/error.hpp"

namespace scmp::experiments::layout {

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
    if (l.offset.count(f.first) != 0) throw sim::InvalidArgument("sweep axis", f.first, "clashes with an /index field name");
    l.offset[f.first] = l.size;
    l.size += f.second.getSize();
  }
  l.type = H5::CompType(l.size);
  for (const auto& f : fields) l.type.insertMember(f.first, l.offset[f.first], f.second);
  return l;
}

std::string join_lines(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "\n" : "") + v[i];
  return s;
}

std::string CheckedIndex::text(std::size_t row, const std::string& field, std::size_t len) const {
  const char* p = bytes.data() + row * layout.size + layout.offset.at(field);
  return std::string(p, strnlen(p, len));
}

double CheckedIndex::number(std::size_t row, const std::string& field) const {
  double v = 0;
  std::memcpy(&v, bytes.data() + row * layout.size + layout.offset.at(field), sizeof v);
  return v;
}

CheckedIndex read_checked_index(const H5Reader& file) {
  const auto schema = file.string_attr("/", "schema");
  if (schema.value_or("") != kSchema) {
    file.fail("/@schema", schema ? "'" + *schema + "'" : "<missing>", std::string("expected ") + kSchema + " (not a scmp sweep results file)");
  }
  const H5Handle type = file.compound_type("index");
  const int n = H5Tget_nmembers(type.id());
  if (n < 3) file.fail("index", "<" + std::to_string(n) + " fields>", "expected the scmp-sweep-v1 /index fields");
  std::vector<SweepAxis> axes;
  for (int i = 3; i < n; ++i) {
    char* name = H5Tget_member_name(type.id(), static_cast<unsigned>(i));
    if (name == nullptr) file.fail("index", "<unreadable field>", "corrupt table type");
    const std::string s(name);
    H5free_memory(name);
    if (s == metric_fields().front()) break;
    axes.push_back(SweepAxis{s, "", H5Tget_member_class(type.id(), static_cast<unsigned>(i)) != H5T_STRING});
  }
  CheckedIndex ci;
  try {
    ci.layout = make_layout(axes);
  } catch (const sim::InvalidArgument&) {
    file.fail("index", "<duplicate fields>", "expected the scmp-sweep-v1 /index fields");
  }
  ci.bytes = file.compound_rows("index", ci.layout.type.getId(), ci.rows);
  return ci;
}

namespace {

// Every object below `obj` (a tree walk of bounded size and depth): attributes read, datasets opened.
void visit(const H5Reader& file, const std::string& obj, int depth, std::size_t& objects) {
  if (++objects > static_cast<std::size_t>(limits().index_rows) * 64 || depth > 16) {
    file.fail(obj, "<too many or too deeply nested objects>", "not a scmp results file");
  }
  for (const auto& a : file.attribute_names(obj)) {
    if (file.attr_is_string(obj, a)) (void)file.string_attr(obj, a);
  }
  if (file.is_dataset(obj)) {
    H5Handle d(H5Dopen2(file.file_id(), obj.c_str(), H5P_DEFAULT));
    H5Handle t(d.valid() ? H5Dget_type(d.id()) : -1), s(d.valid() ? H5Dget_space(d.id()) : -1);
    if (!d.valid() || !t.valid() || !s.valid()) file.fail(obj, "<unreadable>", "cannot open the dataset (corrupt file?)");
  } else if (file.is_group(obj)) {
    for (const auto& c : file.children(obj)) visit(file, (obj == "/" ? "/" : obj + "/") + c, depth + 1, objects);
  }
}

}  // namespace

void check_results_file(const std::string& path) {
  const H5Reader file(path);
  const CheckedIndex ci = read_checked_index(file);
  for (const auto& a : file.attribute_names("/")) {
    if (file.attr_is_string("/", a)) (void)file.string_attr("/", a);
    else (void)file.int_attr("/", a);
  }
  for (const auto& a : file.attribute_names("index")) (void)file.string_attr("index", a);
  if (file.has("runs") && !file.is_group("runs")) file.fail("runs", "<not a group>", "expected the group of runs");
  for (std::size_t r = 0; r < ci.rows; ++r) {
    const std::string id = ci.text(r, "run_id", kRunIdLen);
    if (!valid_group_name(id)) file.fail("index", "run_id '" + id + "'", "not a valid run id (row " + std::to_string(r) + ")");
  }
  // The objects a reader uses: /index and the groups of the runs it lists (a group without a row is a run
  // cut short, e.g. by a full disk; --resume replaces it and merge never reads it).
  std::size_t objects = 0;
  visit(file, "/index", 1, objects);
  for (std::size_t r = 0; r < ci.rows; ++r) {
    const std::string group = "runs/" + ci.text(r, "run_id", kRunIdLen);
    if (file.is_group(group)) visit(file, "/" + group, 2, objects);
  }
}

bool valid_group_name(const std::string& id) {
  if (id.empty() || id == "." || id == "..") return false;
  for (const unsigned char c : id) {
    if (c < 0x20 || c == 0x7f || c == '/') return false;
  }
  return true;
}

}  // namespace scmp::experiments::layout
