// The one declaration of the `array:` keys.
#include "experiments/array_config.hpp"

namespace scmp::experiments {

const FieldTable<ArraySection>& array_fields() {
  using A = ArraySection;
  static const FieldTable<A> table = {
      {"rows", &A::rows, 1, 4096, {}, "PEs", "PE rows; the reduction (os) or stationary operand's depth (ws, is) is folded over them"},
      {"cols", &A::cols, 1, 4096, {}, "PEs", "PE columns"},
      {"dataflow", &A::dataflow, 0, 0, {"os", "ws", "is"}, "", "output-, weight- or input-stationary mapping (SCALE-Sim's three)"},
      {"mac", &A::mac, 0, 0, {"sc", "binary"}, "",
       "`sc`: each MAC step occupies its stream length L cycles (uSystolic); `binary`: one cycle per MAC (SCALE-Sim)"},
      {"clock_mhz", &A::clock_mhz, 1, 1e5, {}, "MHz", "array clock: latency = cycles / clock"},
      {"ifmap_sram_kib", &A::ifmap_sram_kib, 0.125, 1 << 20, {}, "KiB", "buffer of operand a (activations), double-buffered"},
      {"filter_sram_kib", &A::filter_sram_kib, 0.125, 1 << 20, {}, "KiB", "buffer of operand b (weights), double-buffered"},
      {"ofmap_sram_kib", &A::ofmap_sram_kib, 0.125, 1 << 20, {}, "KiB", "output buffer"},
      {"word_bits", &A::word_bits, 1, 64, {}, "bit", "width of an a or b word in SRAM and DRAM"},
      {"ofmap_word_bits", &A::ofmap_word_bits, 1, 64, {}, "bit", "width of an output / partial-sum word"},
      {"sram_banks", &A::sram_banks, 1, 1024, {}, "banks", "banks per buffer; one access reads one bank (energy scales with bank size)"},
      {"dram_gbps", &A::dram_gbps, 1e-3, 1e6, {}, "GB/s", "off-chip bandwidth; transfers overlap compute (double buffering), the excess stalls"},
      {"rng_share", &A::rng_share, 0, 0, {"pe", "row", "column", "array"}, "",
       "RNG sharing: one RNG pair per PE, per array row, per column, or one for the array"},
      {"sng_share", &A::sng_share, 0, 0, {"pe", "edge"}, "",
       "`pe`: two SNG comparators in every PE; `edge`: a's SNGs at the row edge, b's at the column edge, bits flow"},
  };
  return table;
}

ArraySection read_array(const ConfigReader& r) {
  ArraySection a;
  read_fields(r, array_fields(), a);
  return a;
}

YAML::Node array_yaml(const ArraySection& a) { return write_fields(array_fields(), a); }

std::string array_fields_markdown() { return fields_markdown("array", array_fields()); }

}  // namespace scmp::experiments
