// Operand side of the SC array, shared by RNG wiring, quantization, stream preparation and the backends.
#pragma once

namespace scmp::sim {

// a = the reference's "q" list (enable / k_table side); b = its "k" list (comparator-bitstream / cum side).
enum class Side { a, b };

}  // namespace scmp::sim
