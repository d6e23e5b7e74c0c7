// The parameter tree: building, lookup, text and yaml-cpp-compatible scalar conversion.
#include "mp/param_tree.hpp"

#include <algorithm>
#include <limits>
#include <sstream>

namespace scmp::mp {

namespace {

const ParamNode& undefined_node() {
  static const ParamNode n;
  return n;
}

// yaml-cpp's stream conversion of a scalar (convert<T>::decode): base prefixes allowed (std::ios::dec unset),
// no leading white space, only white space after the number.
template <class T>
bool stream_to(const std::string& text, T& out) {
  std::stringstream stream(text);
  stream.unsetf(std::ios::dec);
  return (stream >> std::noskipws >> out) && (stream >> std::ws).eof();
}

bool is_lower(char c) { return 'a' <= c && c <= 'z'; }
bool is_upper(char c) { return 'A' <= c && c <= 'Z'; }

// yaml-cpp's IsFlexibleCase: lowercase, UPPERCASE or Capitalised (empty counts).
bool flexible_case(const std::string& s) {
  if (s.empty()) return true;
  if (std::all_of(s.begin(), s.end(), is_lower)) return true;
  const std::string rest = s.substr(1);
  return is_upper(s[0]) &&
         (std::all_of(rest.begin(), rest.end(), is_lower) || std::all_of(rest.begin(), rest.end(), is_upper));
}

}  // namespace

ParamNode ParamNode::null(Mark mark) {
  ParamNode n;
  n.m_kind = Kind::null;
  n.m_mark = mark;
  return n;
}
ParamNode ParamNode::scalar(std::string text, Mark mark) {
  ParamNode n;
  n.m_kind = Kind::scalar;
  n.m_text = std::move(text);
  n.m_mark = mark;
  return n;
}
ParamNode ParamNode::sequence(Mark mark) {
  ParamNode n;
  n.m_kind = Kind::sequence;
  n.m_mark = mark;
  return n;
}
ParamNode ParamNode::map(Mark mark) {
  ParamNode n;
  n.m_kind = Kind::map;
  n.m_mark = mark;
  return n;
}

std::size_t ParamNode::size() const {
  if (m_kind == Kind::sequence) return m_items.size();
  if (m_kind == Kind::map) return m_entries.size();
  return 0;
}

const ParamNode& ParamNode::operator[](std::size_t i) const {
  return m_kind == Kind::sequence && i < m_items.size() ? m_items[i] : undefined_node();
}

const ParamNode& ParamNode::operator[](const std::string& key) const {
  if (m_kind != Kind::map) return undefined_node();
  for (const auto& e : m_entries) {
    if (e.key.is_scalar() && e.key.m_text == key) return e.value;
  }
  return undefined_node();
}

ParamNode& ParamNode::push_back(ParamNode item) {
  m_items.push_back(std::move(item));
  return m_items.back();
}

ParamNode& ParamNode::insert(ParamNode key, ParamNode value) {
  m_entries.push_back(ParamEntry{std::move(key), std::move(value)});
  return m_entries.back().value;
}

ParamNode& ParamNode::insert(const std::string& key, ParamNode value) { return insert(scalar(key), std::move(value)); }

std::string ParamNode::text() const {
  if (m_kind == Kind::undefined || m_kind == Kind::null) return "null";
  if (m_render) return m_render();
  switch (m_kind) {
    case Kind::scalar:
      return m_text.empty() ? "\"\"" : m_text;
    case Kind::sequence: {
      std::string s = "[";
      for (std::size_t i = 0; i < m_items.size(); ++i)
        s += (i ? ", " : "") + (m_items[i].is_null() ? "~" : m_items[i].text());
      return s + "]";
    }
    default: {
      std::string s = "{";
      for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const auto& e = m_entries[i];
        s += (i ? ", " : "") + (e.key.is_null() ? "~" : e.key.text()) + ": " +
             (e.value.is_null() ? "~" : e.value.text());
      }
      return s + "}";
    }
  }
}

std::string ParamNode::where() const {
  if (m_mark.is_null()) return "";
  return " (line " + std::to_string(m_mark.line + 1) + ", column " + std::to_string(m_mark.column + 1) + ")";
}

std::optional<int> ParamNode::as_int() const {
  int v = 0;
  if (m_kind == Kind::scalar && stream_to(m_text, v)) return v;
  return std::nullopt;
}

std::optional<double> ParamNode::as_double() const {
  if (m_kind != Kind::scalar) return std::nullopt;
  double v = 0;
  if (stream_to(m_text, v)) return v;
  const std::string& s = m_text;
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF") {
    return std::numeric_limits<double>::infinity();
  }
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return -std::numeric_limits<double>::infinity();
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  return std::nullopt;
}

std::optional<bool> ParamNode::as_bool() const {
  if (m_kind != Kind::scalar || !flexible_case(m_text)) return std::nullopt;
  std::string lower = m_text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return is_upper(c) ? static_cast<char>(c + 'a' - 'A') : c; });
  static const char* const names[][2] = {{"y", "n"}, {"yes", "no"}, {"true", "false"}, {"on", "off"}};
  for (const auto& n : names) {
    if (lower == n[0]) return true;
    if (lower == n[1]) return false;
  }
  return std::nullopt;
}

}  // namespace scmp::mp
