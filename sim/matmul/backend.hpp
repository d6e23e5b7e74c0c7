// Backends compute the integer core of sc_matmul. "cycle" (the cycle-stepped engine) and "cpu" (tables,
// all cores) live in this layer; scmp::gpu adds "cuda" through register_backend (dependencies point one way).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/base/registry.hpp"
#include "sim/engine/core_problem.hpp"

namespace scmp::sim {

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
};

// The backends, by name (listed alphabetically). Entries hold the backend objects themselves.
const Registry<std::shared_ptr<IBackend>>& backend_registry();
void register_backend(std::unique_ptr<IBackend> backend);   // replaces one of the same name
IBackend& find_backend(const std::string& name);           // InvalidArgument("backend", name, …) if unknown
std::vector<std::string> backend_names();
// find_backend, then InvalidArgument("backend", name, "unavailable here: <reason>") if !available().
IBackend& usable_backend(const std::string& name);

}  // namespace scmp::sim
