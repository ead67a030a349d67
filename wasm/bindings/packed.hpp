// How an engine call crosses between JS and C++: every argument packed into one array of
// doubles, every result unpacked from another, both laid out by the function's declared
// types (functions.hpp). The JS side of the same layout is wasm/js/api.js. No Emscripten
// here, so the native agreement test (tests/native/engine_golden.cpp) runs the same code.
//
// Layout, in declaration order: a number, whole number or boolean is one double; a choice the
// index of its text among the declared choices; a vector its length then its entries; a matrix
// its rows, its columns, then its entries row by row; an object its fields; a list its length
// then its elements. An absent optional vector is length 0 and an absent optional matrix 0 rows
// (JS refuses empty ones); an optional whole number is a 0/1 flag, then the number if present;
// an optional result (number or matrix) is a 0/1 flag before it.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attn/validate.hpp"
#include "buffer.hpp"

// The declarations are built once, at load, and a function's run() only moves numbers between
// the packed buffers and the engine (whose own code stays -O3): both are compiled for size,
// which keeps the page's engine.wasm small (at -O3 they were a third of it).
#if defined(__clang__)
#define ATTN_COLD __attribute__((minsize, cold))
#define ATTN_SMALL __attribute__((minsize))
#else
#define ATTN_COLD __attribute__((cold))
#define ATTN_SMALL
#endif
// Each copies a whole matrix, so a call costs nothing next to it; inlined into every run()
// they would be copied 14 times.
#define ATTN_OUTLINE __attribute__((noinline))

namespace attn::api {

// Declarations are constant data (text views, spans of static arrays): the table is built
// by the compiler, with no code run at load and none in the page's engine.wasm.
using Text = std::string_view;

template <typename T>
struct Span {
  const T* data = nullptr;
  std::size_t size = 0;
  constexpr const T* begin() const { return data; }
  constexpr const T* end() const { return data + size; }
  constexpr const T& operator[](std::size_t i) const { return data[i]; }
};
template <typename T, std::size_t N>
constexpr Span<T> span(const T (&items)[N]) {
  return {items, N};
}

// Group: its fields stand in its place (shared runs of fields, such as a head's weights).
enum class Kind { Number, Integer, Boolean, Vector, Matrix, Object, List, Choice, Group };

// An argument, field or result of an engine function as JS sees it. The JS wrapper, the
// README's API list and the generated agreement cases are all read from these.
struct Type {
  Kind kind = Kind::Number;
  Text key;               // argument or property name in JS
  Text label;             // its name in error messages: W_Q for Wq
  bool optional = false;  // may be absent (null in JS for numbers, missing key for matrices)
  bool has_fallback = false;
  double fallback = 0;  // number, whole number, boolean: the value when not given
  Text rows, cols;      // sizes as symbols ("n", "d", "h*v"); a whole number: its symbol
  // An argument: what generated cases hold. A result: what every result holds (the fuzzers
  // check it). "" any finite number, "masked" finite or -Infinity (never a whole row of
  // -Infinity), "distribution" rows of numbers in [0, 1] summing to 1.
  Text values;
  Span<double> samples;  // generated cases of a number pick one of these
  Text message;          // object or list: the error when the value is not one
  Span<Type> fields;     // object, group: its fields; list: its element
  Eigen::Index max = 0;  // list: the most elements allowed
  Span<Text> choices;    // choice: the texts allowed; the first is the default
  // A field of a list's element given on the first element of each group only, the groups
  // being as many as the whole number in field `grouped_by` of the object around the list
  // (every element is the first of its own group when that number is left out): where given,
  // as its declaration says (required unless optional); elsewhere left out (multi-head
  // attention's W_K and W_V with kvHeads). JS lets it be left out anywhere; C++ checks.
  Text grouped_by;
};

// --- declaring types -----------------------------------------------------------------------
constexpr Type leaf(Kind kind, Text key, Text label = {}) {
  Type t{};
  t.kind = kind;
  t.key = key;
  t.label = label.empty() ? key : label;
  return t;
}
constexpr Type vector(Text key, Text size, Text label = {}) {
  Type t = leaf(Kind::Vector, key, label);
  t.rows = size;
  return t;
}
constexpr Type optional_vector(Text key, Text size, Text label = {}) {
  Type t = vector(key, size, label);
  t.optional = true;
  return t;
}
constexpr Type matrix(Text key, Text rows = {}, Text cols = {}, Text label = {}) {
  Type t = leaf(Kind::Matrix, key, label);
  t.rows = rows;
  t.cols = cols;
  return t;
}
constexpr Type optional_matrix(Text key, Text rows = {}, Text cols = {}, Text label = {}) {
  Type t = matrix(key, rows, cols, label);
  t.optional = true;
  return t;
}
constexpr Type number(Text key = {}) { return leaf(Kind::Number, key); }
template <std::size_t N>
constexpr Type number(Text key, double fallback, const double (&samples)[N]) {
  Type t = number(key);
  t.has_fallback = true;
  t.fallback = fallback;
  t.samples = span(samples);
  return t;
}
constexpr Type optional_number(Text key) {
  Type t = number(key);
  t.optional = true;
  return t;
}
// A whole number whose generated value is the size `symbol`.
constexpr Type integer(Text key, Text symbol) {
  Type t = leaf(Kind::Integer, key);
  t.rows = symbol;
  return t;
}
constexpr Type integer(Text key, Text symbol, double fallback, Text label) {
  Type t = leaf(Kind::Integer, key, label);
  t.rows = symbol;
  t.has_fallback = true;
  t.fallback = fallback;
  return t;
}
// A whole number that may be left out (std::nullopt in C++), its generated value the size
// `symbol`.
constexpr Type optional_integer(Text key, Text symbol) {
  Type t = integer(key, symbol);
  t.optional = true;
  return t;
}
// One of `choices` (texts); the first is the default. C++ reads its index.
template <std::size_t N>
constexpr Type choice(Text key, const Text (&choices)[N]) {
  Type t = leaf(Kind::Choice, key);
  t.choices = span(choices);
  t.has_fallback = true;
  t.fallback = 0;
  return t;
}
constexpr Type grouped_by(Type t, Text field) {
  t.grouped_by = field;
  return t;
}
constexpr Type boolean(Text key, bool fallback) {
  Type t = leaf(Kind::Boolean, key);
  t.has_fallback = true;
  t.fallback = fallback ? 1 : 0;
  return t;
}
// optional: null or undefined stands for {} (every field takes its default).
template <std::size_t N>
constexpr Type object(Text key, const Type (&fields)[N], Text message = {}, bool optional = false) {
  Type t = leaf(Kind::Object, key);
  t.fields = span(fields);
  t.message = message;
  t.optional = optional;
  return t;
}
template <std::size_t N>
constexpr Type group(const Type (&fields)[N]) {
  Type t = leaf(Kind::Group, {});
  t.fields = span(fields);
  return t;
}
// A non-empty list of at most `max` elements, its length the size `count`; element i's
// messages start with "<label> i: " (counted from 1). Each list states its own limit, since
// what bounds a list's memory differs (heads of attention, layers, sentences).
constexpr Type list(Text key, Text count, Text label, const Type& element, Text message,
                    Eigen::Index max) {
  // In a constant expression (every declaration is one) this fails the build.
  if (max < 1) throw std::logic_error("a list must allow at least one element");
  Type t = leaf(Kind::List, key, label);
  t.rows = count;
  t.fields = {&element, 1};
  t.message = message;
  t.max = max;
  return t;
}
constexpr Type with_values(Type t, Text values) {
  t.values = values;
  return t;
}

// The fields (or arguments) in order, each group replaced by its own fields.
inline std::vector<const Type*> flatten(Span<Type> fields) {
  std::vector<const Type*> out;
  for (const Type& f : fields) {
    if (f.kind != Kind::Group) {
      out.push_back(&f);
      continue;
    }
    for (const Type* g : flatten(f.fields)) out.push_back(g);
  }
  return out;
}

// --- following a declaration ---------------------------------------------------------------
// Walks a declaration's values in packed order. run() names each value it reads or writes
// and the walker checks that the declaration has that value there, so a run() and its
// declaration that drift apart (a swapped pair, a missing field) fail every call, and so
// the native-vs-wasm agreement test, instead of packing numbers under the wrong names.
class Walker {
 public:
  Walker(Text function, Span<Type> types) : function_(function) { push(types, 1); }

  // The next declared value, which must be `key`, of `kind`.
  ATTN_OUTLINE const Type& expect(Kind kind, Text key) {
    const Type* t = next();
    if (t == nullptr || t->kind != kind || t->key != key) mismatch(t, key);
    return *t;
  }
  // A list of n elements: its element's values follow, n times.
  void repeat(const Type& list, std::size_t n) {
    if (n > 0) push(list.fields, n);
  }
  // Every declared value was handled.
  void finish() {
    if (const Type* t = next()) mismatch(t);
  }

 private:
  // Without a key: run() finished early. declared null: the declaration has no more values.
  [[noreturn]] ATTN_COLD void mismatch(const Type* declared,
                                       std::optional<Text> key = std::nullopt) const {
    const std::string who = "internal error: " + std::string(function_) + "'s run() ";
    if (!key)
      throw std::logic_error(who + "stops before '" + std::string(declared->key) +
                             "' of its declaration");
    throw std::logic_error(who + "handles '" + std::string(*key) + "' where its declaration has " +
                           (declared ? "'" + std::string(declared->key) + "'" : "nothing more"));
  }

  struct Frame {
    Span<Type> types;
    std::size_t next, repeats;
  };
  void push(Span<Type> types, std::size_t repeats) {
    if (depth_ == kDepth) throw std::logic_error("internal error: a declaration nests too deep");
    frames_[depth_++] = {types, 0, repeats};
  }
  const Type* next() {
    while (depth_ > 0) {
      Frame& f = frames_[depth_ - 1];
      if (f.next == f.types.size) {
        if (--f.repeats > 0)
          f.next = 0;
        else
          --depth_;
        continue;
      }
      const Type& t = f.types[f.next++];
      if (t.kind != Kind::Object && t.kind != Kind::Group) return &t;
      push(t.fields, 1);
    }
    return nullptr;
  }

  static constexpr int kDepth = 8;
  Text function_;
  Frame frames_[kDepth] = {};
  int depth_ = 0;
};

// --- reading arguments ---------------------------------------------------------------------
// Reads arguments in the order they were declared. The sizes in the buffer come from JS,
// which has checked them; they are checked again so a malformed buffer cannot read past
// its end or allocate without limit. `release`, if given, is called once the last number has
// been read (and copied): the buffer may go then, before the call computes anything, so a
// large call does not hold its arguments twice (packed, and read) while it works.
class Reader {
 public:
  Reader(Text function, Span<Type> args, const double* data, std::size_t size,
         void (*release)() = nullptr)
      : walker_(function, args), data_(data), size_(size), release_(release) {}

  double number(Text key) {
    walker_.expect(Kind::Number, key);
    return next();
  }
  std::optional<int> optional_integer(Text key) {
    if (peek() == 0) {
      walker_.expect(Kind::Integer, key);
      next();
      return std::nullopt;
    }
    if (next() != 1)
      throw std::logic_error("internal error: a malformed flag of " + std::string(key));
    return whole(key);
  }
  int integer(Text key) { return whole(key); }
  // The index of the choice made, checked against the declared choices.
  int choice(Text key) {
    const Type& t = walker_.expect(Kind::Choice, key);
    const double v = next();
    if (!(v >= 0 && v < static_cast<double>(t.choices.size) && v == std::floor(v)))
      throw std::logic_error("internal error: a choice out of range for " + std::string(key));
    return static_cast<int>(v);
  }
  bool boolean(Text key) {
    walker_.expect(Kind::Boolean, key);
    return next() != 0;
  }
  std::size_t count(Text key) {
    const Type& list = walker_.expect(Kind::List, key);
    const std::size_t n = size(list.max);
    walker_.repeat(list, n);
    return n;
  }

  ATTN_OUTLINE Eigen::VectorXd vector(Text key) {
    walker_.expect(Kind::Vector, key);
    const std::size_t n = size(kMaxDimension);
    Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(take(n), static_cast<Eigen::Index>(n));
    release_if_read();
    return v;
  }
  ATTN_OUTLINE std::optional<Eigen::VectorXd> optional_vector(Text key) {
    if (peek() != 0) return vector(key);
    walker_.expect(Kind::Vector, key);
    next();
    return std::nullopt;
  }
  // An absent optional matrix is an empty one (0 x 0).
  ATTN_OUTLINE Eigen::MatrixXd optional_matrix(Text key) {
    if (peek() != 0) return matrix(key);
    walker_.expect(Kind::Matrix, key);
    next();
    return {};
  }
  ATTN_OUTLINE Eigen::MatrixXd matrix(Text key) {
    walker_.expect(Kind::Matrix, key);
    const std::size_t rows = size(kMaxDimension), cols = size(kMaxDimension);
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::MatrixXd m = Eigen::Map<const RowMajor>(
        take(rows * cols), static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    release_if_read();
    return m;
  }

  // Everything declared was read, and nothing more was sent.
  void finish() {
    walker_.finish();
    if (pos_ != size_)
      throw std::logic_error("internal error: the arguments hold " + std::to_string(size_) +
                             " numbers but the declared ones end after " + std::to_string(pos_));
  }

 private:
  int whole(Text key) {
    walker_.expect(Kind::Integer, key);
    // JS sends whole numbers of at most 2^31 - 1 (toInteger); anything else would make the
    // conversion undefined behaviour, so it is refused like a malformed size.
    const double v = next();
    if (!(std::abs(v) <= 2147483647.0 && v == std::floor(v)))
      throw std::logic_error("internal error: a whole number of " + std::to_string(v) +
                             " in the arguments");
    return static_cast<int>(v);
  }
  double peek() const { return pos_ < size_ ? data_[pos_] : 0; }
  double next() {
    if (pos_ >= size_) throw std::logic_error("internal error: the arguments ended early");
    const double v = data_[pos_++];
    release_if_read();
    return v;
  }
  // After the last number is read nothing touches data_ again: every read checks pos_ < size_
  // first (take(0) forms a pointer it never reads through).
  void release_if_read() {
    if (pos_ == size_ && release_ != nullptr) std::exchange(release_, nullptr)();
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

  Walker walker_;
  const double* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  void (*release_)();
};

// --- writing results -----------------------------------------------------------------------
class Writer {
 public:
  Writer(Text function, const Type& result, Buffer& out)
      : walker_(function, {&result, 1}), out_(out) {}

  void number(Text key, double v) {
    walker_.expect(Kind::Number, key);
    out_.push_back(v);
  }
  ATTN_OUTLINE void optional_number(Text key, const std::optional<double>& v) {
    walker_.expect(Kind::Number, key);
    out_.push_back(v ? 1 : 0);
    out_.push_back(v.value_or(0));
  }
  void count(Text key, std::size_t n) {
    walker_.repeat(walker_.expect(Kind::List, key), n);
    out_.push_back(static_cast<double>(n));
  }
  ATTN_OUTLINE void vector(Text key, const Eigen::VectorXd& v) {
    walker_.expect(Kind::Vector, key);
    out_.push_back(static_cast<double>(v.size()));
    out_.insert(out_.end(), v.data(), v.data() + v.size());
  }
  ATTN_OUTLINE void matrix(Text key, const Eigen::MatrixXd& m) {
    walker_.expect(Kind::Matrix, key);
    out_.push_back(static_cast<double>(m.rows()));
    out_.push_back(static_cast<double>(m.cols()));
    const std::size_t start = out_.size();
    out_.resize(start + static_cast<std::size_t>(m.size()));
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<RowMajor>(out_.data() + start, m.rows(), m.cols()) = m;
  }
  ATTN_OUTLINE void optional_matrix(Text key, const std::optional<Eigen::MatrixXd>& m) {
    if (m) {
      out_.push_back(1);
      return matrix(key, *m);
    }
    walker_.expect(Kind::Matrix, key);
    out_.push_back(0);
  }

  // Room for `numbers` more results at once: a large result written piece by piece grows the
  // buffer by doubling, and each doubling holds the old and the new copy together.
  void reserve(std::size_t numbers) { out_.reserve(out_.size() + numbers); }
  // Everything declared was written.
  void finish() { walker_.finish(); }

 private:
  Walker walker_;
  Buffer& out_;
};

// --- the declarations as JSON, for JS ------------------------------------------------------
ATTN_COLD inline std::string json_string(Text s) {
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

ATTN_COLD inline std::string to_json(const Type& t);

// A JSON array of the types, groups flattened.
ATTN_COLD inline std::string to_json(Span<Type> types) {
  std::string s = "[";
  for (const Type* t : flatten(types)) s += (s.size() > 1 ? "," : "") + to_json(*t);
  return s + "]";
}

ATTN_COLD inline std::string to_json(const Type& t) {
  static const char* kinds[] = {"number", "integer", "boolean", "vector",
                                "matrix", "object",  "list",    "choice"};
  std::string s = "{\"kind\":\"" + std::string(kinds[static_cast<int>(t.kind)]) +
                  "\",\"key\":" + json_string(t.key) + ",\"label\":" + json_string(t.label);
  if (t.optional) s += ",\"optional\":true";
  if (t.has_fallback)
    s += ",\"fallback\":" + (t.kind == Kind::Boolean ? std::string(t.fallback ? "true" : "false")
                             : t.kind == Kind::Choice
                                 ? json_string(t.choices[static_cast<std::size_t>(t.fallback)])
                                 : json_number(t.fallback));
  if (t.choices.size) {
    s += ",\"choices\":[";
    for (Text c : t.choices) s += (s.back() == '[' ? "" : ",") + json_string(c);
    s += "]";
  }
  if (!t.grouped_by.empty()) s += ",\"groupedBy\":" + json_string(t.grouped_by);
  if (!t.rows.empty()) s += ",\"rows\":" + json_string(t.rows);
  if (!t.cols.empty()) s += ",\"cols\":" + json_string(t.cols);
  if (!t.values.empty()) s += ",\"values\":" + json_string(t.values);
  if (t.samples.size) {
    s += ",\"samples\":[";
    for (double v : t.samples) s += (s.back() == '[' ? "" : ",") + json_number(v);
    s += "]";
  }
  if (!t.message.empty()) s += ",\"message\":" + json_string(t.message);
  if (t.max) s += ",\"max\":" + std::to_string(t.max);
  if (t.fields.size) s += ",\"fields\":" + to_json(t.fields);
  return s + "}";
}

}  // namespace attn::api
