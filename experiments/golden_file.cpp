// Checked reading of scmp-golden-v1 files.
#include "experiments/golden_file.hpp"

#include <climits>
#include <cmath>

#include "experiments/contained.hpp"
#include "experiments/hdf5_reader.hpp"
#include "experiments/limits.hpp"
#include "sim/error.hpp"
#include "sim/sng/scramble.hpp"

namespace scmp::experiments {

namespace {

constexpr const char* kGoldenFormat = "scmp-golden-v1";

void check_format(const H5Reader& f) {
  const auto fmt = f.string_attr("/", "format");
  if (fmt.value_or("") != kGoldenFormat) {
    f.fail("/@format", fmt ? "'" + *fmt + "'" : "<missing>", std::string("expected ") + kGoldenFormat + " (not a golden file)");
  }
}

sim::Tensor finite_tensor(const H5Reader& f, const std::string& obj) {
  sim::Tensor t = f.tensor(obj, 2, 3);
  for (const auto d : t.shape) {
    if (d < 1) f.fail(obj, sim::shape_text(t), "expected no empty dimension");
  }
  for (std::size_t i = 0; i < t.data.size(); ++i) {
    if (!std::isfinite(t.data[i])) f.fail(obj, "element " + sim::index_text(t.shape, i) + " = " + std::to_string(t.data[i]), "expected finite values");
  }
  return t;
}

int int_attr(const H5Reader& f, const std::string& g, const char* key, int dflt) {
  const auto v = f.int_attr(g, key);
  if (!v) return dflt;
  if (*v < INT_MIN || *v > INT_MAX) f.fail(g + "@" + key, std::to_string(*v), "expected a 32-bit integer");
  return static_cast<int>(*v);
}

GoldenCase read_case(const H5Reader& f, const std::string& name) {
  if (!f.is_group(name)) f.fail(name, "<not a group>", "expected a case group holding a, b, y");
  GoldenCase c;
  c.name = name;
  c.a = finite_tensor(f, name + "/a");
  c.b = finite_tensor(f, name + "/b");
  if (c.a.rank() != c.b.rank() || c.a.dim(-1) != c.b.dim(-1) || (c.a.rank() == 3 && c.a.dim(0) != c.b.dim(0))) {
    f.fail(name + "/b", sim::shape_text(c.b), "expected the depth (and batch) of a " + sim::shape_text(c.a));
  }
  std::vector<std::int64_t> y_shape{c.a.dim(-2), c.b.dim(-2)};
  if (c.a.rank() == 3) y_shape.insert(y_shape.begin(), c.a.dim(0));
  check_limit("output_elements", checked_product(y_shape), f.path() + ":/" + name + "/y", sim::shape_text(y_shape), "the case's output size");
  c.y = finite_tensor(f, name + "/y");
  if (c.y.shape != y_shape) f.fail(name + "/y", sim::shape_text(c.y), "expected shape " + sim::shape_text(y_shape) + " (a @ bᵀ)");
  auto text = [&](const char* key, const std::string& dflt) { return f.string_attr(name, key).value_or(dflt); };
  auto& o = c.options;
  try {
    o.granularity = sim::parse_granularity(text("granularity", "per_row"));
    o.mode = sim::parse_mode(text("mode", "bipolar"));
    o.scramble.family = sim::parse_mask_family(text("scramble", "bitrev"));
  } catch (const sim::InvalidArgument& e) {
    f.fail(name + "@" + e.field(), e.value(), std::string(e.what()).substr(e.field().size() + e.value().size() + 5));
  }
  o.sc_prec = int_attr(f, name, "sc_prec", 8);
  if (const int L = int_attr(f, name, "stoc_len", 0); L != 0) o.stoc_len = L;
  if (const int G = int_attr(f, name, "rng_levels", 0); G != 0) o.rng_levels = G;
  o.halve = int_attr(f, name, "halve", 0) != 0;
  o.chunk_d = int_attr(f, name, "chunk_d", 0);
  o.group_a = int_attr(f, name, "group_a", 1);
  o.group_b = int_attr(f, name, "group_b", 1);
  o.scramble.rescale = int_attr(f, name, "scramble_rescale", 1) != 0;
  c.config = text("config", "sobol_simple");
  return c;
}

}  // namespace

std::vector<std::string> golden_case_names(const std::string& path) {
  run_contained(
      [&] {
        const H5Reader f(path);
        check_format(f);
        for (const auto& n : f.children("/")) (void)read_case(f, n);
      },
      "FILE", path);
  const H5Reader f(path);
  check_format(f);
  return f.children("/");
}

GoldenCase read_golden_case(const std::string& path, const std::string& name) {
  const H5Reader f(path);
  check_format(f);
  return read_case(f, name);
}

}  // namespace scmp::experiments
