// The typed, validated configuration of one design point (schema `version: 1`, docs/CONFIG.md): what the
// hardware is, which operands it multiplies, which MP policy assigns stream lengths, what is measured.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "experiments/array_config.hpp"
#include "experiments/config_error.hpp"
#include "sim/base/multiplier_kind.hpp"
#include "sim/matmul/sc_matmul.hpp"
#include "sim/sng/scramble.hpp"

namespace scmp::experiments {

struct ExperimentSection {
  std::string name = "sweep";
  std::uint64_t seed = 0;          // root of every random choice (sim::derive_seed(seed, "workload.<op>.a"))
  std::string output;              // default results/<name>.h5
};

struct RngSection {
  std::string builder = "sobol_simple";  // RNG configuration builder (scmp list rng)
  YAML::Node params;                     // the builder's parameters (a mapping; empty = its defaults)
};

// Where hardware.smooth takes the SmoothQuant scales from: nowhere (off), the SmoothQuant formula (alpha), a
// .npy file (file).
enum class SmoothSource { off, alpha, file };
const sim::NameTable<SmoothSource>& smooth_source_table();  // off | alpha | file

// The enum-valued keys are held typed: parsed once (with the config's located errors) where the YAML is read,
// written back by to_yaml as the same names (sim's NameTables), so the resolved text and its hash are the ones
// of the strings.
struct HardwareSection {
  int sc_prec = 8;
  sim::Mode mode = sim::Mode::bipolar;                     // bipolar | unipolar
  RngSection rng;
  sim::MaskFamily scramble = sim::MaskFamily::bitrev;      // off | counter | bitrev | random
  bool scramble_rescale = true;
  sim::Multiplier multiplier = sim::Multiplier::enable;    // enable | thermometer | and | xnor
  int rng_levels = 0;                    // G; 0 = default (2^sc_prec, or 2^(sc_prec-1) with halve)
  bool halve = false;
  int stoc_len = 0;                      // L; 0 = default
  int chunk_d = 0;
  sim::Granularity granularity = sim::Granularity::per_row;  // per_row | per_tensor | per_head
  int group_a = 1;
  int group_b = 1;
  // SmoothQuant (§5.7, sim::MatmulOptions::smooth_scales): (a ÷ s, b ⊗ s) before quantization, with s from the
  // SmoothQuant formula on each operator's operands (alpha) or read from a .npy file (file).
  SmoothSource smooth = SmoothSource::off;  // off | alpha | file
  double smooth_alpha = 0.5;             // alpha: migration strength α
  std::string smooth_scales;             // file: path of a 1-D .npy of D scales
  int effective_stoc_len() const;        // the L a uniform run uses
  int effective_rng_levels() const;
};

// Where the values of one operand come from.
struct OperandSpec {
  std::string source = "gaussian";       // gaussian | uniform | laplace | llm_activations | exhaustive_grid | hdf5 | npy
  std::vector<std::int64_t> shape;       // {rows, depth} or {batch, rows, depth}
  double mean = 0.0, std = 1.0;          // gaussian, llm_activations (std)
  double low = -1.0, high = 1.0;         // uniform
  double loc = 0.0, scale = 1.0;         // laplace
  double outlier_fraction = 0.01;        // llm_activations: share of channels (columns) that are outliers
  double outlier_scale = 20.0;           // llm_activations: their magnitude relative to the others
  double row_scale_sigma = 0.5;          // llm_activations: log-normal spread of per-token (row) scales
  double tail_df = 4.0;                  // llm_activations: Student-t degrees of freedom (heavy tails)
  int bits = 4;                          // exhaustive_grid: the n-bit grid
  std::string path;                      // hdf5 / npy (relative paths resolved against the config file)
  std::string dataset;                   // hdf5
};

struct OperatorSpec {
  std::string name;
  OperandSpec a, b;
  int block = 0;                         // the layer / block index of the model this operator belongs to
};

// Where in a model (transformer blocks, diffusion timesteps) the workload sits: the MP policies' context
// (mp::OperatorContext timestep / block, read by the adaptive, per_block, free_boundary and schedule policies).
struct WorkloadSection {
  int timestep = 0;                      // diffusion step t …
  int total_timesteps = 1;               // … of T
  int total_blocks = 1;                  // blocks of the model (each operator's `block` is one of them)
};

struct CostSection {
  bool enabled = true;
  std::string table = "configs/cost/generic_45nm.yaml";  // relative to the config file, then to the cwd
  int sample_rows = 16;                  // activity measured on ≤ this many rows of a and of b, then scaled
  double node_nm = 0;                    // technology node to scale the table to (0: the table's own)
  double vdd = 0;                        // supply voltage to scale the table to (0: the table's own)
};

struct MetricsSection {
  int hist_bins = 64;
  bool store_outputs = false;
  CostSection cost;
};

struct ExperimentConfig {
  ExperimentSection experiment;
  HardwareSection hardware;
  ArraySection array;                    // the systolic PE array (array_config.hpp)
  WorkloadSection workload;
  std::vector<OperatorSpec> operators;
  YAML::Node mp;                         // mapping with `impl:` (uniform or any policy of scmp::mp)
  std::string mp_impl = "uniform";
  MetricsSection metrics;
  std::string base_dir = ".";            // directory of the main config file (relative operand / table paths)
};

// The hardware keys except `rng` (a nested builder section read by hand), declared once like array_fields().
const FieldTable<HardwareSection>& hardware_fields();
std::string hardware_fields_markdown();
// The workload keys besides `operators`, declared the same way.
const FieldTable<WorkloadSection>& workload_fields();
std::string workload_fields_markdown();

// Reads and validates the configuration tree (without `sweep:`), filling defaults. Every error is a
// ConfigError with location and key path; unknown keys get a did-you-mean suggestion.
ExperimentConfig resolve_config(const YAML::Node& root, const SourceMap& sources, const std::string& base_dir);

// The resolved configuration with every default written out (stored with the results; hashed for resume).
YAML::Node to_yaml(const ExperimentConfig& config);
std::string to_yaml_text(const ExperimentConfig& config);

// 64-bit FNV-1a of a text, as 16 lowercase hex digits.
std::string hash_hex(const std::string& text);

// Names accepted by each choice key (also printed by `scmp list`).
std::vector<std::string> operand_source_names();

}  // namespace scmp::experiments
