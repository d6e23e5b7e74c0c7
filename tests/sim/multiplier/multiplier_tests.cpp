// Multiplier designs stepped cycle by cycle equal the defining formula (lane_count), for every boundary pair.
#include <algorithm>
#include <bit>
#include <random>

#include "sim/error.hpp"
#include "sim/multiplier/design.hpp"
#include "sim/multiplier/multiplier.hpp"
#include "sim/multiplier/packed_bits.hpp"
#include "sim/sng/lane_streams.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("multiplier registry lists every design", "[sim][multiplier]") {
  CHECK(multiplier_names() == std::vector<std::string>{"enable", "thermometer", "and", "xnor"});
  for (const auto& name : multiplier_names()) CHECK(to_string(make_multiplier(name)->design()) == name);
  CHECK_THROWS_AS(make_multiplier("or"), InvalidArgument);
}

TEST_CASE("stepped designs equal lane_count times the sign on a full grid", "[sim][multiplier]") {
  const std::uint64_t seed = GENERATE(1u, 2u, 3u);
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  const int G = 16;
  for (int L : {1, 5, 16}) {
    std::vector<std::uint16_t> ra(static_cast<std::size_t>(L)), rb(static_cast<std::size_t>(L));
    std::uniform_int_distribution<int> val(0, G - 1);
    for (auto& v : ra) v = static_cast<std::uint16_t>(val(rng));
    for (auto& v : rb) v = static_cast<std::uint16_t>(val(rng));
    for (const auto& name : multiplier_names()) {
      auto unit = make_multiplier(name);
      for (int ba = 0; ba <= G; ++ba) {
        for (int bb = 0; bb <= G; ++bb) {
          for (int sign : {1, -1, 0}) {
            if (unit->design() == Multiplier::xnor && sign != 1) continue;
            const std::int64_t want = lane_count(unit->design(), ra.data(), rb.data(), L, ba, bb) * sign;
            REQUIRE(unit->run(LaneOperands{ra.data(), rb.data(), L, ba, bb, sign}) == want);
          }
        }
      }
    }
  }
}

TEST_CASE("enable (a) and thermometer (b) designs give the same count", "[sim][multiplier]") {
  const auto s = prepare_lane_streams(sobol_simple_config(4, 5), Side::a, 4, {5, 20, 32}, {});
  const auto t = prepare_lane_streams(sobol_simple_config(4, 5), Side::b, 4, {5, 20, 32}, {});
  auto en = make_multiplier(Multiplier::enable);
  auto th = make_multiplier(Multiplier::thermometer);
  for (int lane = 0; lane < 4; ++lane) {
    for (int ba = 0; ba <= 32; ++ba) {
      for (int bb = 0; bb <= 32; ++bb) {
        const LaneOperands op{s.lane(lane), t.lane(lane), 20, ba, bb, 1};
        REQUIRE(en->run(op) == th->run(op));
      }
    }
  }
}

TEST_CASE("a design refuses to tick past its stream length", "[sim][multiplier]") {
  const std::uint16_t r[] = {0, 1};
  auto unit = make_multiplier(Multiplier::and_gate);
  unit->run(LaneOperands{r, r, 2, 1, 1, 1});
  CHECK(unit->cycle() == 2);
  CHECK_THROWS_AS(unit->tick(), ModelError);
  CHECK_THROWS_AS(make_multiplier(Multiplier::xnor)->run(LaneOperands{r, r, 2, 1, 1, -1}), InvalidArgument);
}

TEST_CASE("the descriptor's bit formulation (what the GPU runs) equals packed_count", "[sim][multiplier]") {
  std::mt19937_64 rng(7);
  for (int L : {1, 63, 64, 65, 200}) {
    const int words = (L + 63) / 64;
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<std::uint64_t> a(static_cast<std::size_t>(words)), b(a.size());
      for (int w = 0; w < words; ++w) {
        const int bits = std::min(64, L - 64 * w);
        const std::uint64_t valid = bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
        a[static_cast<std::size_t>(w)] = rng() & valid;
        b[static_cast<std::size_t>(w)] = rng() & valid;
      }
      for (const auto& row : multiplier_table().rows()) {
        CAPTURE(row.name, L, trial);
        const MultiplierDesign& d = multiplier_design(row.value);
        const int k_a = detail::popcount_words(a.data(), words);
        std::int64_t popc = 0;
        for (int w = 0; w < words; ++w) {
          const std::uint64_t aw = d.a_by_popcount ? detail::thermometer_word(k_a, w) : a[static_cast<std::size_t>(w)];
          const std::uint64_t bw = b[static_cast<std::size_t>(w)];
          popc += std::popcount(d.packed_gate == PackedGate::xor_popc ? aw ^ bw : aw & bw);
        }
        const std::int64_t gpu = d.packed_gate == PackedGate::xor_popc ? L - 2 * popc : popc;
        CHECK(gpu == d.packed_count(a.data(), b.data(), words, L));
      }
    }
  }
}
