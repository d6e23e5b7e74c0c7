// The backend registry: "cycle" (cycle-stepped engine) and "cpu" (tables) built in, others registered.
#include "sim/matmul/backend.hpp"

#include <map>
#include <mutex>

#include "sim/engine/cycle_engine.hpp"
#include "sim/error.hpp"
#include "sim/tables/table_core.hpp"

namespace scmp::sim {

namespace {

class CycleBackend final : public IBackend {
 public:
  std::string name() const override { return "cycle"; }
  std::vector<std::int64_t> accumulate(const CoreProblem& problem, int) override {
    return run_cycle_engine(problem).accumulators;
  }
  // The engine counts activity in the pass that computes S (EngineOptions::activity), so the counts are the run's.
  BackendRun run(const CoreProblem& problem, int, bool activity) override {
    EngineOptions eo;
    eo.activity = activity;
    EngineResult r = run_cycle_engine(problem, eo);
    BackendRun out{std::move(r.accumulators), std::nullopt};
    if (activity) out.activity = r.activity;
    return out;
  }
};

class CpuBackend final : public IBackend {
 public:
  std::string name() const override { return "cpu"; }
  std::vector<std::int64_t> accumulate(const CoreProblem& problem, int threads) override {
    return accumulate_tables(problem, threads);
  }
};

struct Registry {
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<IBackend>> backends;
};

// Function-local static: the built-ins exist before any caller (static-initialisation order safe).
Registry& registry() {
  static Registry* r = [] {
    auto* reg = new Registry;  // never destroyed: backends may be looked up during static destruction
    reg->backends["cycle"] = std::make_unique<CycleBackend>();
    reg->backends["cpu"] = std::make_unique<CpuBackend>();
    return reg;
  }();
  return *r;
}

}  // namespace

void register_backend(std::unique_ptr<IBackend> backend) {
  if (!backend) throw InvalidArgument("backend", "null", "expected a backend object");
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  const std::string name = backend->name();
  r.backends[name] = std::move(backend);
}

std::vector<std::string> backend_names() {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<std::string> names;
  for (const auto& [name, _] : r.backends) names.push_back(name);
  return names;
}

IBackend& find_backend(const std::string& name) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  const auto it = r.backends.find(name);
  if (it == r.backends.end()) {
    std::string known;
    for (const auto& [n, _] : r.backends) known += (known.empty() ? "" : ", ") + n;
    throw InvalidArgument("backend", name, "unknown backend; known: " + known);
  }
  return *it->second;
}

IBackend& usable_backend(const std::string& name) {
  IBackend& b = find_backend(name);
  if (!b.available()) throw InvalidArgument("backend", name, "unavailable here: " + b.unavailable_reason());
  return b;
}

}  // namespace scmp::sim
