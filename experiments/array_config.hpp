// The `array:` section: the systolic PE array that runs a workload's matmuls (docs/CONFIG.md, "array").
// Declared once in array_fields(); reading, writing back, hashing, HDF5 units and the docs derive from it.
#pragma once
#include <string>

#include "experiments/field_table.hpp"

namespace scmp::experiments {

struct ArraySection {
  int rows = 16;                        // PE rows (SCALE-Sim ArrayHeight)
  int cols = 16;                        // PE columns (SCALE-Sim ArrayWidth)
  std::string dataflow = "os";          // os | ws | is (output-, weight-, input-stationary)
  std::string mac = "sc";               // sc: a MAC step takes its stream length L; binary: one cycle
  double clock_mhz = 500.0;
  double ifmap_sram_kib = 64;           // operand a (activations) buffer
  double filter_sram_kib = 64;          // operand b (weights) buffer
  double ofmap_sram_kib = 64;           // output buffer
  int word_bits = 8;                    // a and b words in the buffers and in DRAM
  int ofmap_word_bits = 8;              // output / partial-sum words
  int sram_banks = 1;                   // banks per buffer (an access touches one bank: energy by bank size)
  double dram_gbps = 16.0;              // off-chip bandwidth, GB/s (stalls when DRAM outruns compute)
  std::string rng_share = "row";        // pe | row | column | array: one RNG per PE, array row, column, array
  std::string sng_share = "pe";         // pe: each PE converts its binary words (2 comparators per PE);
                                        // edge: a's SNG at the row edge, b's at the column edge, bits flow
};

const FieldTable<ArraySection>& array_fields();

// Reads `array:` (an absent section gives the defaults). Errors are ConfigErrors naming array.<key>.
ArraySection read_array(const ConfigReader& r);
YAML::Node array_yaml(const ArraySection& a);

// The Markdown table of docs/CONFIG.md's array section.
std::string array_fields_markdown();

}  // namespace scmp::experiments
