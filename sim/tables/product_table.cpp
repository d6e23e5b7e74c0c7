// Product tables from the packed engine.
#include "sim/tables/product_table.hpp"

#include <algorithm>
#include <bit>

#include "sim/multiplier/design.hpp"

namespace scmp::sim {

int product_table_rows(Multiplier design, int stoc_len, int rng_levels) {
  return multiplier_design(design).a_by_popcount ? stoc_len + 1 : rng_levels + 1;
}

std::vector<std::int32_t> run_product_table(Multiplier design, const PackedStreams& a, const PackedStreams& b, int lane,
                                            int stoc_len,
                                            const std::function<void(int row, const std::int32_t* counts)>& emit) {
  const int G = a.levels(), L = stoc_len, W = a.words();
  const bool by_popcount = multiplier_design(design).a_by_popcount;
  std::vector<std::int32_t> row_of(static_cast<std::size_t>(G + 1));
  for (int v = 0; v <= G; ++v) {
    int k = 0;
    for (int w = 0; w < W; ++w) k += std::popcount(a.bits(lane, v)[w]);
    row_of[static_cast<std::size_t>(v)] = by_popcount ? k : v;
  }
  std::vector<std::int32_t> counters(static_cast<std::size_t>(G + 1), 0);
  if (by_popcount) {
    // Row k = the lane counters of every b boundary after k enabled cycles (k = 0: all zero): enabled cycle
    // k−1 steps the counter of boundary v by its comparator bit [r'(k−1) < v] — all G+1 comparators at once.
    emit(0, counters.data());
    const std::uint16_t* r = b.values(lane);
    std::int32_t* c = counters.data();
    for (int k = 1; k <= L; ++k) {
      const int rk = r[k - 1];
      for (int v = 0; v <= G; ++v) c[v] += rk < v ? 1 : 0;
      emit(k, c);
    }
  } else {
    for (int ba = 0; ba <= G; ++ba) {
      for (int bb = 0; bb <= G; ++bb) {
        counters[static_cast<std::size_t>(bb)] =
            static_cast<std::int32_t>(packed_lane_count(design, a.bits(lane, ba), b.bits(lane, bb), W, L));
      }
      emit(ba, counters.data());
    }
  }
  return row_of;
}

ProductTable build_product_table(Multiplier design, const PackedStreams& a, const PackedStreams& b, int lane,
                                 int stoc_len) {
  ProductTable t;
  t.design = design;
  t.stoc_len = stoc_len;
  t.rng_levels = a.levels();
  t.rows = product_table_rows(design, stoc_len, a.levels());
  const std::size_t width = static_cast<std::size_t>(a.levels() + 1);
  t.values.resize(static_cast<std::size_t>(t.rows) * width);
  t.row_of = run_product_table(design, a, b, lane, stoc_len, [&](int row, const std::int32_t* counts) {
    std::copy(counts, counts + width, t.values.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(row) * width));
  });
  return t;
}

}  // namespace scmp::sim
