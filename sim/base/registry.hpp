// The one registry mechanism of scmp: every set of named, user-selectable things (RNG families, RNG
// configuration builders, multiplier designs, scramble families, granularities, modes, backends, MP policies,
// workload sources) is a Registry or a NameTable of this header. An entry carries its name, a one-line
// description and its parameters, so that lookups, "expected one of …" errors, `scmp list <registry>`, the
// configuration's choice lists and docs/CONFIG.md all come from the same rows.
//
// Registration is explicit: a registry is built from a list of entries (or filled through add() by a function
// that callers invoke, e.g. gpu::install()), never by self-registering static objects — a static library's
// linker drops translation units that nothing references, and with them such objects.
#pragma once
#include <cstddef>
#include <deque>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/base/error.hpp"

namespace scmp::sim {

// One parameter an entry accepts, as documented to users (`scmp list`, docs).
struct ParamSpec {
  std::string name;
  std::string type;           // "int", "bool", "int list", "name", … (free text, for people)
  std::string default_value;  // as written in YAML; "" = no default (derived or required, see doc)
  std::string doc;            // one line
};

// Joins names as "a, b, c" (the form every "expected one of …" message uses).
inline std::string join_names(const std::vector<std::string>& names, std::string_view sep = ", ") {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += sep;
    out += n;
  }
  return out;
}

// A registry entry: name, description, parameters and what it provides (a factory function, or the object
// itself for registries of objects such as backends).
template <class Factory>
struct RegistryEntry {
  std::string name;
  std::string description;
  std::vector<ParamSpec> params;
  Factory factory;
};

// Order in which a registry lists its entries.
enum class RegistryOrder { registration, by_name };

// Contract:
// - Names are unique; add() of an existing name replaces that entry in place (its position is kept).
// - References returned by at()/find() stay valid for the registry's lifetime (entries live in a deque and are
//   never erased); a replaced entry's reference sees the new contents.
// - at(name) throws InvalidArgument(field, name, "expected one of <names>") for an unknown name.
// - Thread-safe: add() may run while other threads look entries up.
template <class Factory>
class Registry {
 public:
  using Entry = RegistryEntry<Factory>;

  // `field` names the configuration key in error messages ("multiplier", "rng.kind", "backend", …).
  explicit Registry(std::string field, std::vector<Entry> entries = {},
                    RegistryOrder order = RegistryOrder::registration)
      : m_field(std::move(field)), m_order(order) {
    for (auto& e : entries) add_locked(std::move(e));
  }

  const std::string& field() const { return m_field; }

  void add(Entry e) {
    std::lock_guard lock(m_mutex);
    add_locked(std::move(e));
  }

  const Entry* find(std::string_view name) const {
    std::lock_guard lock(m_mutex);
    for (const auto& e : m_entries) {
      if (e.name == name) return &e;
    }
    return nullptr;
  }
  bool contains(std::string_view name) const { return find(name) != nullptr; }

  // The entry of `name`; throws InvalidArgument(field, name, "<prefix>expected one of a, b, c").
  const Entry& at(std::string_view name, std::string_view prefix = "") const {
    if (const Entry* e = find(name)) return *e;
    throw InvalidArgument(m_field, std::string(name), std::string(prefix) + "expected one of " + names_text());
  }

  // Names in listing order.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const Entry* e : entries()) out.push_back(e->name);
    return out;
  }
  std::string names_text(std::string_view sep = ", ") const { return join_names(names(), sep); }

  // Entries in listing order.
  std::vector<const Entry*> entries() const {
    std::lock_guard lock(m_mutex);
    std::vector<const Entry*> out;
    for (const auto& e : m_entries) out.push_back(&e);
    if (m_order == RegistryOrder::by_name) {
      for (std::size_t i = 1; i < out.size(); ++i) {  // insertion sort: registries are small
        for (std::size_t j = i; j > 0 && out[j]->name < out[j - 1]->name; --j) std::swap(out[j], out[j - 1]);
      }
    }
    return out;
  }

 private:
  void add_locked(Entry e) {
    for (auto& old : m_entries) {
      if (old.name == e.name) {
        old = std::move(e);
        return;
      }
    }
    m_entries.push_back(std::move(e));
  }

  std::string m_field;
  RegistryOrder m_order;
  mutable std::mutex m_mutex;
  std::deque<Entry> m_entries;
};

// A name ↔ enum table: the registry of an enumeration (the entry's factory is the enum value). Used where a
// configuration string selects an enum (multiplier, scramble, granularity, mode), replacing hand-written
// parse/to_string switches.
template <class Enum>
class NameTable {
 public:
  struct Row {
    Enum value;
    const char* name;
    const char* description;
  };

  NameTable(const char* field, std::initializer_list<Row> rows) : m_field(field), m_rows(rows) {}

  const char* field() const { return m_field; }
  const std::vector<Row>& rows() const { return m_rows; }

  Enum parse(std::string_view name) const {
    for (const auto& r : m_rows) {
      if (name == r.name) return r.value;
    }
    throw InvalidArgument(m_field, std::string(name), "expected one of " + join_names(names()));
  }
  // The name of a value; "?" for a value outside the table (a cast integer).
  std::string name(Enum value) const {
    for (const auto& r : m_rows) {
      if (r.value == value) return r.name;
    }
    return "?";
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& r : m_rows) out.emplace_back(r.name);
    return out;
  }

 private:
  const char* m_field;
  std::vector<Row> m_rows;
};

// A registry's rows as `scmp list` and the docs show them, whatever the entries provide.
struct ListedEntry {
  std::string name;
  std::string description;
  std::vector<ParamSpec> params;
};

template <class Factory>
std::vector<ListedEntry> listing(const Registry<Factory>& r) {
  std::vector<ListedEntry> out;
  for (const auto* e : r.entries()) out.push_back({e->name, e->description, e->params});
  return out;
}

template <class Enum>
std::vector<ListedEntry> listing(const NameTable<Enum>& t) {
  std::vector<ListedEntry> out;
  for (const auto& r : t.rows()) out.push_back({r.name, r.description, {}});
  return out;
}

}  // namespace scmp::sim
