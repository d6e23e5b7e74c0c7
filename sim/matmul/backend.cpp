// The backend registry: "cycle" (cycle-stepped engine) and "cpu" (tables) built in, others registered.
#include "sim/matmul/backend.hpp"

#include "sim/engine/cycle_engine.hpp"
#include "sim/error.hpp"
#include "sim/tables/table_core.hpp"

namespace scmp::sim {

namespace {

class CycleBackend final : public IBackend {
 public:
  std::string name() const override { return "cycle"; }
  std::string description() const override { return "the cycle-stepped engine (64 cycles per word), with activity"; }
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
  std::string description() const override { return "per-lane product tables, multi-threaded lookup matmul"; }
  std::vector<std::int64_t> accumulate(const CoreProblem& problem, int threads) override {
    return accumulate_tables(problem, threads);
  }
};

using BackendRegistry = Registry<std::shared_ptr<IBackend>>;

BackendRegistry::Entry entry_of(std::shared_ptr<IBackend> b) {
  return {b->name(), b->description(), {}, std::move(b)};
}

// Function-local static: the built-ins exist before any caller (static-initialisation order safe); never
// destroyed, since backends may be looked up during static destruction.
BackendRegistry& registry() {
  static auto* r = new BackendRegistry(
      "backend", {entry_of(std::make_shared<CycleBackend>()), entry_of(std::make_shared<CpuBackend>())},
      RegistryOrder::by_name);
  return *r;
}

}  // namespace

const Registry<std::shared_ptr<IBackend>>& backend_registry() { return registry(); }

void register_backend(std::unique_ptr<IBackend> backend) {
  if (!backend) throw InvalidArgument("backend", "null", "expected a backend object");
  registry().add(entry_of(std::move(backend)));
}

std::vector<std::string> backend_names() { return registry().names(); }

IBackend& find_backend(const std::string& name) { return *registry().at(name, "unknown backend; ").factory; }

IBackend& usable_backend(const std::string& name) {
  IBackend& b = find_backend(name);
  if (!b.available()) throw InvalidArgument("backend", name, "unavailable here: " + b.unavailable_reason());
  return b;
}

}  // namespace scmp::sim
