// Deterministic synthetic operands and operand files.
#include "experiments/workload.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "experiments/contained.hpp"
#include "experiments/hdf5_reader.hpp"
#include "experiments/limits.hpp"
#include "sim/rng/splitmix.hpp"

namespace scmp::experiments {

namespace {

// A counter-based source of uniforms and normals (platform independent apart from libm's last ulp).
class Draws {
 public:
  explicit Draws(std::uint64_t seed) : m_seed(seed) {}
  double uniform() {  // (0, 1)
    const std::uint64_t x = sim::splitmix64_at(m_seed, m_i++);
    return (static_cast<double>(x >> 11) + 0.5) * (1.0 / 9007199254740992.0);
  }
  double normal() {
    if (m_has_spare) {
      m_has_spare = false;
      return m_spare;
    }
    const double u1 = uniform(), u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    m_spare = r * std::sin(2.0 * M_PI * u2);
    m_has_spare = true;
    return r * std::cos(2.0 * M_PI * u2);
  }
  double laplace() {
    const double u = uniform() - 0.5;
    return -(u < 0 ? -1.0 : 1.0) * std::log(1.0 - 2.0 * std::fabs(u));
  }
  double gamma(double shape) {  // Marsaglia–Tsang, scale 1
    if (shape < 1.0) return gamma(shape + 1.0) * std::pow(uniform(), 1.0 / shape);
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    while (true) {
      double x = normal(), v = 1.0 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const double u = uniform();
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
    }
  }
  double student_t(double df) { return normal() / std::sqrt(2.0 * gamma(df / 2.0) / df); }

 private:
  std::uint64_t m_seed;
  std::uint64_t m_i = 0;
  bool m_has_spare = false;
  double m_spare = 0;
};

std::string shape_text(const std::vector<std::int64_t>& s) {
  std::string t = "[";
  for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
  return t + "]";
}

// Seeded generators: one per synthetic source, each drawing from its own Draws(seed).
void fill_exhaustive_grid(const OperandSpec& spec, std::uint64_t, sim::Tensor& t) {
  // Every value k / (2^n − 1) of the n-bit grid, one per row (depth 1): a · bᵀ holds every (a, b) pair.
  const std::int64_t n = spec.shape[0];
  for (std::int64_t k = 0; k < n; ++k) t.data[static_cast<std::size_t>(k)] = static_cast<float>(static_cast<double>(k) / static_cast<double>(n - 1 > 0 ? n - 1 : 1));
}

void fill_gaussian(const OperandSpec& spec, std::uint64_t seed, sim::Tensor& t) {
  Draws draw(seed);
  for (auto& v : t.data) v = static_cast<float>(spec.mean + spec.std * draw.normal());
}

void fill_uniform(const OperandSpec& spec, std::uint64_t seed, sim::Tensor& t) {
  Draws draw(seed);
  for (auto& v : t.data) v = static_cast<float>(spec.low + (spec.high - spec.low) * draw.uniform());
}

void fill_laplace(const OperandSpec& spec, std::uint64_t seed, sim::Tensor& t) {
  Draws draw(seed);
  for (auto& v : t.data) v = static_cast<float>(spec.loc + spec.scale * draw.laplace());
}

void fill_llm_activations(const OperandSpec& spec, std::uint64_t seed, sim::Tensor& t) {
  Draws draw(seed);
  // Token (row) scales are log-normal; a few channels (columns) carry outliers outlier_scale× larger —
  // the structure that makes per-row quantization of LLM activations hard.
  const std::int64_t depth = t.dim(-1);
  const std::int64_t rows = t.numel() / depth;
  std::vector<double> channel(static_cast<std::size_t>(depth), 1.0);
  std::int64_t outliers = static_cast<std::int64_t>(std::llround(spec.outlier_fraction * static_cast<double>(depth)));
  if (spec.outlier_fraction > 0 && outliers == 0) outliers = 1;
  std::vector<std::int64_t> idx(static_cast<std::size_t>(depth));
  std::iota(idx.begin(), idx.end(), 0);
  for (std::int64_t i = 0; i < outliers; ++i) {  // partial Fisher–Yates
    const auto j = i + static_cast<std::int64_t>(draw.uniform() * static_cast<double>(depth - i));
    std::swap(idx[static_cast<std::size_t>(i)], idx[static_cast<std::size_t>(std::min(j, depth - 1))]);
    channel[static_cast<std::size_t>(idx[static_cast<std::size_t>(i)])] = spec.outlier_scale;
  }
  for (std::int64_t r = 0; r < rows; ++r) {
    const double row_scale = std::exp(spec.row_scale_sigma * draw.normal());
    for (std::int64_t c = 0; c < depth; ++c) {
      t.data[static_cast<std::size_t>(r * depth + c)] =
          static_cast<float>(spec.std * row_scale * channel[static_cast<std::size_t>(c)] * draw.student_t(spec.tail_df));
    }
  }
}

}  // namespace

const sim::Registry<OperandSource>& operand_source_registry() {
  const sim::ParamSpec k_shape{"shape", "int list", "", "[rows, depth] or [batch, rows, depth]"};
  const sim::ParamSpec k_path{"path", "path", "", "the file (relative to the config file)"};
  const sim::ParamSpec k_file_shape{"shape", "int list", "", "optional: checked against the file"};
  static const sim::Registry<OperandSource> r(
      "source",
      {
          {"gaussian", "i.i.d. normal values",
           {k_shape,
            {"mean", "real", "0", "mean"},
            {"std", "real", "1", "standard deviation"}},
           {fill_gaussian}},
          {"uniform", "i.i.d. uniform values in [low, high)",
           {k_shape,
            {"low", "real", "-1", "lower bound"},
            {"high", "real", "1", "upper bound (> low)"}},
           {fill_uniform}},
          {"laplace", "i.i.d. Laplace values",
           {k_shape,
            {"loc", "real", "0", "location"},
            {"scale", "real", "1", "scale"}},
           {fill_laplace}},
          {"llm_activations", "LLM-like activations: log-normal row scales, outlier channels, Student-t tails",
           {k_shape,
            {"std", "real", "1", "base standard deviation"},
            {"outlier_fraction", "real", "0.01", "share of channels (columns) that are outliers"},
            {"outlier_scale", "real", "20", "their magnitude relative to the others"},
            {"row_scale_sigma", "real", "0.5", "log-normal spread of per-token (row) scales"},
            {"tail_df", "real", "4", "Student-t degrees of freedom"}},
           {fill_llm_activations}},
          {"exhaustive_grid", "every value k/(2^n - 1) of the n-bit grid, one per row (depth 1)",
           {{"bits", "int", "4", "n, 1..12"}},
           {fill_exhaustive_grid}},
          {"hdf5", "a numeric dataset of an HDF5 file (2-D or 3-D, finite)",
           {k_path,
            {"dataset", "name", "", "the dataset inside it"},
            k_file_shape},
           {nullptr}},
          {"npy", "a .npy file (float32/float64/int, C order, 2-D or 3-D, finite)",
           {k_path,
            k_file_shape},
           {nullptr}},
      });
  return r;
}

std::string resolve_data_path(const std::string& path, const std::string& base_dir) {
  namespace fs = std::filesystem;
  if (fs::path(path).is_absolute()) return path;
  const fs::path rel = fs::path(base_dir) / path;
  if (fs::exists(rel)) return rel.string();
  return path;
}

namespace {

// The value of `'key':` in a .npy header dict (the text up to the next top-level comma or the closing brace).
std::string npy_field(const std::string& header, const std::string& key, const std::string& path) {
  const auto k = header.find("'" + key + "'");
  const auto colon = k == std::string::npos ? std::string::npos : header.find(':', k);
  if (colon == std::string::npos) throw sim::InvalidArgument("path", path, "malformed .npy header (no '" + key + "')");
  return header.substr(colon + 1);
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

sim::Tensor read_npy(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw sim::InvalidArgument("path", path, fs::exists(path, ec) ? "not a regular file" : "cannot open the .npy file");
  const auto file_size = static_cast<std::int64_t>(fs::file_size(path, ec));
  std::ifstream in(path, std::ios::binary);
  if (!in || ec) throw sim::InvalidArgument("path", path, "cannot open the .npy file");
  char magic[6];
  in.read(magic, 6);
  if (!in || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw sim::InvalidArgument("path", path, "not a .npy file");
  unsigned char ver[2] = {0, 0};
  in.read(reinterpret_cast<char*>(ver), 2);
  if (!in || ver[0] < 1 || ver[0] > 3) throw sim::InvalidArgument("path", path, "unsupported .npy format version " + std::to_string(ver[0]));
  std::uint32_t hlen = 0;
  unsigned char b[4] = {0, 0, 0, 0};
  in.read(reinterpret_cast<char*>(b), ver[0] == 1 ? 2 : 4);
  hlen = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
  const std::int64_t data_start = (ver[0] == 1 ? 10 : 12) + static_cast<std::int64_t>(hlen);
  if (!in || hlen > (1u << 20) || data_start > file_size) throw sim::InvalidArgument("path", path, "truncated or malformed .npy header");
  std::string header(hlen, ' ');
  in.read(header.data(), hlen);
  if (!in) throw sim::InvalidArgument("path", path, "truncated .npy header");
  std::string descr = npy_field(header, "descr", path);
  const auto q1 = descr.find('\'');
  const auto q2 = q1 == std::string::npos ? std::string::npos : descr.find('\'', q1 + 1);
  if (q2 == std::string::npos) throw sim::InvalidArgument("path", path, "malformed .npy header (descr)");
  descr = descr.substr(q1 + 1, q2 - q1 - 1);
  const std::string fortran = trim(npy_field(header, "fortran_order", path));
  if (fortran.rfind("True", 0) == 0) throw sim::InvalidArgument("path", path, "Fortran-ordered .npy arrays are not supported (save with C order)");
  if (fortran.rfind("False", 0) != 0) throw sim::InvalidArgument("path", path, "malformed .npy header (fortran_order)");
  std::string sh = npy_field(header, "shape", path);
  const auto open = sh.find('(');
  const auto close = open == std::string::npos ? std::string::npos : sh.find(')', open);
  if (close == std::string::npos) throw sim::InvalidArgument("path", path, "malformed .npy header (shape)");
  sh = sh.substr(open + 1, close - open - 1);
  std::vector<std::int64_t> shape;
  std::size_t pos = 0;
  while (pos <= sh.size()) {
    const auto comma = sh.find(',', pos);
    const std::string tok = trim(sh.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (!tok.empty()) {
      if (tok.size() > 18 || tok.find_first_not_of("0123456789") != std::string::npos) {
        throw sim::InvalidArgument("path", path, "malformed .npy shape (" + sh + ")");
      }
      shape.push_back(std::stoll(tok));
      if (shape.size() > 8) throw sim::InvalidArgument("path", path, "malformed .npy shape (" + sh + ")");
    } else if (comma != std::string::npos && shape.empty()) {
      throw sim::InvalidArgument("path", path, "malformed .npy shape (" + sh + ")");
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  if (shape.empty()) throw sim::InvalidArgument("path", path, "a 0-d (scalar) array; expected a 2-D or 3-D tensor");
  std::size_t item = 0;
  if (descr == "<f4" || descr == "<i4") item = 4;
  else if (descr == "<f8" || descr == "<i8") item = 8;
  else throw sim::InvalidArgument("path", path, "unsupported .npy dtype '" + descr + "' (expected <f4, <f8, <i4 or <i8)");
  const std::int64_t n = checked_product(shape);
  check_limit("operand_elements", n, "path", path, "the .npy array's declared element count");
  if (n * static_cast<std::int64_t>(item) > file_size - data_start) {
    throw sim::InvalidArgument("path", path, "truncated .npy data (the header declares " + std::to_string(n) + " values, the file holds " +
                                                 std::to_string((file_size - data_start) / static_cast<std::int64_t>(item)) + ")");
  }
  sim::Tensor t(shape, 0.0f);
  auto read_as = [&](auto tag) {
    using T = decltype(tag);
    std::vector<T> buf(static_cast<std::size_t>(n));
    in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size() * sizeof(T)));
    if (!in) throw sim::InvalidArgument("path", path, "truncated .npy data (expected " + std::to_string(n) + " values)");
    for (std::size_t i = 0; i < buf.size(); ++i) t.data[i] = static_cast<float>(buf[i]);
  };
  if (descr == "<f4") read_as(float{});
  else if (descr == "<f8") read_as(double{});
  else if (descr == "<i4") read_as(std::int32_t{});
  else read_as(std::int64_t{});
  return t;
}

sim::Tensor read_hdf5_dataset(const std::string& path, const std::string& dataset) {
  if (!std::filesystem::exists(path)) throw sim::InvalidArgument("path", path, "file not found");
  // An untrusted file: checked in a child first (libhdf5 may crash or hang on corrupt bytes).
  run_contained(
      [&] {
        const H5Reader file(path);
        if (!file.is_dataset(dataset)) throw sim::InvalidArgument("dataset", dataset, "no such dataset in " + path);
        (void)file.tensor(dataset, 0, 8);
      },
      "path", path);
  const H5Reader file(path);
  if (!file.is_dataset(dataset)) throw sim::InvalidArgument("dataset", dataset, "no such dataset in " + path);
  return file.tensor(dataset, 0, 8);
}

sim::Tensor make_operand(const OperandSpec& spec, std::uint64_t seed, const std::string& base_dir,
                         const std::string& key_path, const SourceMap& sources) {
  const OperandSource& source = operand_source_registry().at(spec.source).factory;
  if (source.fill == nullptr) {  // a file source
    const std::string file = resolve_data_path(spec.path, base_dir);
    sim::Tensor t;
    try {
      t = spec.source == "npy" ? read_npy(file) : read_hdf5_dataset(file, spec.dataset);
    } catch (const sim::InvalidArgument& e) {
      const std::string key = e.field() == "dataset" ? "dataset" : "path";
      throw ConfigError(sources.find(key_path + "." + key), key_path + "." + key, e.value(),
                        std::string(e.what()).substr(e.field().size() + e.value().size() + 5));
    }
    if (t.rank() < 2 || t.rank() > 3) {
      throw ConfigError(sources.find(key_path + ".path"), key_path + ".path", spec.path,
                        "expected a 2-D or 3-D tensor, found shape " + shape_text(t.shape));
    }
    for (const auto d : t.shape) {
      if (d < 1) {
        throw ConfigError(sources.find(key_path + ".path"), key_path + ".path", spec.path,
                          "expected at least one row, column and batch entry, found shape " + shape_text(t.shape));
      }
    }
    if (!spec.shape.empty() && spec.shape != t.shape) {
      throw ConfigError(sources.find(key_path + ".shape"), key_path + ".shape", shape_text(spec.shape),
                        "the file holds shape " + shape_text(t.shape));
    }
    for (std::size_t i = 0; i < t.data.size(); ++i) {
      if (!std::isfinite(t.data[i])) {
        throw ConfigError(sources.find(key_path + ".path"), key_path + ".path", spec.path,
                          "expected finite values; element " + std::to_string(i) + " is " + std::to_string(t.data[i]));
      }
    }
    return t;
  }
  try {
    check_limit("operand_elements", checked_product(spec.shape), key_path + ".shape", shape_text(spec.shape), "the operand's element count");
  } catch (const sim::InvalidArgument& e) {
    throw ConfigError(sources.find(key_path + ".shape"), key_path + ".shape", e.value(),
                      std::string(e.what()).substr(e.field().size() + e.value().size() + 5));
  }
  sim::Tensor t(spec.shape, 0.0f);
  source.fill(spec, seed, t);
  return t;
}

}  // namespace scmp::experiments
