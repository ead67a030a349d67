// What the trainer's and the translator's embind layers (trainer.cpp, translator.cpp) share:
// objects live in a registry on the C++ side and JS holds a number, so nothing depends on
// embind's delete(); and step(), the hot call, crosses as plain numbers.
#pragma once

#include <emscripten/val.h>

#include <exception>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "marshal.hpp"

namespace attn::bindings {

template <typename T>
class Registry {
 public:
  explicit Registry(std::string what) : what_(std::move(what)) {}
  int add(std::unique_ptr<T> item) {
    const int id = next_id_++;
    items_[id] = std::move(item);
    return id;
  }
  T& find(int id) {
    const auto it = items_.find(id);
    if (it == items_.end()) throw std::invalid_argument("this " + what_ + " was disposed");
    return *it->second;
  }
  void erase(int id) { items_.erase(id); }

 private:
  std::string what_;
  std::map<int, std::unique_ptr<T>> items_;
  int next_id_ = 1;
};

// step() is the hot call: the worker calls step(1) once per step at slow speeds, where a JS
// object built through embind per call cost as much as a training step's arithmetic. So it
// takes and returns plain numbers: 0 on success, the figures left in `figures`, which the JS
// reads through a view of them (view()); 1 on error, the message kept in `error`.
struct StepFigures {
  double figures[3] = {0, 0, 0};  // step, loss, accuracy of the last successful call
  std::string error;

  // step: () -> an object with step, loss and accuracy.
  template <typename Step>
  int run(Step&& step, const char* what) {
    try {
      const auto s = step();
      figures[0] = static_cast<double>(s.step);
      figures[1] = s.loss;
      figures[2] = s.accuracy;
      return 0;
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = std::string("unexpected error in the ") + what;
    }
    return 1;
  }
  // A Float64Array onto figures in the heap, not a copy: the JS keeps it and asks again only
  // when the heap has grown (which detaches the old view).
  emscripten::val view() { return emscripten::val(emscripten::typed_memory_view(3, figures)); }
};

// The calls every registered demo answers alike, as { value } or { error }.
template <typename T>
val reset_item(Registry<T>& registry, int id, const val& seed) {
  return guarded([&] {
    T& item = registry.find(id);
    item.reset(absent(seed) ? item.config().seed : to_seed(seed.as<double>()));
    return val::undefined();
  });
}

template <typename T>
val set_learning_rate_item(Registry<T>& registry, int id, double lr) {
  return guarded([&] {
    registry.find(id).set_learning_rate(lr);
    return val::undefined();
  });
}

template <typename T>
val dispose_item(Registry<T>& registry, int id) {
  return guarded([&] {
    registry.erase(id);
    return val::undefined();
  });
}

}  // namespace attn::bindings
