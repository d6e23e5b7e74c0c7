// LRU cache of prepared lane streams keyed by the whole configuration.
#include "sim/matmul/cache.hpp"

#include <list>
#include <mutex>
#include <sstream>
#include <unordered_map>

namespace scmp::sim {

namespace {

struct Entry {
  std::string key;
  std::shared_ptr<const LaneStreams> streams;
  std::size_t bytes = 0;
};

struct Cache {
  std::mutex mutex;
  std::list<Entry> lru;  // front = most recently used
  std::unordered_map<std::string, std::list<Entry>::iterator> index;
  std::size_t limit = std::size_t{256} << 20;
  StreamCacheStats stats;

  void evict_to(std::size_t bound) {
    while (stats.bytes > bound && !lru.empty()) {
      stats.bytes -= lru.back().bytes;
      index.erase(lru.back().key);
      lru.pop_back();
      ++stats.evictions;
    }
    stats.entries = lru.size();
  }
};

Cache& cache() {
  static Cache c;
  return c;
}

void put_spec(std::ostream& os, const RngSpec& s) {
  os << '{' << s.kind << ';' << s.bits << ";q=" << s.seed_type << ";s=" << s.seed << ";m=" << s.require_maximal << ";v=";
  for (auto v : s.sobol_seed) os << v << ',';
  os << ";t=";
  for (auto t : s.taps) os << t << ',';
  os << '}';
}

void put_lanes(std::ostream& os, const std::vector<LaneSource>& lanes) {
  os << '[' << lanes.size() << ':';
  for (const auto& l : lanes) {
    os << l.rng_id << (l.complement ? "c" : "") << '/';
    for (int b : l.permutation) os << b << '.';
    os << ',';
  }
  os << ']';
}

}  // namespace

std::string stream_cache_key(const RngConfig& config, Side side, int lanes, const StreamGeometry& geometry,
                             const ScrambleOptions& scramble) {
  std::ostringstream os;
  os << "side=" << (side == Side::a ? 'a' : 'b') << "|lanes=" << lanes << "|p=" << geometry.sc_prec
     << "|L=" << geometry.stoc_len << "|G=" << geometry.rng_levels << "|mask=" << to_string(scramble.family)
     << "|rescale=" << scramble.rescale << "|mseed=" << scramble.seed << "|cfg=" << config.name << "|pool=";
  for (const auto& s : config.pool) put_spec(os, s);
  os << "|a=";
  put_lanes(os, config.a);
  os << "|b=";
  put_lanes(os, config.b);
  return os.str();
}

std::shared_ptr<const LaneStreams> cached_lane_streams(const RngConfig& config, Side side, int lanes,
                                                       const StreamGeometry& geometry, const ScrambleOptions& scramble) {
  const std::string key = stream_cache_key(config, side, lanes, geometry, scramble);
  auto& c = cache();
  {
    std::lock_guard lock(c.mutex);
    const auto it = c.index.find(key);
    if (it != c.index.end()) {
      c.lru.splice(c.lru.begin(), c.lru, it->second);
      ++c.stats.hits;
      return it->second->streams;
    }
    ++c.stats.misses;
  }
  // Built outside the lock: a concurrent miss on the same key builds an identical object; one copy is kept.
  auto built = std::make_shared<const LaneStreams>(prepare_lane_streams(config, side, lanes, geometry, scramble));
  const std::size_t bytes = built->values.size() * sizeof(std::uint16_t) + key.size() + sizeof(LaneStreams);
  std::lock_guard lock(c.mutex);
  const auto it = c.index.find(key);
  if (it != c.index.end()) return it->second->streams;
  if (bytes > c.limit) return built;
  c.evict_to(c.limit - bytes);
  c.lru.push_front(Entry{key, built, bytes});
  c.index[key] = c.lru.begin();
  c.stats.bytes += bytes;
  c.stats.entries = c.lru.size();
  return built;
}

void clear_stream_cache() {
  auto& c = cache();
  std::lock_guard lock(c.mutex);
  c.lru.clear();
  c.index.clear();
  c.stats = StreamCacheStats{};
}

void set_stream_cache_limit(std::size_t bytes) {
  auto& c = cache();
  std::lock_guard lock(c.mutex);
  c.limit = bytes;
  c.evict_to(bytes);
}

std::size_t stream_cache_limit() {
  auto& c = cache();
  std::lock_guard lock(c.mutex);
  return c.limit;
}

StreamCacheStats stream_cache_stats() {
  auto& c = cache();
  std::lock_guard lock(c.mutex);
  return c.stats;
}

}  // namespace scmp::sim
