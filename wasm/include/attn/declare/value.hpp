// A trainable model's answer to a method call, as plain data: numbers, text, lists of them,
// tensors and records. The bindings turn one into a JS object by its kind alone, and the native
// tests read it directly, so a model's method is written once, in C++.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace attn::declare {

enum class ValueKind { Number, Boolean, Text, Texts, Numbers, Tensor, Record, Records };

struct Value {
  ValueKind kind = ValueKind::Record;
  double number = 0.0;  // Number; Boolean as 0 or 1
  std::string text;
  std::vector<std::string> texts;
  std::vector<double> numbers;    // Numbers; a Tensor's entries, row-major
  std::vector<int> dims;          // Tensor: e.g. layers, heads, rows, columns
  std::vector<std::string> keys;  // Record: keys[i] names items[i]
  std::vector<Value> items;       // Record's fields; Records' elements (each a Record)

  // Record: adds a field (keys stay in the order set, which is the order JS shows).
  Value& set(std::string key, Value value);
  // Record: the field named key (std::out_of_range if absent).
  const Value& operator[](const std::string& key) const;
};

Value number(double x);
Value boolean(bool b);
Value text(std::string s);
Value texts(std::vector<std::string> list);
Value numbers(std::vector<double> list);
// dims' product must equal data's size (std::logic_error otherwise).
Value tensor(std::vector<int> dims, std::vector<double> data);
Value record();
Value records(std::vector<Value> list);

}  // namespace attn::declare
