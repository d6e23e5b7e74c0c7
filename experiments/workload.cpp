// Deterministic synthetic operands and operand files.
#include "experiments/workload.hpp"

#include <H5Cpp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>

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

std::int64_t numel(const std::vector<std::int64_t>& s) {
  return std::accumulate(s.begin(), s.end(), std::int64_t{1}, std::multiplies<>());
}

std::string shape_text(const std::vector<std::int64_t>& s) {
  std::string t = "[";
  for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
  return t + "]";
}

}  // namespace

std::string resolve_data_path(const std::string& path, const std::string& base_dir) {
  namespace fs = std::filesystem;
  if (fs::path(path).is_absolute()) return path;
  const fs::path rel = fs::path(base_dir) / path;
  if (fs::exists(rel)) return rel.string();
  return path;
}

sim::Tensor read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sim::InvalidArgument("path", path, "cannot open the .npy file");
  char magic[6];
  in.read(magic, 6);
  if (!in || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw sim::InvalidArgument("path", path, "not a .npy file");
  unsigned char ver[2];
  in.read(reinterpret_cast<char*>(ver), 2);
  std::uint32_t hlen = 0;
  if (ver[0] == 1) {
    unsigned char b[2];
    in.read(reinterpret_cast<char*>(b), 2);
    hlen = b[0] | (b[1] << 8);
  } else {
    unsigned char b[4];
    in.read(reinterpret_cast<char*>(b), 4);
    hlen = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
  }
  std::string header(hlen, ' ');
  in.read(header.data(), hlen);
  if (!in) throw sim::InvalidArgument("path", path, "truncated .npy header");
  auto field = [&](const std::string& key) {
    const auto k = header.find("'" + key + "'");
    if (k == std::string::npos) throw sim::InvalidArgument("path", path, "malformed .npy header (no " + key + ")");
    return header.substr(header.find(':', k) + 1);
  };
  std::string descr = field("descr");
  descr = descr.substr(descr.find('\'') + 1);
  descr = descr.substr(0, descr.find('\''));
  if (field("fortran_order").find("True") < field("fortran_order").find(',')) {
    throw sim::InvalidArgument("path", path, "Fortran-ordered .npy arrays are not supported (save with C order)");
  }
  std::string sh = field("shape");
  sh = sh.substr(sh.find('(') + 1);
  sh = sh.substr(0, sh.find(')'));
  std::vector<std::int64_t> shape;
  std::size_t pos = 0;
  while (pos < sh.size()) {
    const auto comma = sh.find(',', pos);
    const std::string tok = sh.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (tok.find_first_of("0123456789") != std::string::npos) shape.push_back(std::stoll(tok));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  const std::int64_t n = numel(shape);
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
  else if (descr == "<i8") read_as(std::int64_t{});
  else throw sim::InvalidArgument("path", path, "unsupported .npy dtype '" + descr + "' (expected <f4, <f8, <i4 or <i8)");
  return t;
}

sim::Tensor read_hdf5_dataset(const std::string& path, const std::string& dataset) {
  H5::Exception::dontPrint();
  if (!std::filesystem::exists(path)) throw sim::InvalidArgument("path", path, "file not found");
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    if (!f.nameExists(dataset)) throw sim::InvalidArgument("dataset", dataset, "no such dataset in " + path);
    H5::DataSet ds = f.openDataSet(dataset);
    H5::DataSpace sp = ds.getSpace();
    const int rank = sp.getSimpleExtentNdims();
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    sp.getSimpleExtentDims(dims.data());
    std::vector<std::int64_t> shape(dims.begin(), dims.end());
    if (ds.getTypeClass() != H5T_FLOAT && ds.getTypeClass() != H5T_INTEGER) {
      throw sim::InvalidArgument("dataset", dataset, "expected a numeric dataset");
    }
    sim::Tensor t(shape, 0.0f);
    ds.read(t.data.data(), H5::PredType::NATIVE_FLOAT);
    return t;
  } catch (const H5::Exception& e) {
    throw sim::InvalidArgument("path", path, "cannot read HDF5 dataset " + dataset + ": " + e.getDetailMsg());
  }
}

sim::Tensor make_operand(const OperandSpec& spec, std::uint64_t seed, const std::string& base_dir,
                         const std::string& key_path, const SourceMap& sources) {
  if (spec.source == "hdf5" || spec.source == "npy") {
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
  sim::Tensor t(spec.shape, 0.0f);
  Draws draw(seed);
  if (spec.source == "exhaustive_grid") {
    // Every value k / (2^n − 1) of the n-bit grid, one per row (depth 1): a · bᵀ holds every (a, b) pair.
    const std::int64_t n = spec.shape[0];
    for (std::int64_t k = 0; k < n; ++k) t.data[static_cast<std::size_t>(k)] = static_cast<float>(static_cast<double>(k) / static_cast<double>(n - 1 > 0 ? n - 1 : 1));
  } else if (spec.source == "gaussian") {
    for (auto& v : t.data) v = static_cast<float>(spec.mean + spec.std * draw.normal());
  } else if (spec.source == "uniform") {
    for (auto& v : t.data) v = static_cast<float>(spec.low + (spec.high - spec.low) * draw.uniform());
  } else if (spec.source == "laplace") {
    for (auto& v : t.data) v = static_cast<float>(spec.loc + spec.scale * draw.laplace());
  } else if (spec.source == "llm_activations") {
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
  return t;
}

}  // namespace scmp::experiments
