#include "attn/declare/option.hpp"

#include <cstdio>

#include "attn/text.hpp"  // shown(): a caller's text, cut short for a message

namespace attn::declare {

// snprintf, not a stream: iostreams would add some 150 KB of locale code to attention.wasm.
std::string format(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

namespace {

std::string quoted_choices(const std::vector<Text>& choices) {
  std::string s;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) s += i + 1 == choices.size() ? " or " : ", ";
    s += "'" + std::string(choices[i]) + "'";
  }
  return s;
}

}  // namespace

std::string describe_range(const OptionSpec& s) {
  switch (s.kind) {
    case OptionKind::Integer:
      if (s.max == s.min + 1) return format(s.min) + " or " + format(s.max);
      return format(s.min) + " to " + format(s.max);
    case OptionKind::Number:
      if (std::isinf(s.max)) return (s.min_open ? "> " : ">= ") + format(s.min);
      return std::string("in ") + (s.min_open ? "(" : "[") + format(s.min) + ", " + format(s.max) +
             (s.max_open ? ")" : "]");
    case OptionKind::Boolean:
      return "true or false";
    case OptionKind::Choice:
      return quoted_choices(s.choices);
    case OptionKind::Seed:
      return "a whole number from 0 to 2^53";
  }
  return {};
}

std::uint64_t to_seed(double seed) {
  if (!std::isfinite(seed) || seed < 0 || seed > kMaxSeed || seed != std::floor(seed))
    throw std::invalid_argument("seed must be " + describe_range(seed_spec()));
  return static_cast<std::uint64_t>(seed);
}

void check(const OptionSpec& s, const OptionValue& value) {
  const auto wrong_kind = [&](const char* what) {
    return std::invalid_argument(s.name() + " must be " + what);
  };
  switch (s.kind) {
    case OptionKind::Boolean:
      if (!std::holds_alternative<bool>(value)) throw wrong_kind("true or false");
      return;
    case OptionKind::Choice: {
      if (!std::holds_alternative<std::string>(value)) throw wrong_kind("text");
      const std::string& v = std::get<std::string>(value);
      for (const auto& c : s.choices)
        if (v == c) return;
      throw std::invalid_argument("unknown " + s.name() + " '" + shown(v) + "': choose " +
                                  quoted_choices(s.choices));
    }
    case OptionKind::Seed:
      if (!std::holds_alternative<double>(value)) throw wrong_kind("a number");
      to_seed(std::get<double>(value));
      return;
    case OptionKind::Integer: {
      if (!std::holds_alternative<double>(value)) throw wrong_kind("a whole number");
      const double v = std::get<double>(value);
      if (!std::isfinite(v) || v != std::floor(v))
        throw std::invalid_argument(s.name() + " must be a whole number, got " + format(v));
      if (v < s.min || v > s.max)
        throw std::invalid_argument(s.name() + " must be " + describe_range(s) + ", got " +
                                    format(v));
      return;
    }
    case OptionKind::Number: {
      if (!std::holds_alternative<double>(value)) throw wrong_kind("a number");
      const double v = std::get<double>(value);
      const bool below = s.min_open ? !(v > s.min) : !(v >= s.min);
      const bool above = s.max_open ? !(v < s.max) : !(v <= s.max);
      if (!std::isfinite(v) || below || above)
        throw std::invalid_argument(s.name() + " must be a number " + describe_range(s) + ", got " +
                                    format(v));
      return;
    }
  }
}

const OptionSpec& seed_spec() {
  static const OptionSpec s = [] {
    OptionSpec o;
    o.key = "seed";
    o.doc = "Same seed, same run, natively and in wasm alike.";
    o.kind = OptionKind::Seed;
    o.min = 0;
    o.max = kMaxSeed;
    return o;
  }();
  return s;
}

const OptionSpec& learning_rate_spec() {
  static const OptionSpec s = [] {
    OptionSpec o;
    o.key = "lr";
    o.label = "learning rate";
    o.doc = "Learning rate; setLearningRate() changes it during a run.";
    o.kind = OptionKind::Number;
    o.min = 0;
    o.max = 10;
    o.min_open = true;
    return o;
  }();
  return s;
}

const OptionSpec& optimizer_spec() {
  static const OptionSpec s = [] {
    OptionSpec o;
    o.key = "optimizer";
    o.doc = "Adam, or plain stochastic gradient descent.";
    o.kind = OptionKind::Choice;
    o.choices = {"adam", "sgd"};
    return o;
  }();
  return s;
}

}  // namespace attn::declare
