// Fallback for machines whose Boost has headers but no compiled program_options library (the GPU machine):
// the subset of boost::program_options that scmp's commands use, same names and behaviour. CMake puts
// app/compat first on the include path only when find_package(Boost COMPONENTS program_options) fails, so on
// Debian the real library is used. One file on purpose (≈450 lines, over the ~400-line guide): it stands in for
// one Boost header, its classes use each other throughout, and tests/app/compat_cli_test.sh compares it with Boost.
#pragma once
#include <algorithm>
#include <any>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace boost::program_options {

class error : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class unknown_option : public error {
 public:
  explicit unknown_option(std::string name) : error("unrecognised option '" + name + "'"), m_name(std::move(name)) {}
  const std::string& get_option_name() const { return m_name; }

 private:
  std::string m_name;
};

class invalid_option_value : public error {
 public:
  using error::error;
};

class multiple_occurrences : public error {
 public:
  using error::error;
};

class too_many_positional_options_error : public error {
 public:
  too_many_positional_options_error() : error("too many positional options have been specified on the command line") {}
};

class invalid_command_line_syntax : public error {
 public:
  using error::error;
};

// How an option's tokens become a value, and where notify() stores it.
class value_semantic {
 public:
  virtual ~value_semantic() = default;
  virtual bool zero_tokens() const = 0;
  virtual bool multitoken_() const = 0;
  virtual bool is_vector() const = 0;
  virtual std::any parse(const std::vector<std::string>& tokens, const std::string& option) const = 0;
  virtual std::optional<std::any> default_any() const = 0;
  virtual std::string default_text() const = 0;
  virtual void store_to(const std::any& value) const = 0;
};

namespace detail {
template <class T>
struct is_vector : std::false_type {};
template <class U>
struct is_vector<std::vector<U>> : std::true_type {};

template <class T>
T convert(const std::string& token, const std::string& option) {
  if constexpr (std::is_same_v<T, std::string>) {
    return token;
  } else {
    std::istringstream is(token);
    T v{};
    is >> v;
    if (is.fail() || !is.eof()) {
      throw invalid_option_value("the argument ('" + token + "') for option '--" + option + "' is invalid");
    }
    return v;
  }
}
}  // namespace detail

template <class T>
class typed_value : public value_semantic {
 public:
  explicit typed_value(T* store) : m_store(store) {}
  typed_value* default_value(const T& v) {
    m_default = v;
    if constexpr (!detail::is_vector<T>::value) {
      std::ostringstream os;
      os << v;
      m_default_text = os.str();
    }
    return this;
  }
  typed_value* multitoken() {
    m_multitoken = true;
    return this;
  }
  typed_value* zero_tokens() {
    m_zero_tokens = true;
    return this;
  }
  // Repeated occurrences of a vector option accumulate: the only behaviour this stand-in has for vectors.
  typed_value* composing() { return this; }

  bool zero_tokens() const override { return m_zero_tokens; }
  bool multitoken_() const override { return m_multitoken; }
  bool is_vector() const override { return detail::is_vector<T>::value; }
  std::any parse(const std::vector<std::string>& tokens, const std::string& option) const override {
    if constexpr (detail::is_vector<T>::value) {
      T out;
      for (const auto& t : tokens) out.push_back(detail::convert<typename T::value_type>(t, option));
      return out;
    } else {
      if constexpr (std::is_same_v<T, bool>) {
        if (m_zero_tokens) return true;
      }
      return detail::convert<T>(tokens.at(0), option);
    }
  }
  std::optional<std::any> default_any() const override {
    if (m_default) return std::any(*m_default);
    return std::nullopt;
  }
  std::string default_text() const override { return m_default_text; }
  void store_to(const std::any& value) const override {
    if (m_store != nullptr) *m_store = std::any_cast<const T&>(value);
  }

 private:
  T* m_store;
  std::optional<T> m_default;
  std::string m_default_text;
  bool m_multitoken = false;
  bool m_zero_tokens = false;
};

template <class T>
typed_value<T>* value(T* store = nullptr) {
  return new typed_value<T>(store);
}

inline typed_value<bool>* bool_switch(bool* store = nullptr) {
  auto* v = new typed_value<bool>(store);
  v->zero_tokens();
  v->default_value(false);
  return v;
}

struct option_description {
  std::string long_name;
  std::string short_name;
  std::string description;
  std::shared_ptr<const value_semantic> semantic;  // null: a switch without value
};

class options_description {
 public:
  explicit options_description(std::string caption = "", unsigned line_length = 80, unsigned min_description_length = 40)
      : m_caption(std::move(caption)), m_line_length(line_length), m_min_description_length(min_description_length) {}

  class easy_init {
   public:
    explicit easy_init(options_description* owner) : m_owner(owner) {}
    easy_init& operator()(const char* name, const char* description) { return add(name, nullptr, description); }
    easy_init& operator()(const char* name, const value_semantic* s) { return add(name, s, ""); }
    easy_init& operator()(const char* name, const value_semantic* s, const char* description) {
      return add(name, s, description);
    }

   private:
    easy_init& add(const std::string& name, const value_semantic* s, const char* description) {
      auto o = std::make_shared<option_description>();
      const auto comma = name.find(',');
      o->long_name = name.substr(0, comma);
      if (comma != std::string::npos) o->short_name = name.substr(comma + 1);
      o->description = description;
      o->semantic.reset(s);
      m_owner->m_options.push_back(std::move(o));
      m_owner->m_in_group.push_back(false);
      return *this;
    }
    options_description* m_owner;
  };

  easy_init add_options() { return easy_init(this); }
  // As Boost: the other's options join this one's (for parsing) and it is printed as a group after them.
  options_description& add(const options_description& other) {
    m_options.insert(m_options.end(), other.m_options.begin(), other.m_options.end());
    m_in_group.resize(m_options.size(), true);
    m_groups.push_back(std::make_shared<options_description>(other));
    return *this;
  }
  const option_description* find(const std::string& name, bool is_short) const {
    for (const auto& o : m_options) {
      if ((is_short ? o->short_name : o->long_name) == name) return o.get();
    }
    return nullptr;
  }
  const std::vector<std::shared_ptr<option_description>>& options() const { return m_options; }

  // Boost's layout, character for character (boost/libs/program_options/src/options_description.cpp): one
  // column of "  -h [ --help ] arg (=default)" padded to a common width, descriptions wrapped at the line length.
  friend std::ostream& operator<<(std::ostream& os, const options_description& d) {
    d.print(os, 0);
    return os;
  }
  void print(std::ostream& os, unsigned width) const {
    if (width == 0) width = column_width();
    if (!m_caption.empty()) os << m_caption << ":\n";
    for (std::size_t i = 0; i < m_options.size(); ++i) {
      if (m_in_group[i]) continue;
      format_one(os, *m_options[i], width);
      os << "\n";
    }
    for (const auto& g : m_groups) {
      os << "\n";
      g->print(os, width);
    }
  }

 private:
  static std::string first_column(const option_description& o) {
    std::string name = o.short_name.empty() ? "--" + o.long_name
                                            : (o.long_name.empty() ? "-" + o.short_name : "-" + o.short_name + " [ --" + o.long_name + " ]");
    std::string param;
    if (o.semantic && !o.semantic->zero_tokens()) {
      param = "arg";
      if (!o.semantic->default_text().empty()) param += " (=" + o.semantic->default_text() + ")";
    }
    return "  " + name + " " + param;
  }
  unsigned column_width() const {
    std::size_t width = 23;
    for (const auto& o : m_options) width = std::max(width, first_column(*o).size());
    for (const auto& g : m_groups) width = std::max<std::size_t>(width, g->column_width());
    width = std::min<std::size_t>(width, m_line_length - m_min_description_length - 1);
    return static_cast<unsigned>(width + 1);
  }
  void format_one(std::ostream& os, const option_description& o, unsigned width) const {
    const std::string first = first_column(o);
    os << first;
    if (o.description.empty()) return;
    if (first.size() >= width) {
      os << "\n" << std::string(width, ' ');
    } else {
      os << std::string(width - first.size(), ' ');
    }
    // Paragraphs split at '\n'; each wrapped to line_length − 1 − width characters, breaking at the last space
    // in the second half of a line; a continuation line drops one leading space.
    const std::size_t room = m_line_length - 1 - width;
    std::size_t start = 0;
    const std::string& text = o.description;
    while (true) {
      const std::size_t nl = text.find('\n', start);
      const std::string par = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      std::size_t b = 0;
      bool first_line = true;
      while (b < par.size()) {
        if (!first_line && par[b] == ' ' && b + 1 < par.size() && par[b + 1] != ' ') ++b;
        std::size_t e = b + std::min(par.size() - b, room);
        if (par[e - 1] != ' ' && e < par.size() && par[e] != ' ') {
          const std::size_t sp = par.rfind(' ', e - 1);
          if (sp != std::string::npos && sp >= b && sp + 1 != b && sp + 1 > b && (e - (sp + 1)) < room / 2) e = sp + 1;
        }
        os << par.substr(b, e - b);
        first_line = false;
        if (e != par.size()) os << "\n" << std::string(width, ' ');
        b = e;
      }
      if (nl == std::string::npos) break;
      os << "\n" << std::string(width, ' ');
      start = nl + 1;
    }
  }

  std::string m_caption;
  unsigned m_line_length = 80;
  unsigned m_min_description_length = 40;
  std::vector<std::shared_ptr<option_description>> m_options;
  std::vector<bool> m_in_group;   // printed with its group, not in this description's own list
  std::vector<std::shared_ptr<const options_description>> m_groups;
};

class positional_options_description {
 public:
  positional_options_description& add(const char* name, int max_count) {
    m_entries.emplace_back(name, max_count);
    return *this;
  }
  // The option that takes the position-th free token, or "" when there is none.
  std::string name_for_position(std::size_t position) const {
    for (const auto& [name, count] : m_entries) {
      if (count < 0) return name;
      if (position < static_cast<std::size_t>(count)) return name;
      position -= static_cast<std::size_t>(count);
    }
    return "";
  }

 private:
  std::vector<std::pair<std::string, int>> m_entries;
};

struct parsed_options {
  std::vector<std::pair<const option_description*, std::vector<std::string>>> options;
  const options_description* description = nullptr;
};

class command_line_parser {
 public:
  explicit command_line_parser(std::vector<std::string> args) : m_args(std::move(args)) {}
  command_line_parser(int argc, const char* const argv[]) : m_args(argv + 1, argv + argc) {}
  command_line_parser& options(const options_description& d) {
    m_desc = &d;
    return *this;
  }
  command_line_parser& positional(const positional_options_description& p) {
    m_pos = &p;
    return *this;
  }

  parsed_options run() const {
    parsed_options out;
    out.description = m_desc;
    std::size_t position = 0;
    bool only_positional = false;
    for (std::size_t i = 0; i < m_args.size(); ++i) {
      const std::string& tok = m_args[i];
      if (!only_positional && tok == "--") {
        only_positional = true;
        continue;
      }
      const bool is_long = !only_positional && tok.rfind("--", 0) == 0;
      const bool is_short = !only_positional && !is_long && tok.size() > 1 && tok[0] == '-';
      if (!is_long && !is_short) {
        if (m_pos == nullptr) continue;  // like Boost: free tokens are ignored unless positional() was given
        const std::string name = m_pos->name_for_position(position++);
        if (name.empty()) throw too_many_positional_options_error();
        const option_description* o = m_desc->find(name, false);
        if (o == nullptr) throw unknown_option(name);
        out.options.push_back({o, {tok}});
        continue;
      }
      std::string name = is_long ? tok.substr(2) : tok.substr(1, 1);
      std::optional<std::string> attached;
      if (is_long) {
        const auto eq = name.find('=');
        if (eq != std::string::npos) {
          attached = name.substr(eq + 1);
          name = name.substr(0, eq);
        }
      } else if (tok.size() > 2) {
        attached = tok.substr(2);
      }
      const option_description* o = m_desc->find(name, is_short);
      if (o == nullptr) throw unknown_option(is_long ? "--" + name : "-" + name);
      std::vector<std::string> tokens;
      if (!o->semantic || o->semantic->zero_tokens()) {
        if (attached) throw invalid_command_line_syntax("option '--" + o->long_name + "' does not take any arguments");
      } else if (attached) {
        tokens.push_back(*attached);
      } else {
        if (i + 1 >= m_args.size()) {
          throw invalid_command_line_syntax("the required argument for option '--" + o->long_name + "' is missing");
        }
        tokens.push_back(m_args[++i]);
        while (o->semantic->multitoken_() && i + 1 < m_args.size() && m_args[i + 1].rfind("-", 0) != 0) {
          tokens.push_back(m_args[++i]);
        }
      }
      out.options.push_back({o, tokens});
    }
    return out;
  }

 private:
  std::vector<std::string> m_args;
  const options_description* m_desc = nullptr;
  const positional_options_description* m_pos = nullptr;
};

class variable_value {
 public:
  variable_value() = default;
  variable_value(std::any v, bool defaulted) : m_value(std::move(v)), m_defaulted(defaulted) {}
  template <class T>
  const T& as() const {
    return std::any_cast<const T&>(m_value);
  }
  bool empty() const { return !m_value.has_value(); }
  bool defaulted() const { return m_defaulted; }
  const std::any& value() const { return m_value; }

 private:
  std::any m_value;
  bool m_defaulted = false;
};

class variables_map : public std::map<std::string, variable_value> {
 public:
  const variable_value& operator[](const std::string& name) const {
    static const variable_value none;
    const auto it = find(name);
    return it == end() ? none : it->second;
  }
  std::vector<std::pair<std::shared_ptr<const value_semantic>, std::string>> m_semantics;  // for notify()
};

inline void store(const parsed_options& parsed, variables_map& vm) {
  std::map<const option_description*, std::vector<std::string>> tokens;
  std::map<const option_description*, int> occurrences;
  for (const auto& [o, toks] : parsed.options) {
    ++occurrences[o];
    if (occurrences[o] > 1 && !(o->semantic && o->semantic->is_vector())) {
      throw multiple_occurrences("option '--" + o->long_name + "' cannot be specified more than once");
    }
    tokens[o].insert(tokens[o].end(), toks.begin(), toks.end());
  }
  for (const auto& o : parsed.description->options()) {
    if (vm.count(o->long_name) != 0) continue;  // like Boost: an earlier store wins
    const auto it = tokens.find(o.get());
    if (it != tokens.end()) {
      std::any v = o->semantic ? o->semantic->parse(it->second, o->long_name) : std::any();
      static_cast<std::map<std::string, variable_value>&>(vm)[o->long_name] = variable_value(std::move(v), false);
    } else if (o->semantic && o->semantic->default_any()) {
      static_cast<std::map<std::string, variable_value>&>(vm)[o->long_name] =
          variable_value(*o->semantic->default_any(), true);
    } else {
      continue;
    }
    if (o->semantic) vm.m_semantics.emplace_back(o->semantic, o->long_name);
  }
}

inline void notify(variables_map& vm) {
  for (const auto& [semantic, name] : vm.m_semantics) semantic->store_to(vm[name].value());
}

}  // namespace boost::program_options
