// A configuration section declared once, as a table of fields (name, type, range, default, unit, doc), from
// which everything else is derived: reading with located errors (ConfigReader), writing the resolved YAML back
// (hence the config hash), the units stored in HDF5 and the docs/CONFIG.md reference table. A new key is one
// row of a table; nothing else has to be edited. A choice among an enumeration's names (hardware.mode, …) is held
// as the enum itself (enum_member): parsed once where the YAML is read, written back as the same name.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "experiments/config_reader.hpp"
#include "sim/base/registry.hpp"

namespace scmp::experiments {

// A member of section S of an enumeration type, read and written through the enum's NameTable (its names, in
// listing order, are the accepted values; a value is written back as its name, so the YAML text is the one a
// string member would give).
template <class S>
struct EnumMember {
  std::vector<std::string> names;
  std::function<std::string(const S&)> get;
  std::function<void(S&, const std::string&)> set;
};

template <class S, class E>
EnumMember<S> enum_member(E S::*member, const sim::NameTable<E>& table) {
  return {table.names(), [member, &table](const S& s) { return table.name(s.*member); },
          [member, &table](S& s, const std::string& name) { s.*member = table.parse(name); }};
}

// The type a member of S holds (void for an EnumMember, which is no member pointer).
template <class S, class M>
struct member_value {
  using type = void;
};
template <class S, class T>
struct member_value<S, T S::*> {
  using type = T;
};
template <class S, class M>
using member_value_t = typename member_value<S, std::remove_cvref_t<M>>::type;

// One field of section S, bound to the member that holds it.
template <class S>
struct Field {
  const char* name;
  std::variant<int S::*, double S::*, bool S::*, std::string S::*, EnumMember<S>> member;
  double lo = 0, hi = 0;                 // integer and real fields (inclusive)
  std::vector<std::string> choices = {}; // string fields: the accepted values (empty: any non-empty text); an
                                         // EnumMember brings its own
  const char* unit = "";                 // "" for dimensionless fields
  const char* doc = "";
  // Optional upper bound that depends on fields read before this one (e.g. stoc_len ≤ 2^sc_prec); the docs
  // show hi_text instead of hi.
  double (*hi_of)(const S&) = nullptr;
  const char* hi_text = "";
};

template <class S>
using FieldTable = std::vector<Field<S>>;

// Reads every field of the table from r into s, in table order (absent keys keep s's value, the default);
// read_fields then rejects unknown keys with a did-you-mean suggestion, read_known_fields leaves that to the
// caller (a section with further, hand-read keys).
template <class S>
void read_known_fields(const ConfigReader& r, const FieldTable<S>& table, S& s) {
  for (const auto& f : table) {
    std::visit(
        [&](const auto& m) {
          using T = member_value_t<S, decltype(m)>;
          if constexpr (std::is_same_v<std::remove_cvref_t<decltype(m)>, EnumMember<S>>) {
            m.set(s, r.get_choice(f.name, m.get(s), m.names));
          } else if constexpr (std::is_same_v<T, int>) {
            const double hi = f.hi_of ? f.hi_of(s) : f.hi;
            s.*m = static_cast<int>(r.get_int(f.name, s.*m, static_cast<std::int64_t>(f.lo), static_cast<std::int64_t>(hi)));
          } else if constexpr (std::is_same_v<T, double>) {
            s.*m = r.get_double(f.name, s.*m, f.lo, f.hi);
          } else if constexpr (std::is_same_v<T, bool>) {
            s.*m = r.get_bool(f.name, s.*m);
          } else {
            s.*m = f.choices.empty() ? r.get_string(f.name, s.*m) : r.get_choice(f.name, s.*m, f.choices);
          }
        },
        f.member);
  }
}

template <class S>
void read_fields(const ConfigReader& r, const FieldTable<S>& table, S& s) {
  read_known_fields(r, table, s);
  r.reject_unknown();
}

// Every field written out (the resolved configuration, hashed for resume).
template <class S>
YAML::Node write_fields(const FieldTable<S>& table, const S& s) {
  YAML::Node n(YAML::NodeType::Map);
  for (const auto& f : table) {
    std::visit(
        [&](const auto& m) {
          if constexpr (std::is_same_v<std::remove_cvref_t<decltype(m)>, EnumMember<S>>) {
            n[f.name] = m.get(s);
          } else {
            n[f.name] = s.*m;
          }
        },
        f.member);
  }
  return n;
}

// The value of one field as text (defaults in the docs).
template <class S>
std::string field_text(const Field<S>& f, const S& s) {
  return std::visit(
      [&](const auto& m) -> std::string {
        using T = member_value_t<S, decltype(m)>;
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(m)>, EnumMember<S>>) {
          return m.get(s);
        } else if constexpr (std::is_same_v<T, bool>) {
          return s.*m ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return s.*m;
        } else {
          YAML::Emitter e;
          e << s.*m;
          return e.c_str();
        }
      },
      f.member);
}

// The Markdown reference table of a section (docs/CONFIG.md embeds it; a test keeps the two equal). GCC 12 warns
// (-Warray-bounds, -Wmaybe-uninitialized) about the std::string alternative of a section without string fields,
// which is instantiated but never taken.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
template <class S>
std::string fields_markdown(const std::string& section, const FieldTable<S>& table) {
  const S defaults{};
  std::string out = "| key | type | range | default | unit | meaning |\n|---|---|---|---|---|---|\n";
  for (const auto& f : table) {
    std::string type, range;
    std::visit(
        [&](const auto& m) {
          using T = member_value_t<S, decltype(m)>;
          auto num = [](double v) {
            YAML::Emitter e;
            e << v;
            return std::string(e.c_str());
          };
          auto choice = [&](const std::vector<std::string>& names) {
            type = "choice";
            for (const auto& c : names) range += (range.empty() ? "" : ", ") + std::string("`") + c + "`";
          };
          if constexpr (std::is_same_v<std::remove_cvref_t<decltype(m)>, EnumMember<S>>) {
            choice(m.names);
          } else if constexpr (std::is_same_v<T, int>) {
            type = "integer";
            range = std::to_string(static_cast<std::int64_t>(f.lo)) + "–" +
                    (*f.hi_text ? std::string(f.hi_text) : std::to_string(static_cast<std::int64_t>(f.hi)));
          } else if constexpr (std::is_same_v<T, double>) {
            type = "number";
            range = num(f.lo) + "–" + num(f.hi);
          } else if constexpr (std::is_same_v<T, bool>) {
            type = "boolean";
            range = "true, false";
          } else if (f.choices.empty()) {
            type = "text";
            range = "—";
          } else {
            choice(f.choices);
          }
        },
        f.member);
    const std::string def = field_text(f, defaults);
    out += "| `" + section + "." + f.name + "` | " + type + " | " + range + " | " + (def.empty() ? "—" : "`" + def + "`") + " | " +
           (*f.unit ? f.unit : "—") + " | " + f.doc + " |\n";
  }
  return out;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace scmp::experiments
