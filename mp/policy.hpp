// Mixed-precision policies: the rule that picks a stream length per row of an operator's operand, loaded
// from the parameters of the `mp:` section (a ParamNode) by its `impl:` name (REFERENCE.md §7, with the §12 MP bugs fixed).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mp/assignment.hpp"
#include "mp/param_tree.hpp"
#include "sim/base/registry.hpp"
#include "sim/matmul/tensor.hpp"

namespace scmp::mp {

// Everything a policy may look at for one operator call. Nothing is read from globals: the block and the
// diffusion timestep are passed explicitly (fixes the reference's _CURRENT_BLOCK_IDX, §12 bug 28).
struct OperatorContext {
  std::string op;                          // operator name: q, k, v, o, gate, up, down, qk, av, fc1, …
  std::vector<float> row_metric;           // per row of a: the metric named by IPolicy::metric(op)
  const sim::Tensor* weight = nullptr;     // b (M×D), for range policies (rows = output features)
  std::vector<std::int64_t> macs_per_row;  // MACs of each row the assignment covers (a: D·M) — budget weights
  int timestep = 0, total_timesteps = 1;   // diffusion step t of T
  int block = 0, total_blocks = 1;         // layer / block index of the model
};

// Contract: assign() is a pure function of (the policy's parameters, ctx): same inputs → same Assignment,
// on every platform (stable sorts, explicit rounding). It returns one level per row of its side — rows of a
// (ctx.row_metric.size()) for metric policies, rows of ctx.weight for range policies — and throws
// InvalidArgument (field = the key path of the policy, or "ctx.<name>" for a bad context) instead of
// guessing. Levels are strictly descending stream lengths in 1..2^sc_prec.
class IPolicy {
 public:
  virtual ~IPolicy() = default;
  virtual std::string name() const = 0;                        // the `impl:` string
  virtual Assignment assign(const OperatorContext& ctx) const = 0;
  // Which row metric ctx.row_metric must hold for `op` ("" = none needed, e.g. uniform or range).
  virtual std::string metric(const std::string& op) const { (void)op; return "x_row_max"; }
  // Which operand's rows the policy assigns.
  virtual sim::Side side() const { return sim::Side::a; }
  // Every stream length this policy can return (descending), e.g. for cost tables and HDF5 attributes.
  virtual std::vector<int> levels() const = 0;
};

// Limits a policy is validated against when loaded, and how it reads the files its parameters name.
struct PolicyLimits {
  int sc_prec = 8;   // stream lengths must lie in 1..2^sc_prec
  // Reads the file of an adaptive policy's `threshold_table: <path>` into a tree (JSON or YAML: the programs
  // pass experiments::read_threshold_table_file). Empty: such a path is an error.
  std::function<ParamNode(const std::string& path)> read_threshold_table;
};

// Builds the policy named by node["impl"], reading and validating every key; unknown keys are errors.
// `key_path` prefixes error fields ("mp" → "mp.fractions = …"). Policy names: policy_names().
std::unique_ptr<IPolicy> make_policy(const ParamNode& node, const std::string& key_path,
                                     const PolicyLimits& limits = {});
std::vector<std::string> policy_names();

// The registry: `impl:` name → description, keys and factory (listed alphabetically). Every policy file
// defines one `PolicyEntry <name>_policy()` and mp/policy.cpp lists it — explicit registration, since a static
// library's linker would drop a self-registering file that nothing references.
using PolicyFactory =
    std::function<std::unique_ptr<IPolicy>(const ParamNode&, const std::string& key_path, const PolicyLimits&)>;
using PolicyEntry = sim::RegistryEntry<PolicyFactory>;
const sim::Registry<PolicyFactory>& policy_registry();

}  // namespace scmp::mp
