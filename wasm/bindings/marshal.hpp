// Conversions between JS typed memory and Eigen for the embind layer of the trainer
// (trainer.cpp; the engine's functions cross as packed buffers, packed.hpp). A JS matrix crosses as
// { rows, cols, data } with data a row-major Float64Array; a vector as a Float64Array. Copies go
// through typed_memory_view + TypedArray.set in one bulk copy; element-by-element val access is
// ~50x slower.
#pragma once

#include <emscripten/val.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace attn::bindings {

using emscripten::typed_memory_view;
using emscripten::val;
using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

inline bool absent(const val& v) { return v.isNull() || v.isUndefined(); }

inline Eigen::MatrixXd to_matrix(const val& m) {
  RowMajor out(m["rows"].as<int>(), m["cols"].as<int>());
  val(typed_memory_view(out.size(), out.data())).call<void>("set", m["data"]);
  return out;
}

inline Eigen::VectorXd to_vector(const val& v) {
  Eigen::VectorXd out(v["length"].as<int>());
  val(typed_memory_view(out.size(), out.data())).call<void>("set", v);
  return out;
}

inline std::optional<Eigen::VectorXd> to_optional_vector(const val& v) {
  if (absent(v)) return std::nullopt;
  return to_vector(v);
}

// new Float64Array(view) copies out of the heap at once, so the result stays
// valid after this C++ object is freed or the heap grows.
inline val from_vector(const Eigen::VectorXd& v) {
  return val::global("Float64Array").new_(typed_memory_view(v.size(), v.data()));
}

inline val from_matrix(const Eigen::MatrixXd& m) {
  const RowMajor rows = m;
  val out = val::object();
  out.set("rows", static_cast<int>(m.rows()));
  out.set("cols", static_cast<int>(m.cols()));
  out.set("data", val::global("Float64Array").new_(typed_memory_view(rows.size(), rows.data())));
  return out;
}

inline std::uint64_t to_seed(double seed) {
  // 2^53: the largest range in which every whole JS number is exact.
  if (!std::isfinite(seed) || seed < 0 || seed > 9007199254740992.0 || seed != std::floor(seed))
    throw std::invalid_argument("seed must be a whole number from 0 to 2^53");
  return static_cast<std::uint64_t>(seed);
}

inline val strings(const std::vector<std::string>& list) {
  val out = val::array();
  for (const auto& s : list) out.call<void>("push", s);
  return out;
}

// Runs f and wraps its result as { value } or, if it threw, { error: message },
// which the JS API turns into `throw new Error(message)`. Catching here (not in
// JS) means every C++ destructor has run and nothing leaks on the error path.
template <typename F>
val guarded(F&& f) {
  val result = val::object();
  try {
    result.set("value", f());
  } catch (const std::bad_alloc&) {
    result.set("error", std::string("out of memory: the input is too large for this page"));
  } catch (const std::exception& e) {
    result.set("error", std::string(e.what()));
  } catch (...) {
    result.set("error", std::string("unexpected error in the attention engine"));
  }
  return result;
}

}  // namespace attn::bindings
