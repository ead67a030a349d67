// Where the models' sessions live (models.cpp): in a registry on the C++ side, JS holding a
// number, so nothing depends on embind's delete(); and how step(), the hot call, crosses as
// plain numbers.
#pragma once

#include <emscripten/val.h>

#include <exception>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "attn/declare/model.hpp"

namespace attn::bindings {

// Each session with its model's declaration, which says how to read its methods' arguments.
class Registry {
 public:
  int add(std::unique_ptr<declare::Session> item, const declare::ModelInfo& model) {
    const int id = next_id_++;
    items_[id] = {std::move(item), &model};
    return id;
  }
  declare::Session& find(int id) { return *entry(id).session; }
  const declare::ModelInfo& model(int id) { return *entry(id).model; }
  void erase(int id) { items_.erase(id); }

 private:
  struct Entry {
    std::unique_ptr<declare::Session> session;
    const declare::ModelInfo* model = nullptr;
  };
  Entry& entry(int id) {
    const auto it = items_.find(id);
    if (it == items_.end()) throw std::invalid_argument("this model was disposed");
    return it->second;
  }
  std::map<int, Entry> items_;
  int next_id_ = 1;
};

// step() is the hot call: the worker calls step(1) once per step at slow speeds, where a JS
// object built through embind per call cost as much as a training step's arithmetic. So it
// takes and returns plain numbers: 0 on success, the figures left in `figures`, which the JS
// reads through a view of them (view()); 1 on error, the message kept in `error`.
struct StepCall {
  double figures[3] = {0, 0, 0};  // step, loss, accuracy of the last successful call
  std::string error;

  int run(declare::Session& session, int n) {
    try {
      const declare::StepReport s = session.step(n);
      figures[0] = static_cast<double>(s.step);
      figures[1] = s.loss;
      figures[2] = s.accuracy;
      return 0;
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = "unexpected error in the model";
    }
    return 1;
  }
  // A Float64Array onto figures in the heap, not a copy: the JS keeps it and asks again only
  // when the heap has grown (which detaches the old view).
  emscripten::val view() { return emscripten::val(emscripten::typed_memory_view(3, figures)); }
};

}  // namespace attn::bindings
