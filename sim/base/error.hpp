// Typed errors of the model layer. Libraries throw; only main() turns errors into exit codes.
#pragma once
#include <sstream>
#include <stdexcept>
#include <string>

namespace scmp::sim {

// Base of every error scmp throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A user-supplied value is out of range or inconsistent. The message names the parameter, the value and
// what was expected: "stoc_len = 0: expected 1..256 (the RNG period 2^sc_prec)".
class InvalidArgument : public Error {
 public:
  InvalidArgument(std::string field, std::string value, const std::string& expected)
      : Error(field + " = " + value + ": " + expected), m_field(std::move(field)), m_value(std::move(value)) {}
  const std::string& field() const { return m_field; }
  const std::string& value() const { return m_value; }

 private:
  std::string m_field;
  std::string m_value;
};

// The modelled hardware cannot do what was asked (e.g. a counter of declared width overflowed).
class ModelError : public Error {
 public:
  using Error::Error;
};

// Text of any streamable value, for error messages.
template <class T>
std::string to_text(const T& v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

// Throws InvalidArgument unless lo <= v <= hi.
template <class T>
void require_range(const std::string& field, T v, T lo, T hi, const std::string& why = "") {
  if (v < lo || v > hi) {
    throw InvalidArgument(field, to_text(v),
                          "expected " + to_text(lo) + ".." + to_text(hi) + (why.empty() ? "" : " (" + why + ")"));
  }
}

}  // namespace scmp::sim
