// Stream cache: the key holds the whole configuration, LRU eviction under a memory bound, thread safety.
#include <thread>

#include "sim/matmul/cache.hpp"
#include "sim/sng/rng_builders.hpp"
#include "support/catch.hpp"

using namespace scmp::sim;

TEST_CASE("stream cache keys differ whenever any part of the configuration differs", "[sim][matmul][cache]") {
  const RngConfig c = sobol_simple_config(16, 8);
  const StreamGeometry g{8, 128, 256};
  const ScrambleOptions s{};
  const auto base = stream_cache_key(c, Side::a, 16, g, s);
  CHECK(stream_cache_key(c, Side::b, 16, g, s) != base);
  CHECK(stream_cache_key(c, Side::a, 15, g, s) != base);
  CHECK(stream_cache_key(c, Side::a, 16, StreamGeometry{8, 127, 256}, s) != base);
  CHECK(stream_cache_key(c, Side::a, 16, StreamGeometry{8, 128, 128}, s) != base);
  CHECK(stream_cache_key(c, Side::a, 16, g, ScrambleOptions{.family = MaskFamily::counter}) != base);
  CHECK(stream_cache_key(c, Side::a, 16, g, ScrambleOptions{.rescale = false}) != base);
  CHECK(stream_cache_key(c, Side::a, 16, g, ScrambleOptions{.seed = 7}) != base);
  RngConfig c2 = c;
  c2.b[3].complement = true;
  CHECK(stream_cache_key(c2, Side::a, 16, g, s) != base);
  RngConfig c3 = c;
  c3.a[0].permutation = {1, 0, 2, 3, 4, 5, 6, 7};
  CHECK(stream_cache_key(c3, Side::a, 16, g, s) != base);
  RngConfig c4 = c;
  c4.pool[1].sobol_seed = {1, 3, 7, 15, 31, 63, 127, 255};
  CHECK(stream_cache_key(c4, Side::a, 16, g, s) != base);
  CHECK(stream_cache_key(sobol_simple_config(16, 8), Side::a, 16, g, s) == base);
}

TEST_CASE("stream cache returns the prepared streams, counts hits, and evicts LRU beyond its bound", "[sim][matmul][cache]") {
  clear_stream_cache();
  const std::size_t old_limit = stream_cache_limit();
  const RngConfig c = sobol_simple_config(32, 8);
  const ScrambleOptions s{};
  const auto first = cached_lane_streams(c, Side::a, 32, {8, 64, 256}, s);
  CHECK(first->values == prepare_lane_streams(c, Side::a, 32, {8, 64, 256}, s).values);
  const auto again = cached_lane_streams(c, Side::a, 32, {8, 64, 256}, s);
  CHECK(again.get() == first.get());
  CHECK(stream_cache_stats().hits == 1);
  // Room for about two entries of 32×64 values.
  set_stream_cache_limit(2 * (32 * 64 * 2 + 2048));
  for (int L : {65, 66, 67}) cached_lane_streams(c, Side::a, 32, {8, L, 256}, s);
  const auto st = stream_cache_stats();
  CHECK(st.entries <= 2);
  CHECK(st.evictions >= 1);
  CHECK(st.bytes <= stream_cache_limit());
  CHECK(first->values.size() == 32u * 64u);  // evicted entries stay valid for their holders
  set_stream_cache_limit(old_limit);
  clear_stream_cache();
  CHECK(stream_cache_stats().entries == 0);
}

TEST_CASE("stream cache is safe under concurrent use", "[sim][matmul][cache]") {
  clear_stream_cache();
  const RngConfig c = sobol_simple_config(8, 8);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        const int L = 1 + (i * 7 + t) % 40;
        const auto s = cached_lane_streams(c, i % 2 ? Side::a : Side::b, 8, {8, L, 256}, {});
        ok[static_cast<std::size_t>(t)] += s->stoc_len == L;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int v : ok) CHECK(v == 30);
}
