// A parameter tree: the neutral form of a policy's parameters, whatever text format they were written in.
// mp reads only this; experiments/param_tree_yaml.hpp builds it from YAML (the one YAML reader of mp's inputs).
// A node is undefined (an absent key), null, a scalar kept as its text (typed conversion is done on that text
// exactly as yaml-cpp's as<int>/as<double>/as<bool> do), a sequence or a map with ordered keys (keys are nodes
// too, and may repeat: a lookup finds the first), and it knows where it was written.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace scmp::mp {

struct ParamEntry;

// 0-based line and column of a node in its source; line < 0: none (a node made in code).
struct ParamMark {
  int line = -1, column = -1;
  bool is_null() const { return line < 0; }
};

class ParamNode {
 public:
  enum class Kind { undefined, null, scalar, sequence, map };
  using Mark = ParamMark;

  ParamNode() = default;  // undefined
  static ParamNode null(Mark mark = {});
  static ParamNode scalar(std::string text, Mark mark = {});
  static ParamNode sequence(Mark mark = {});
  static ParamNode map(Mark mark = {});

  Kind kind() const { return m_kind; }
  bool is_defined() const { return m_kind != Kind::undefined; }
  explicit operator bool() const { return is_defined(); }
  bool is_null() const { return m_kind == Kind::null; }
  bool is_scalar() const { return m_kind == Kind::scalar; }
  bool is_sequence() const { return m_kind == Kind::sequence; }
  bool is_map() const { return m_kind == Kind::map; }
  Mark mark() const { return m_mark; }

  const std::string& text_value() const { return m_text; }  // the scalar's text; "" for other kinds
  std::size_t size() const;                                 // items of a sequence, entries of a map, else 0
  const std::vector<ParamNode>& items() const { return m_items; }
  const std::vector<ParamEntry>& entries() const { return m_entries; }
  const ParamNode& operator[](std::size_t i) const;  // item i; an undefined node when out of range
  // The value of the first entry whose key is the scalar `key`; an undefined node when none (or not a map).
  const ParamNode& operator[](const std::string& key) const;

  // Building (a sequence / a map only).
  ParamNode& push_back(ParamNode item);
  ParamNode& insert(ParamNode key, ParamNode value);
  ParamNode& insert(const std::string& key, ParamNode value);  // a scalar key

  // The node as one line of its source format, for error values ("null" for undefined and null). The reader
  // that built the tree may give each node its own rendering (render); without one: flow style, [a, b] and
  // {k: v}, scalars plain.
  std::string text() const;
  // " (line L, column C)" (1-based) or "" when the node has no mark.
  std::string where() const;
  void set_render(std::function<std::string()> render) { m_render = std::move(render); }

  // Typed conversion of a scalar with yaml-cpp's accept/reject rules (std::nullopt: not a scalar, or rejected).
  std::optional<int> as_int() const;
  std::optional<double> as_double() const;  // accepts .inf / -.inf / .nan like yaml-cpp
  std::optional<bool> as_bool() const;      // y/n, yes/no, true/false, on/off in lower, UPPER or Capitalised

 private:
  Kind m_kind = Kind::undefined;
  std::string m_text;
  std::vector<ParamNode> m_items;
  std::vector<ParamEntry> m_entries;
  Mark m_mark;
  std::function<std::string()> m_render;
};

struct ParamEntry {
  ParamNode key, value;
};

}  // namespace scmp::mp
