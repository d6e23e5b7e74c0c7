// YAML → mp::ParamNode.
#include "experiments/param_tree_yaml.hpp"

#include <fstream>

#include "sim/error.hpp"

namespace scmp::experiments {

namespace {

mp::ParamNode::Mark mark_of(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  if (m.is_null()) return {};
  return {m.line, m.column};
}

}  // namespace

mp::ParamNode param_tree(const YAML::Node& node) {
  if (!node.IsDefined()) return {};
  const mp::ParamNode::Mark mark = mark_of(node);
  mp::ParamNode out;
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      out = mp::ParamNode::scalar(node.Scalar(), mark);
      break;
    case YAML::NodeType::Sequence:
      out = mp::ParamNode::sequence(mark);
      for (const auto& item : node) out.push_back(param_tree(item));
      break;
    case YAML::NodeType::Map:
      out = mp::ParamNode::map(mark);
      for (const auto& e : node) out.insert(param_tree(e.first), param_tree(e.second));
      break;
    default:
      return mp::ParamNode::null(mark);
  }
  out.set_render([node] {
    YAML::Emitter e;
    e << YAML::Flow << node;
    return std::string(e.c_str());
  });
  return out;
}

mp::ParamNode read_threshold_table_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw sim::InvalidArgument("threshold_table", path, "expected a readable threshold-table file (JSON or YAML)");
  YAML::Node node;
  try {
    node = YAML::Load(in);
  } catch (const YAML::Exception& e) {
    throw sim::InvalidArgument("threshold_table", path, std::string("could not parse: ") + e.what());
  }
  return param_tree(node);
}

mp::PolicyLimits policy_limits(int sc_prec) { return mp::PolicyLimits{sc_prec, read_threshold_table_file}; }

std::unique_ptr<mp::IPolicy> make_policy(const YAML::Node& node, const std::string& key_path, int sc_prec) {
  return mp::make_policy(param_tree(node), key_path, policy_limits(sc_prec));
}

}  // namespace scmp::experiments
