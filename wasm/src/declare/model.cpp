#include "attn/declare/model.hpp"

#include <cmath>

#include "attn/text.hpp"

namespace attn::declare {

std::string describe_range(const Param& p) {
  if (p.kind == ParamKind::Number)
    return std::string("in ") + (p.min_open ? "(" : "[") + format(p.min) + ", " + format(p.max) +
           "]";
  if (p.max == kMaxSeed) return format(p.min) + " to 2^53";
  return format(p.min) + " to " + format(p.max);
}

namespace {

// Text, Tokens: at most max_length characters (the tokens of an array together). JS has
// refused longer text before copying it; this holds native callers to the same bound.
void check_length(const Param& p, const Argument& a) {
  std::size_t length = utf16_length(a.text);
  for (const std::string& t : a.tokens) length += utf16_length(t);
  if (static_cast<double>(length) > p.max_length)
    throw std::invalid_argument(std::string(p.name) + " has " +
                                grouped(static_cast<double>(length)) + " characters, more than " +
                                grouped(p.max_length));
}

}  // namespace

void check(const Param& p, const Argument& a) {
  switch (p.kind) {
    case ParamKind::Integer:
      if (!(a.number >= p.min && a.number <= p.max) || a.number != std::floor(a.number))
        throw std::invalid_argument(std::string(p.name) + " must be " + describe_range(p) +
                                    ", got " + format(a.number));
      return;
    case ParamKind::Number: {
      const bool below = p.min_open ? !(a.number > p.min) : !(a.number >= p.min);
      if (below || !(a.number <= p.max))
        throw std::invalid_argument(std::string(p.name) + " must be a number " + describe_range(p) +
                                    ", got " + format(a.number));
      return;
    }
    case ParamKind::Tokens:
      if (a.list && static_cast<double>(a.tokens.size()) > p.max)
        throw std::invalid_argument(std::string(p.name) + " has " +
                                    std::to_string(a.tokens.size()) + " tokens, more than " +
                                    format(p.max));
      check_length(p, a);
      return;
    case ParamKind::Text:
      check_length(p, a);
      return;
    case ParamKind::Record:
      if (a.fields.size() != p.fields.size())
        throw std::invalid_argument(std::string(p.name) + " must have its " +
                                    std::to_string(p.fields.size()) + " fields");
      for (std::size_t i = 0; i < p.fields.size(); ++i) check(p.fields[i], a.fields[i]);
      return;
    case ParamKind::Boolean:
      return;
  }
}

namespace {

Param param(ParamKind kind, Text name, double fallback, double min, double max, Text doc) {
  Param p;
  p.kind = kind;
  p.name = name;
  p.fallback = fallback;
  p.min = min;
  p.max = max;
  p.doc = doc;
  return p;
}

}  // namespace

Param text_param(Text name, Text example, double max_length) {
  Param p = param(ParamKind::Text, name, 0, 0, 0, {});
  p.example = example;
  p.max_length = max_length;
  return p;
}

Param tokens_param(Text name, Text example, double most, double max_length) {
  Param p = param(ParamKind::Tokens, name, 0, 0, most, {});
  p.example = example;
  p.max_length = max_length;
  return p;
}

Param integer_param(Text name, double fallback, double min, double max, Text doc) {
  return param(ParamKind::Integer, name, fallback, min, max, doc);
}

Param number_param(Text name, double fallback, double min, double max, bool min_open, Text doc) {
  Param p = param(ParamKind::Number, name, fallback, min, max, doc);
  p.min_open = min_open;
  return p;
}

Param boolean_param(Text name, bool fallback, Text doc) {
  return param(ParamKind::Boolean, name, fallback ? 1 : 0, 0, 1, doc);
}

Param record_param(Text name, std::vector<Param> fields) {
  Param p = param(ParamKind::Record, name, 0, 0, 0, {});
  p.fields = std::move(fields);
  return p;
}

Argument fallback(const Param& p) {
  Argument a;
  a.number = p.fallback;
  a.text = std::string(p.example);
  for (const Param& f : p.fields) a.fields.push_back(fallback(f));
  return a;
}

Field field(Text key, ValueKind kind, Text doc, Text dims) {
  Field f;
  f.key = key;
  f.kind = kind;
  f.doc = doc;
  f.dims = dims;
  return f;
}

Field record_field(Text key, Text doc, std::vector<Field> fields) {
  Field f = field(key, ValueKind::Record, doc);
  f.fields = std::move(fields);
  return f;
}

Field records_field(Text key, Text doc, std::vector<Field> fields) {
  Field f = field(key, ValueKind::Records, doc);
  f.fields = std::move(fields);
  return f;
}

}  // namespace attn::declare
