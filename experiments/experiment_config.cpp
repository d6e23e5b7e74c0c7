// Reading, validating and writing back the configuration of one design point.
#include "experiments/experiment_config.hpp"

#include <cstdio>
#include <limits>

#include "experiments/config_reader.hpp"
#include "experiments/param_tree_yaml.hpp"
#include "experiments/rng_builders.hpp"
#include "experiments/workload.hpp"
#include "mp/policy.hpp"
#include "sim/matmul/sc_matmul.hpp"

namespace scmp::experiments {

int HardwareSection::effective_stoc_len() const {
  if (stoc_len > 0) return stoc_len;
  return (halve && mode == sim::Mode::bipolar) ? (1 << (sc_prec - 1)) : (1 << sc_prec);
}

int HardwareSection::effective_rng_levels() const {
  if (rng_levels > 0) return rng_levels;
  return (halve && mode == sim::Mode::bipolar) ? (1 << (sc_prec - 1)) : (1 << sc_prec);
}

const sim::NameTable<SmoothSource>& smooth_source_table() {
  static const sim::NameTable<SmoothSource> table(
      "smooth", {
                    {SmoothSource::off, "off", "no SmoothQuant"},
                    {SmoothSource::alpha, "alpha", "scales from the SmoothQuant formula on each operator's operands"},
                    {SmoothSource::file, "file", "scales read from the .npy at smooth_scales"},
                });
  return table;
}

std::vector<std::string> operand_source_names() { return operand_source_registry().names(); }

std::string hash_hex(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

const FieldTable<HardwareSection>& hardware_fields() {
  using H = HardwareSection;
  auto period = [](const H& h) { return static_cast<double>(1 << h.sc_prec); };
  static const FieldTable<H> table = {
      {"sc_prec", &H::sc_prec, 2, 16, {}, "bits", "RNG width p; period 2^p"},
      {"mode", enum_member(&H::mode, sim::mode_table()), 0, 0, {}, "", "sign-magnitude bipolar or asymmetric unipolar quantization"},
      {"scramble", enum_member(&H::scramble, sim::mask_family_table()), 0, 0, {}, "", "per-lane XOR mask family"},
      {"scramble_rescale", &H::scramble_rescale, 0, 0, {}, "", "apply the mask on the reduced-grid (G ≠ 2^p) path too"},
      {"multiplier", enum_member(&H::multiplier, sim::multiplier_table()), 0, 0, {}, "", "multiplier design (`scmp list multiplier`)"},
      {"rng_levels", &H::rng_levels, 0, 65536, {}, "levels", "comparator grid G; 0 = default (2^p, or 2^(p−1) with `halve`)", period, "2^p"},
      {"halve", &H::halve, 0, 0, {}, "",
       "the reference's `halve_bipolar_stoc_len`: bipolar defaults of L and G become 2^(p−1); with an explicit `stoc_len` only G is halved"},
      {"stoc_len", &H::stoc_len, 0, 65536, {}, "cycles", "stream length L; 0 = default (2^p, or 2^(p−1) with `halve`)", period, "2^p"},
      {"chunk_d", &H::chunk_d, 0, 1 << 20, {}, "lanes", "> 0: lanes = chunk_d, one scaled partial result per chunk (per_row, bipolar, 2-D only)"},
      {"granularity", enum_member(&H::granularity, sim::granularity_table()), 0, 0, {}, "", "scaling granularity (per_head: 3-D bipolar only)"},
      {"group_a", &H::group_a, 1, 1 << 24, {}, "rows", "rows of a per scale group"},
      {"group_b", &H::group_b, 1, 1 << 24, {}, "rows", "rows of b per scale group"},
      {"smooth", enum_member(&H::smooth, smooth_source_table()), 0, 0, {}, "",
       "SmoothQuant before quantization, (a ÷ s, b ⊗ s) per channel j: `alpha`: s_j = (max_i abs(a_ij))^α ÷ (max_m abs(b_mj))^(1−α) "
       "on each operator's operands (sim::compute_smooth_scales); `file`: s read from `smooth_scales`"},
      {"smooth_alpha", &H::smooth_alpha, 0, 1, {}, "", "SmoothQuant migration strength α (with `smooth: alpha`)"},
      {"smooth_scales", &H::smooth_scales, 0, 0, {}, "",
       "with `smooth: file`: a 1-D `.npy` of D scales (finite, non-zero; relative to the config file, then the cwd)"},
  };
  return table;
}

std::string hardware_fields_markdown() { return fields_markdown("hardware", hardware_fields()); }

const FieldTable<WorkloadSection>& workload_fields() {
  using W = WorkloadSection;
  static const FieldTable<W> table = {
      {"total_timesteps", &W::total_timesteps, 1, 1 << 20, {}, "steps", "diffusion steps T of the model (mp policy context)"},
      {"timestep", &W::timestep, 0, 0, {}, "step", "the diffusion step t this workload is taken at (mp policy context: schedule, adaptive)",
       [](const W& w) { return static_cast<double>(w.total_timesteps - 1); }, "total_timesteps − 1"},
      {"total_blocks", &W::total_blocks, 1, 1 << 20, {}, "blocks",
       "blocks (layers) of the model; each operator's `block` (default 0) is its index, < total_blocks (mp policy context: per_block, adaptive, free_boundary)"},
  };
  return table;
}

std::string workload_fields_markdown() { return fields_markdown("workload", workload_fields()); }

namespace {

constexpr double kHuge = 1e30;

ExperimentSection read_experiment(const ConfigReader& r) {
  ExperimentSection e;
  e.name = r.get_string("name", e.name);
  if (e.name.empty() || e.name.find('/') != std::string::npos) r.fail("name", e.name, "expected a non-empty name without '/'");
  e.seed = static_cast<std::uint64_t>(r.get_int("seed", 0, 0, std::numeric_limits<std::int64_t>::max()));
  e.output = r.get_string("output", "results/" + e.name + ".h5");
  r.reject_unknown();
  return e;
}

HardwareSection read_hardware(const ConfigReader& r, const SourceMap& sources) {
  HardwareSection h;
  read_known_fields(r, hardware_fields(), h);
  if (h.smooth == SmoothSource::file && h.smooth_scales.empty()) {
    r.fail("smooth_scales", "<missing>", "expected the path of a 1-D .npy of D scales (smooth: file)");
  }
  if (r.has("rng")) {
    const YAML::Node n = r.node("rng");
    if (n.IsScalar()) {
      h.rng.builder = n.Scalar();
    } else {
      ConfigReader rr(n, r.path("rng"), sources);
      h.rng.builder = rr.get_string("builder", h.rng.builder);
      h.rng.params = rr.has("params") ? YAML::Clone(rr.node("params")) : YAML::Node(YAML::NodeType::Map);
      rr.reject_unknown();
    }
    const auto names = rng_builder_names();
    bool found = false;
    for (const auto& b : names) found = found || b == h.rng.builder;
    if (!found) {
      std::string list;
      for (const auto& b : names) list += (list.empty() ? "" : " | ") + b;
      const auto hint = did_you_mean(h.rng.builder, names);
      throw ConfigError(sources.find(r.path("rng")), r.path("rng") + ".builder", h.rng.builder,
                        "expected " + list + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
  }
  if (!h.rng.params) h.rng.params = YAML::Node(YAML::NodeType::Map);
  const bool bipolar = h.mode == sim::Mode::bipolar;
  if (h.chunk_d > 0 && h.granularity != sim::Granularity::per_row) r.fail("chunk_d", std::to_string(h.chunk_d), "chunk_d > 0 requires granularity per_row");
  if (h.chunk_d > 0 && !bipolar) r.fail("chunk_d", std::to_string(h.chunk_d), "chunk_d > 0 requires mode bipolar");
  if (h.granularity == sim::Granularity::per_head && !bipolar) r.fail("granularity", "per_head", "per_head requires mode bipolar");
  r.reject_unknown();
  // The builder validates its own parameters now, before any run (errors name hardware.rng.params.<key>).
  validate_rng_builder(h, sources);
  return h;
}

OperandSpec read_operand(const ConfigReader& r, const std::string& key, const SourceMap& sources) {
  if (!r.has(key)) r.fail(key, "<missing>", "expected an operand source, e.g. {source: gaussian, shape: [64, 128]}");
  ConfigReader o(r.node(key), r.path(key), sources);
  OperandSpec s;
  s.source = o.get_choice("source", s.source, operand_source_names());
  if (s.source == "exhaustive_grid") {
    s.bits = static_cast<int>(o.get_int("bits", s.bits, 1, 12));
    s.shape = {std::int64_t{1} << s.bits, 1};
  } else if (s.source == "hdf5" || s.source == "npy") {
    s.path = o.get_string("path", "");
    if (s.path.empty()) o.fail("path", "<missing>", "expected the path of the operand file");
    if (s.source == "hdf5") {
      s.dataset = o.get_string("dataset", "");
      if (s.dataset.empty()) o.fail("dataset", "<missing>", "expected the dataset name inside the HDF5 file");
    }
    if (o.has("shape")) s.shape = o.get_shape("shape");  // optional: checked against the file
  } else {
    s.shape = o.get_shape("shape");
    if (s.source == "gaussian") {
      s.mean = o.get_double("mean", 0.0, -kHuge, kHuge);
      s.std = o.get_double("std", 1.0, 0.0, kHuge);
    } else if (s.source == "uniform") {
      s.low = o.get_double("low", -1.0, -kHuge, kHuge);
      s.high = o.get_double("high", 1.0, -kHuge, kHuge);
      if (!(s.low < s.high)) o.fail("high", std::to_string(s.high), "expected high > low (" + std::to_string(s.low) + ")");
    } else if (s.source == "laplace") {
      s.loc = o.get_double("loc", 0.0, -kHuge, kHuge);
      s.scale = o.get_double("scale", 1.0, 0.0, kHuge);
    } else if (s.source == "llm_activations") {
      s.std = o.get_double("std", 1.0, 0.0, kHuge);
      s.outlier_fraction = o.get_double("outlier_fraction", s.outlier_fraction, 0.0, 1.0);
      s.outlier_scale = o.get_double("outlier_scale", s.outlier_scale, 1.0, 1e6);
      s.row_scale_sigma = o.get_double("row_scale_sigma", s.row_scale_sigma, 0.0, 10.0);
      s.tail_df = o.get_double("tail_df", s.tail_df, 1.0, 1e6);
    }
  }
  o.reject_unknown();
  return s;
}

std::vector<OperatorSpec> read_workload(const ConfigReader& r, const SourceMap& sources, const HardwareSection& hw,
                                       WorkloadSection& w) {
  read_known_fields(r, workload_fields(), w);
  if (!r.has("operators")) r.fail("operators", "<missing>", "expected a mapping of operator name → {a: source, b: source}");
  const YAML::Node ops = r.node("operators");
  if (!ops.IsMap() || ops.size() == 0) r.fail("operators", node_text(ops), "expected a non-empty mapping of operators");
  std::vector<OperatorSpec> out;
  for (const auto& kv : ops) {
    OperatorSpec op;
    op.name = kv.first.as<std::string>();
    const std::string path = r.path("operators") + "." + op.name;
    if (op.name.empty() || op.name.find_first_of("/.,= ") != std::string::npos) {
      throw ConfigError(sources.find(path), path, op.name, "expected an operator name without '/', '.', ',', '=' or spaces");
    }
    ConfigReader o(kv.second, path, sources);
    op.a = read_operand(o, "a", sources);
    op.b = read_operand(o, "b", sources);
    op.block = static_cast<int>(o.get_int("block", 0, 0, w.total_blocks - 1));
    o.reject_unknown();
    const auto& sa = op.a.shape;
    const auto& sb = op.b.shape;
    if (!sa.empty() && !sb.empty()) {
      if (sa.size() != sb.size()) {
        o.fail("b", node_text(o.node("b")["shape"]), "expected the same rank as a (" + std::to_string(sa.size()) + "-D)");
      }
      if (sa.back() != sb.back()) {
        o.fail("b", "depth " + std::to_string(sb.back()), "expected the depth of a (" + std::to_string(sa.back()) + ")");
      }
      if (sa.size() == 3 && sa[0] != sb[0]) o.fail("b", "batch " + std::to_string(sb[0]), "expected the batch of a");
      if (hw.granularity == sim::Granularity::per_head && sa.size() != 3) o.fail("a", "rank " + std::to_string(sa.size()), "per_head requires 3-D operands");
      if (hw.chunk_d > 0 && sa.size() != 2) o.fail("a", "rank " + std::to_string(sa.size()), "chunk_d > 0 requires 2-D operands");
    }
    out.push_back(std::move(op));
  }
  r.reject_unknown();
  return out;
}

MetricsSection read_metrics(const ConfigReader& r, const SourceMap& sources) {
  MetricsSection m;
  m.hist_bins = static_cast<int>(r.get_int("hist_bins", m.hist_bins, 1, 1 << 16));
  m.store_outputs = r.get_bool("store_outputs", m.store_outputs);
  if (r.has("cost")) {
    const YAML::Node n = r.node("cost");
    if (n.IsScalar()) {
      m.cost.enabled = r.get_bool("cost", true);
    } else {
      ConfigReader c(n, r.path("cost"), sources);
      m.cost.enabled = c.get_bool("enabled", m.cost.enabled);
      m.cost.table = c.get_string("table", m.cost.table);
      m.cost.sample_rows = static_cast<int>(c.get_int("sample_rows", m.cost.sample_rows, 1, 1 << 16));
      m.cost.node_nm = c.get_double("node_nm", 0, 0, 1000);
      m.cost.vdd = c.get_double("vdd", 0, 0, 5);
      c.reject_unknown();
    }
  }
  r.reject_unknown();
  return m;
}

}  // namespace

ExperimentConfig resolve_config(const YAML::Node& root, const SourceMap& sources, const std::string& base_dir) {
  ConfigReader r(root, "", sources);
  ExperimentConfig c;
  c.base_dir = base_dir;
  // Misspelt sections first: a typo'd `hardwre:` must not surface as "workload missing" or silent defaults.
  for (const char* k : {"version", "experiment", "hardware", "array", "workload", "mp", "metrics", "sweep"}) (void)r.node(k);
  r.reject_unknown();
  if (r.has("version")) {
    const YAML::Node v = r.node("version");
    if (!v.IsScalar() || v.Scalar() != "1") {
      r.fail("version", node_text(v),
             "expected 1 (this is scmp's configuration schema version 1; update the file to the keys of "
             "docs/CONFIG.md and write `version: 1`)");
    }
  }
  c.experiment = read_experiment(ConfigReader(r.node("experiment"), "experiment", sources));
  c.hardware = read_hardware(ConfigReader(r.node("hardware"), "hardware", sources), sources);
  c.array = read_array(ConfigReader(r.node("array"), "array", sources));
  if (!r.has("workload")) r.fail("workload", "<missing>", "expected a workload section with operators");
  c.operators = read_workload(ConfigReader(r.node("workload"), "workload", sources), sources, c.hardware, c.workload);
  {
    const YAML::Node n = r.node("mp");
    if (n && n.IsScalar()) {
      c.mp = YAML::Node(YAML::NodeType::Map);
      c.mp["impl"] = n.Scalar();
    } else if (n && n.IsMap()) {
      c.mp = YAML::Clone(n);
    } else if (n && !n.IsNull()) {
      r.fail("mp", node_text(n), "expected `uniform` or a mapping with `impl:`");
    } else {
      c.mp = YAML::Node(YAML::NodeType::Map);
      c.mp["impl"] = "uniform";
    }
    if (!c.mp["impl"]) c.mp["impl"] = "uniform";
    c.mp_impl = c.mp["impl"].as<std::string>();
    if (!(c.mp_impl == "uniform" && c.mp.size() == 1)) {
      try {
        (void)make_policy(c.mp, "mp", c.hardware.sc_prec);
      } catch (const ConfigError&) {
        throw;
      } catch (const sim::InvalidArgument& e) {
        const std::string what = e.what();
        const std::string prefix = e.field() + " = " + e.value() + ": ";
        const std::string expected = what.rfind(prefix, 0) == 0 ? what.substr(prefix.size()) : what;
        throw ConfigError(sources.find(e.field()), e.field(), e.value(), expected);
      }
    }
  }
  c.metrics = read_metrics(ConfigReader(r.node("metrics"), "metrics", sources), sources);
  (void)r.node("sweep");  // read by the sweep planner
  r.reject_unknown();
  return c;
}

namespace {
YAML::Node operand_yaml(const OperandSpec& s) {
  YAML::Node n(YAML::NodeType::Map);
  n["source"] = s.source;
  if (s.source != "exhaustive_grid" && !s.shape.empty()) {
    YAML::Node sh(YAML::NodeType::Sequence);
    for (auto v : s.shape) sh.push_back(v);
    sh.SetStyle(YAML::EmitterStyle::Flow);
    n["shape"] = sh;
  }
  if (s.source == "gaussian") {
    n["mean"] = s.mean;
    n["std"] = s.std;
  } else if (s.source == "uniform") {
    n["low"] = s.low;
    n["high"] = s.high;
  } else if (s.source == "laplace") {
    n["loc"] = s.loc;
    n["scale"] = s.scale;
  } else if (s.source == "llm_activations") {
    n["std"] = s.std;
    n["outlier_fraction"] = s.outlier_fraction;
    n["outlier_scale"] = s.outlier_scale;
    n["row_scale_sigma"] = s.row_scale_sigma;
    n["tail_df"] = s.tail_df;
  } else if (s.source == "exhaustive_grid") {
    n["bits"] = s.bits;
  } else {
    n["path"] = s.path;
    if (s.source == "hdf5") n["dataset"] = s.dataset;
  }
  return n;
}
}  // namespace

YAML::Node to_yaml(const ExperimentConfig& c) {
  YAML::Node root(YAML::NodeType::Map);
  root["version"] = 1;
  root["experiment"]["name"] = c.experiment.name;
  root["experiment"]["seed"] = c.experiment.seed;
  root["experiment"]["output"] = c.experiment.output;
  root["hardware"] = write_fields(hardware_fields(), c.hardware);
  root["hardware"]["rng"]["builder"] = c.hardware.rng.builder;
  root["hardware"]["rng"]["params"] = YAML::Clone(c.hardware.rng.params);
  root["array"] = array_yaml(c.array);
  root["workload"] = write_fields(workload_fields(), c.workload);
  // One lookup per section, then appends: operator names are unique (the loader refuses a key written twice),
  // and yaml-cpp's map operator[] is a linear scan, so a lookup per operator made this quadratic
  // (docs/RELIABILITY.md, "validation linear in the config size").
  YAML::Node operators(YAML::NodeType::Map);
  for (const auto& op : c.operators) {
    YAML::Node entry(YAML::NodeType::Map);
    entry.force_insert("a", operand_yaml(op.a));
    entry.force_insert("b", operand_yaml(op.b));
    entry.force_insert("block", op.block);
    operators.force_insert(op.name, entry);
  }
  root["workload"]["operators"] = operators;
  root["mp"] = YAML::Clone(c.mp);
  root["metrics"]["hist_bins"] = c.metrics.hist_bins;
  root["metrics"]["store_outputs"] = c.metrics.store_outputs;
  root["metrics"]["cost"]["enabled"] = c.metrics.cost.enabled;
  root["metrics"]["cost"]["table"] = c.metrics.cost.table;
  root["metrics"]["cost"]["sample_rows"] = c.metrics.cost.sample_rows;
  root["metrics"]["cost"]["node_nm"] = c.metrics.cost.node_nm;
  root["metrics"]["cost"]["vdd"] = c.metrics.cost.vdd;
  return root;
}

std::string to_yaml_text(const ExperimentConfig& c) {
  YAML::Emitter e;
  e.SetDoublePrecision(17);
  e << to_yaml(c);
  return std::string(e.c_str()) + "\n";
}

}  // namespace scmp::experiments
