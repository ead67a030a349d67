// One option of a trainable model, declared once: its JS name, kind, allowed range or choices,
// one line of documentation and the config field it sets. The default is the field's default
// member initializer. From the declaration come the C++ validation and its messages, the JS
// checks, the TypeScript types, the API docs' tables and the widgets' ranges (bindings and
// scripts read it); nothing else states a range.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace attn::declare {

enum class OptionKind { Integer, Number, Boolean, Choice, Seed };

// Integer, Number and Seed as double (every whole JS number up to 2^53 is exact), Boolean as
// bool, Choice as text.
using OptionValue = std::variant<double, bool, std::string>;

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();
inline constexpr double kMaxSeed = 9007199254740992.0;  // 2^53

// Text is string_view over literals: a declaration is built without allocating, which keeps its
// code small in attention.wasm.
using Text = std::string_view;

struct OptionSpec {
  Text key;    // the JS name
  Text label;  // its name in messages ("learning rate" for lr); key when empty
  Text doc;    // one line, for the docs and the types
  OptionKind kind = OptionKind::Number;
  double min = 0.0, max = 0.0;              // Integer, Number: the allowed range
  bool min_open = false, max_open = false;  // Number: an end that is excluded
  std::vector<Text> choices;                // Choice

  std::string name() const { return std::string(label.empty() ? key : label); }
};

// The range in words: "1 or 2", "1 to 4", "in (0, 10]", "'adam' or 'sgd'".
std::string describe_range(const OptionSpec& spec);
// A number as messages show it: 6 significant digits, NaN and Infinity by name.
std::string format(double x);
// Throws std::invalid_argument naming the option, the allowed range and the value given.
void check(const OptionSpec& spec, const OptionValue& value);
std::uint64_t to_seed(double seed);  // a whole number 0 .. 2^53, else std::invalid_argument

template <class Config>
using FieldOf = std::variant<int Config::*, double Config::*, bool Config::*, std::string Config::*,
                             std::uint64_t Config::*>;

template <class Config>
struct Option {
  OptionSpec spec;
  FieldOf<Config> field;

  OptionValue get(const Config& c) const {
    return std::visit(
        [&](auto member) -> OptionValue {
          using T = std::decay_t<decltype(c.*member)>;
          if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>)
            return c.*member;
          else
            return static_cast<double>(c.*member);
        },
        field);
  }

  // Checks value against the declaration first, so a field never holds what it does not allow.
  void set(Config& c, const OptionValue& value) const {
    check(spec, value);
    std::visit(
        [&](auto member) {
          using T = std::decay_t<decltype(c.*member)>;
          if constexpr (std::is_same_v<T, std::uint64_t>)
            c.*member = to_seed(std::get<double>(value));
          else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>)
            c.*member = std::get<T>(value);
          else
            c.*member = static_cast<T>(std::get<double>(value));
        },
        field);
  }
};

// --- declaring options ---------------------------------------------------------------------
template <class C>
Option<C> integer(Text key, int C::*field, int min, int max, Text doc) {
  OptionSpec s;
  s.key = key;
  s.doc = doc;
  s.kind = OptionKind::Integer;
  s.min = min;
  s.max = max;
  return {s, field};
}

// [min, max] unless an end is open; max may be kUnbounded.
template <class C>
Option<C> number(Text key, double C::*field, double min, double max, bool min_open, bool max_open,
                 Text doc, Text label = {}) {
  OptionSpec s;
  s.key = key;
  s.label = label;
  s.doc = doc;
  s.kind = OptionKind::Number;
  s.min = min;
  s.max = max;
  s.min_open = min_open;
  s.max_open = max_open;
  return {s, field};
}

template <class C>
Option<C> boolean(Text key, bool C::*field, Text doc) {
  OptionSpec s;
  s.key = key;
  s.doc = doc;
  s.kind = OptionKind::Boolean;
  return {s, field};
}

template <class C>
Option<C> choice(Text key, std::string C::*field, std::vector<Text> choices, Text doc) {
  OptionSpec s;
  s.key = key;
  s.doc = doc;
  s.kind = OptionKind::Choice;
  s.choices = std::move(choices);
  return {s, field};
}

// What every model trained in the page shares: a seed, a learning rate in (0, 10] and an
// optimiser. One spec each, so set_learning_rate() checks what create() checks.
const OptionSpec& seed_spec();
const OptionSpec& learning_rate_spec();
const OptionSpec& optimizer_spec();

template <class C>
Option<C> seed(std::uint64_t C::*field) {
  return {seed_spec(), field};
}
template <class C>
Option<C> learning_rate(double C::*field) {
  return {learning_rate_spec(), field};
}
template <class C>
Option<C> optimizer(std::string C::*field) {
  return {optimizer_spec(), field};
}

}  // namespace attn::declare
