// Backends compute the integer core of sc_matmul. "cycle" (the cycle-stepped engine) and "cpu" (tables,
// all cores) live in this layer; scmp::gpu adds "cuda" through register_backend (dependencies point one way).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/base/registry.hpp"
#include "sim/engine/core_problem.hpp"
#include "sim/engine/cycle_engine.hpp"

namespace scmp::sim {

// What one backend run produced: S, and the activity counts when the backend counted them in the same run.
struct BackendRun {
  std::vector<std::int64_t> accumulators;
  std::optional<ActivityCounts> activity;
};

// Contract: accumulate() returns exactly accumulate_reference(problem) — the same integers, in the layout
// [batch][chunks][N][M] — or throws. It does not keep references to the problem after returning.
class IBackend {
 public:
  virtual ~IBackend() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const { return ""; }  // one line, for `scmp list backend`
  virtual bool available() const { return true; }   // false: registered but unusable here (no GPU, …)
  virtual std::string unavailable_reason() const { return ""; }
  virtual std::vector<std::int64_t> accumulate(const CoreProblem& problem, int threads) = 0;
  // accumulate(), plus — when `activity` is asked and the backend can count while it computes (the cycle engine
  // does) — the whole problem's ActivityCounts from that same run. Others leave activity empty and sc_matmul
  // counts on the host from the same problem (sim/engine/activity_sample.hpp).
  virtual BackendRun run(const CoreProblem& problem, int threads, bool activity) {
    (void)activity;
    return BackendRun{accumulate(problem, threads), std::nullopt};
  }
};

// The backends, by name (listed alphabetically). Entries hold the backend objects themselves.
const Registry<std::shared_ptr<IBackend>>& backend_registry();
void register_backend(std::unique_ptr<IBackend> backend);   // replaces one of the same name
IBackend& find_backend(const std::string& name);           // InvalidArgument("backend", name, …) if unknown
std::vector<std::string> backend_names();
// find_backend, then InvalidArgument("backend", name, "unavailable here: <reason>") if !available().
IBackend& usable_backend(const std::string& name);

}  // namespace scmp::sim
