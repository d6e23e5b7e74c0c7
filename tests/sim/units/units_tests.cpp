// Hardware units at their boundaries: strict comparator, gates, counters at max−1 / max, conditional SNG,
// enable down-counter.
#include "sim/error.hpp"
#include "sim/units/accumulator.hpp"
#include "sim/units/comparator_sng.hpp"
#include "sim/units/conditional_sng.hpp"
#include "sim/units/enable_counter.hpp"
#include "sim/units/gates.hpp"
#include "sim/units/up_down_counter.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("comparator SNG fires strictly below its boundary", "[sim][units]") {
  ComparatorSng c(5);
  CHECK(c(4));
  CHECK_FALSE(c(5));
  CHECK_FALSE(c(6));
  c.load(0);
  for (std::uint32_t r = 0; r < 16; ++r) CHECK_FALSE(c(r));  // boundary 0 never fires
  c.load(16);
  for (std::uint32_t r = 0; r < 16; ++r) CHECK(c(r));  // boundary G fires for every value in [0, G)
}

TEST_CASE("gates: AND, XNOR truth tables and the MUX scaled adder", "[sim][units]") {
  for (int x = 0; x < 2; ++x) {
    for (int y = 0; y < 2; ++y) {
      CHECK(and_gate(x, y) == (x && y));
      CHECK(xnor_gate(x, y) == (x == y));
      CHECK(mux_add(x, y, false) == static_cast<bool>(x));
      CHECK(mux_add(x, y, true) == static_cast<bool>(y));
    }
  }
  // Scaled addition over 16 cycles: x = 1 on cycles 0..11, y on 0..3, select alternates (uncorrelated with
  // both): x passes on 6 even cycles, y on 2 odd ones → 8 = (12 + 4) / 2.
  int ones = 0;
  for (int t = 0; t < 16; ++t) ones += mux_add(t < 12, t < 4, t % 2 == 1);
  CHECK(ones == 8);
}

TEST_CASE("up/down counter overflows at max and min, never wraps", "[sim][units]") {
  UpDownCounter c("lane", 4);  // signed: [-8, 7]
  for (int i = 0; i < 6; ++i) c.up();
  c.up();  // max − 1 → max is fine
  CHECK(c.value() == 7);
  CHECK_THROWS_AS(c.up(), ModelError);
  try {
    c.up();
  } catch (const ModelError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("lane") != std::string::npos);
    CHECK(msg.find("4 bits") != std::string::npos);
  }
  c.reset();
  for (int i = 0; i < 8; ++i) c.down();
  CHECK(c.value() == -8);
  CHECK_THROWS_AS(c.down(), ModelError);
  UpDownCounter u("k", 3, false);  // unsigned [0, 7]
  CHECK_THROWS_AS(u.down(), ModelError);
  for (int i = 0; i < 7; ++i) u.up();
  CHECK_THROWS_AS(u.up(), ModelError);
  CHECK_THROWS_AS(UpDownCounter("w", 0), InvalidArgument);
  CHECK(unsigned_width_for(255) == 8);
  CHECK(unsigned_width_for(256) == 9);
  CHECK(signed_width_for(256) == 10);
}

TEST_CASE("accumulator holds its declared range", "[sim][units]") {
  Accumulator a("S", 8);  // [-128, 127]
  a.add(127);
  CHECK(a.value() == 127);
  CHECK_THROWS_AS(a.add(1), ModelError);
  a.reset();
  a.add(-128);
  CHECK_THROWS_AS(a.add(-1), ModelError);
}

TEST_CASE("conditional SNG advances its index only when enabled", "[sim][units]") {
  const std::uint16_t seq[] = {3, 0, 7, 1};
  ConditionalSng s(seq, 4, 2);
  CHECK_FALSE(s.tick(false));
  CHECK(s.index() == 0);
  CHECK_FALSE(s.tick(true));  // r[0] = 3 ≥ 2
  CHECK(s.index() == 1);
  CHECK_FALSE(s.tick(false));
  CHECK(s.tick(true));        // r[1] = 0 < 2
  CHECK_FALSE(s.tick(true));  // r[2] = 7
  CHECK(s.tick(true));        // r[3] = 1
  CHECK(s.index() == 4);
  CHECK_THROWS_AS(s.tick(true), ModelError);
  CHECK_FALSE(s.tick(false));  // disabled past the end is fine
}

TEST_CASE("enable down-counter replays k as a thermometer code", "[sim][units]") {
  EnableDownCounter e("en", 3);
  for (int k = 0; k <= 7; ++k) {
    e.load(k);
    for (int t = 0; t < 10; ++t) CHECK(e.tick() == (t < k));
  }
  CHECK_THROWS_AS(e.load(8), ModelError);  // max + 1
  CHECK_THROWS_AS(e.load(-1), ModelError);
}
