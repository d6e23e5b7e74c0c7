// One quantile policy through the installed scmp::mp, from a parameter tree built in code: mp needs no YAML
// reader (the consumer is configured with yaml-cpp unfindable). Exits 0 when the split is the expected one.
#include <iostream>

#include "mp/policy.hpp"

int main() {
  using scmp::mp::ParamNode;
  ParamNode params = ParamNode::map();
  params.insert("impl", ParamNode::scalar("quantile"));
  ParamNode& levels = params.insert("levels", ParamNode::sequence());
  levels.push_back(ParamNode::scalar("64"));
  levels.push_back(ParamNode::scalar("16"));
  const auto policy = scmp::mp::make_policy(params, "mp");
  scmp::mp::OperatorContext ctx;
  ctx.op = "fc1";
  ctx.row_metric = {0.1f, 2.0f, 0.5f, 3.0f};
  const auto a = policy->assign(ctx);
  for (int l : a.row_stoc_len()) std::cout << l << " ";
  std::cout << "\n";
  return a.row_stoc_len() == std::vector<int>{16, 64, 16, 64} ? 0 : 1;
}
