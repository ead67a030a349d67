// How an engine call crosses between JS and C++: every argument packed into one array of
// doubles, every result unpacked from another, both laid out by the function's declared
// types (functions.hpp). The JS side of the same layout is wasm/js/api.js. No Emscripten
// here, so the native agreement test (tests/native/engine_golden.cpp) runs the same code.
//
// Layout, in declaration order: a number, whole number or boolean is one double; a vector
// its length then its entries; a matrix its rows, its columns, then its entries row by row;
// an object its fields; a list its length then its elements. An absent optional vector is
// length 0 (JS refuses empty vectors); an optional result (number or matrix) is a 0/1 flag
// before it.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "attn/validate.hpp"

namespace attn::api {

enum class Kind { Number, Integer, Boolean, Vector, Matrix, Object, List };

// An argument, field or result of an engine function as JS sees it. The JS wrapper, the
// README's API list and the generated agreement cases are all read from these.
struct Type {
  Kind kind = Kind::Number;
  std::string key;        // argument or property name in JS
  std::string label;      // its name in error messages: W_Q for Wq
  bool optional = false;  // may be absent (null in JS for numbers, missing key for matrices)
  bool has_fallback = false;
  double fallback = 0;          // number, whole number, boolean: the value when not given
  std::string rows, cols;       // sizes as symbols ("n", "d", "h*v"); a whole number: its symbol
  std::string values;           // generated cases: "" any finite, "masked", "distribution"
  std::vector<double> samples;  // generated cases of a number pick one of these
  std::string message;          // object or list: the error when the value is not one
  std::vector<Type> fields;     // object: its fields; list: its element
  Eigen::Index max = 0;         // list: the most elements allowed
};

// --- declaring types -----------------------------------------------------------------------
inline Type leaf(Kind kind, std::string key, std::string label) {
  Type t;
  t.kind = kind;
  t.label = label.empty() ? key : std::move(label);
  t.key = std::move(key);
  return t;
}
inline Type vector(std::string key, std::string size, std::string label = "") {
  Type t = leaf(Kind::Vector, std::move(key), std::move(label));
  t.rows = std::move(size);
  return t;
}
inline Type optional_vector(std::string key, std::string size, std::string label = "") {
  Type t = vector(std::move(key), std::move(size), std::move(label));
  t.optional = true;
  return t;
}
inline Type matrix(std::string key, std::string rows, std::string cols, std::string label = "") {
  Type t = leaf(Kind::Matrix, std::move(key), std::move(label));
  t.rows = std::move(rows);
  t.cols = std::move(cols);
  return t;
}
inline Type optional_matrix(std::string key) {
  Type t = matrix(std::move(key), "", "");
  t.optional = true;
  return t;
}
inline Type number(std::string key, std::optional<double> fallback = std::nullopt,
                   std::vector<double> samples = {}, std::string label = "") {
  Type t = leaf(Kind::Number, std::move(key), std::move(label));
  t.has_fallback = fallback.has_value();
  t.fallback = fallback.value_or(0);
  t.samples = std::move(samples);
  return t;
}
inline Type optional_number(std::string key) {
  Type t = number(std::move(key));
  t.optional = true;
  return t;
}
// A whole number whose generated value is the size `symbol`.
inline Type integer(std::string key, std::string symbol, std::optional<double> fallback,
                    std::string label = "") {
  Type t = leaf(Kind::Integer, std::move(key), std::move(label));
  t.rows = std::move(symbol);
  t.has_fallback = fallback.has_value();
  t.fallback = fallback.value_or(0);
  return t;
}
inline Type boolean(std::string key, bool fallback) {
  Type t = leaf(Kind::Boolean, std::move(key), "");
  t.has_fallback = true;
  t.fallback = fallback ? 1 : 0;
  return t;
}
// optional: null or undefined stands for {} (every field takes its default).
inline Type object(std::string key, std::vector<Type> fields, std::string message = "",
                   bool optional = false) {
  Type t = leaf(Kind::Object, std::move(key), "");
  t.fields = std::move(fields);
  t.message = std::move(message);
  t.optional = optional;
  return t;
}
// A non-empty list of `element`, its length the size `count`; element i's messages start
// with "<label> i: " (counted from 1).
inline Type list(std::string key, std::string count, std::string label, Type element,
                 std::string message) {
  Type t = leaf(Kind::List, std::move(key), std::move(label));
  t.rows = std::move(count);
  t.fields = {std::move(element)};
  t.message = std::move(message);
  t.max = kMaxHeads;  // heads are the only list
  return t;
}
inline Type with_values(Type t, std::string values) {
  t.values = std::move(values);
  return t;
}

// --- reading arguments ---------------------------------------------------------------------
// Reads arguments in the order they were declared. The sizes in the buffer come from JS,
// which has checked them; they are checked again so a malformed buffer cannot read past
// its end or allocate without limit.
class Reader {
 public:
  Reader(const double* data, std::size_t size) : data_(data), size_(size) {}

  double number() { return next(); }
  int integer() { return static_cast<int>(next()); }
  bool boolean() { return next() != 0; }
  std::size_t count() { return size(kMaxHeads); }

  Eigen::VectorXd vector() {
    const std::size_t n = size(kMaxDimension);
    return Eigen::Map<const Eigen::VectorXd>(take(n), static_cast<Eigen::Index>(n));
  }
  std::optional<Eigen::VectorXd> optional_vector() {
    if (peek() != 0) return vector();
    next();
    return std::nullopt;
  }
  Eigen::MatrixXd matrix() {
    const std::size_t rows = size(kMaxDimension), cols = size(kMaxDimension);
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    return Eigen::Map<const RowMajor>(take(rows * cols), static_cast<Eigen::Index>(rows),
                                      static_cast<Eigen::Index>(cols));
  }

  // Everything was read: a reader that stops early disagrees with its declaration.
  void finish(const std::string& function) const {
    if (pos_ != size_)
      throw std::logic_error("internal error: " + function + " read " + std::to_string(pos_) +
                             " of " + std::to_string(size_) +
                             " numbers; its code and its declaration disagree");
  }

 private:
  double peek() const { return pos_ < size_ ? data_[pos_] : 0; }
  double next() {
    if (pos_ >= size_) throw std::logic_error("internal error: the arguments ended early");
    return data_[pos_++];
  }
  std::size_t size(Eigen::Index limit) {
    const double v = next();
    if (!(v >= 0 && v <= static_cast<double>(limit) && v == std::floor(v)))
      throw std::logic_error("internal error: a size of " + std::to_string(v) +
                             " in the arguments");
    return static_cast<std::size_t>(v);
  }
  const double* take(std::size_t n) {
    if (n > size_ - pos_) throw std::logic_error("internal error: the arguments ended early");
    const double* p = data_ + pos_;
    pos_ += n;
    return p;
  }

  const double* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// --- writing results -----------------------------------------------------------------------
class Writer {
 public:
  explicit Writer(std::vector<double>& out) : out_(out) {}

  void number(double v) { out_.push_back(v); }
  void optional_number(const std::optional<double>& v) {
    out_.push_back(v ? 1 : 0);
    out_.push_back(v.value_or(0));
  }
  void count(std::size_t n) { out_.push_back(static_cast<double>(n)); }
  void vector(const Eigen::VectorXd& v) {
    out_.push_back(static_cast<double>(v.size()));
    out_.insert(out_.end(), v.data(), v.data() + v.size());
  }
  void matrix(const Eigen::MatrixXd& m) {
    out_.push_back(static_cast<double>(m.rows()));
    out_.push_back(static_cast<double>(m.cols()));
    const std::size_t start = out_.size();
    out_.resize(start + static_cast<std::size_t>(m.size()));
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<RowMajor>(out_.data() + start, m.rows(), m.cols()) = m;
  }
  void optional_matrix(const std::optional<Eigen::MatrixXd>& m) {
    out_.push_back(m ? 1 : 0);
    if (m) matrix(*m);
  }

 private:
  std::vector<double>& out_;
};

// --- the declarations as JSON, for JS ------------------------------------------------------
inline std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

inline std::string json_number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

inline std::string to_json(const Type& t) {
  static const char* kinds[] = {"number", "integer", "boolean", "vector",
                                "matrix", "object",  "list"};
  std::string s = "{\"kind\":\"" + std::string(kinds[static_cast<int>(t.kind)]) +
                  "\",\"key\":" + json_string(t.key) + ",\"label\":" + json_string(t.label);
  if (t.optional) s += ",\"optional\":true";
  if (t.has_fallback)
    s += ",\"fallback\":" + (t.kind == Kind::Boolean ? std::string(t.fallback ? "true" : "false")
                                                     : json_number(t.fallback));
  if (!t.rows.empty()) s += ",\"rows\":" + json_string(t.rows);
  if (!t.cols.empty()) s += ",\"cols\":" + json_string(t.cols);
  if (!t.message.empty()) s += ",\"message\":" + json_string(t.message);
  if (t.max) s += ",\"max\":" + std::to_string(t.max);
  if (!t.fields.empty()) {
    s += ",\"fields\":[";
    for (std::size_t i = 0; i < t.fields.size(); ++i) s += (i ? "," : "") + to_json(t.fields[i]);
    s += "]";
  }
  return s + "}";
}

}  // namespace attn::api
