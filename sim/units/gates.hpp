// Single-bit SC gates: AND (unipolar multiply), XNOR (bipolar multiply) and the MUX scaled adder.
#pragma once

namespace scmp::sim {

// Unipolar multiplier: P(x AND y) = P(x)·P(y) for independent streams.
inline bool and_gate(bool x, bool y) { return x && y; }

// Bipolar multiplier for streams encoding v as P(1) = (v+1)/2: XNOR gives (vx·vy + 1)/2 for independent streams.
inline bool xnor_gate(bool x, bool y) { return x == y; }

// Scaled adder: with a select stream of P(1) = 1/2 the output encodes (P(x) + P(y)) / 2.
// select = 0 passes x, select = 1 passes y (combinational, same cycle).
inline bool mux_add(bool x, bool y, bool select) { return select ? y : x; }

}  // namespace scmp::sim
