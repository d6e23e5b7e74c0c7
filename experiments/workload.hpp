// Operand tensors of a workload: synthetic sources drawn from explicit seeds (gaussian, uniform, laplace,
// LLM-like activations with heavy tails and outlier channels), the exhaustive n-bit grid, and tensors read
// from HDF5 or .npy files.
#pragma once
#include <cstdint>
#include <string>

#include "experiments/experiment_config.hpp"
#include "sim/base/registry.hpp"
#include "sim/matmul/tensor.hpp"

namespace scmp::experiments {

// An operand source (workload.operators.<op>.a.source): a seeded generator that fills a tensor of spec.shape,
// or none for the sources read from files (hdf5, npy).
struct OperandSource {
  void (*fill)(const OperandSpec& spec, std::uint64_t seed, sim::Tensor& t) = nullptr;
};
// The sources, their descriptions and keys, in listing order (`scmp list source`).
const sim::Registry<OperandSource>& operand_source_registry();

// Contract: the same (spec, seed) gives the same tensor on every platform (SplitMix64 draws, no std::
// distributions). File operands are checked: the file and dataset exist, rank 2 or 3, the shape equals
// spec.shape when given, every value finite; violations throw ConfigError at `key_path` (e.g.
// "workload.operators.q.a") located through `sources`.
sim::Tensor make_operand(const OperandSpec& spec, std::uint64_t seed, const std::string& base_dir,
                         const std::string& key_path, const SourceMap& sources);

// Reads a float32/float64/int .npy file (C order, little endian) as float32.
sim::Tensor read_npy(const std::string& path);
// Reads a numeric HDF5 dataset as float32.
sim::Tensor read_hdf5_dataset(const std::string& path, const std::string& dataset);

// Resolves a path written in a config: absolute as is, else relative to base_dir when that file exists,
// else relative to the current directory.
std::string resolve_data_path(const std::string& path, const std::string& base_dir);

}  // namespace scmp::experiments
