// Shared pieces of the policies that delegate to child policies (per_operator, per_block, schedule).
#pragma once
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "mp/policy.hpp"
#include "mp/params.hpp"
#include "sim/error.hpp"

namespace scmp::mp::detail {

// Union of the children's levels, descending.
inline std::vector<int> union_levels(const std::vector<const IPolicy*>& children) {
  std::set<int, std::greater<>> s;
  for (const auto* c : children) for (int l : c->levels()) s.insert(l);
  return {s.begin(), s.end()};
}

// A policy that picks a child by a key of the call (the operator name, the block index), with an optional
// `default:` child for keys without one.
template <class Key>
class KeyedPolicy : public IPolicy {
 public:
  KeyedPolicy(std::map<Key, std::unique_ptr<IPolicy>> children, std::unique_ptr<IPolicy> fallback, std::string path)
      : m_children(std::move(children)), m_default(std::move(fallback)), m_path(std::move(path)) {}
  std::vector<int> levels() const override {
    std::vector<const IPolicy*> c;
    for (const auto& [k, p] : m_children) c.push_back(p.get());
    if (m_default) c.push_back(m_default.get());
    return union_levels(c);
  }

 protected:
  // The child for `key`, else the default, else nullptr.
  const IPolicy* child_or_default(const Key& key) const {
    if (const auto it = m_children.find(key); it != m_children.end()) return it->second.get();
    return m_default.get();
  }
  std::map<Key, std::unique_ptr<IPolicy>> m_children;
  std::unique_ptr<IPolicy> m_default;
  std::string m_path;
};

// Reads a KeyedPolicy's parameters: `impl`, the non-empty mapping `section` of key → child policy (key_of turns a
// key node into a Key, throwing for a bad one), the optional `default:`; rejects unknown keys.
template <class P, class Key, class KeyOf>
std::unique_ptr<IPolicy> make_keyed(const ParamNode& node, const std::string& path, const PolicyLimits& limits,
                                    const std::string& section, const std::string& expected, KeyOf key_of) {
  ParamReader p(node, path);
  p.get_string("impl");
  const ParamNode& children = p.node(section);
  if (!children.is_map() || children.size() == 0) {
    throw sim::InvalidArgument(p.path(section), children.text(), expected + node.where());
  }
  std::map<Key, std::unique_ptr<IPolicy>> by_key;
  for (const auto& e : children.entries()) {
    const Key key = key_of(e.key, p.path(section));
    by_key[key] = make_policy(e.value, p.path(section) + "." + sim::to_text(key), limits);
  }
  std::unique_ptr<IPolicy> fallback;
  if (const ParamNode& d = p.node("default")) fallback = make_policy(d, p.path("default"), limits);
  p.reject_unknown();
  return std::make_unique<P>(std::move(by_key), std::move(fallback), path);
}

}  // namespace scmp::mp::detail
