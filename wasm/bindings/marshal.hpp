// What the models' embind layer (models.cpp) needs of embind: absence, lists of text, and C++
// errors turned into { error } (the engine's functions cross as packed buffers instead,
// packed.hpp).
#pragma once

#include <emscripten/val.h>

#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace attn::bindings {

using emscripten::typed_memory_view;
using emscripten::val;

inline bool absent(const val& v) { return v.isNull() || v.isUndefined(); }

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
