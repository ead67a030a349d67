// The embind layer of every trainable model, one for all: models.hpp lists them, each declared
// once in C++; JS (wasm/js/models.js) builds attn.create<Name>() from their declarations and
// calls a method by its index. Results cross as plain objects built from a declare::Value by its
// kind alone (numbers and tensors as Float64Arrays, which JS reshapes); C++ errors as
// { error }; step() as plain numbers (StepCall).
#include "models.hpp"

#include <emscripten/bind.h>
#include <malloc.h>

#include <cmath>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "attn/train/training_loop.hpp"
#include "marshal.hpp"
#include "registry.hpp"

namespace attn::bindings {
namespace {

using declare::Value;
using declare::ValueKind;

Registry& registry() {
  static Registry items({api::kMaxLiveModels, api::kMaxLiveModelBytes},
                        [] { return static_cast<std::size_t>(mallinfo().uordblks); });
  return items;
}

val doubles(const std::vector<double>& v) {
  return val::global("Float64Array").new_(typed_memory_view(v.size(), v.data()));
}

val to_js(const Value& v) {
  switch (v.kind) {
    case ValueKind::Number:
      return val(v.number);
    case ValueKind::Boolean:
      return val(v.number != 0.0);
    case ValueKind::Text:
      return val(v.text);
    case ValueKind::Texts:
      return strings(v.texts);
    case ValueKind::Numbers:
      return doubles(v.numbers);
    case ValueKind::Tensor: {
      val out = val::object();
      val dims = val::array();
      for (int d : v.dims) dims.call<void>("push", d);
      out.set("dims", dims);
      out.set("data", doubles(v.numbers));
      return out;
    }
    case ValueKind::Record: {
      val out = val::object();
      for (std::size_t i = 0; i < v.keys.size(); ++i) out.set(v.keys[i], to_js(v.items[i]));
      return out;
    }
    case ValueKind::Records: {
      val out = val::array();
      for (const Value& item : v.items) out.call<void>("push", to_js(item));
      return out;
    }
  }
  return val::undefined();
}

std::string declarations_js() { return api::models_json(); }

std::string limits_js() { return api::model_limits_json(); }

// spec: only the options the caller gave, their JS types already checked (models.js).
val create_js(int model, val spec) {
  return guarded([&] {
    const auto& list = api::models();
    if (model < 0 || static_cast<std::size_t>(model) >= list.size())
      throw std::invalid_argument("no such model");
    const declare::ModelInfo& m = list[static_cast<std::size_t>(model)];
    std::vector<std::pair<std::string, declare::OptionValue>> given;
    for (const declare::OptionSpec& o : m.options) {
      const val v = spec[std::string(o.key)];
      if (absent(v)) continue;
      if (o.kind == declare::OptionKind::Boolean)
        given.emplace_back(o.key, v.as<bool>());
      else if (o.kind == declare::OptionKind::Choice)
        given.emplace_back(o.key, v.as<std::string>());
      else
        given.emplace_back(o.key, v.as<double>());
    }
    return val(registry().add([&] { return m.create(given); }, m));
  });
}

val options_js(int id) {
  return guarded([&] { return to_js(registry().find(id).options()); });
}

// One argument by its declared parameter; models.js has checked its JS type and filled in what
// the caller left out: text, a number (a boolean as one), tokens as text or an array of text, a
// record as an object holding every declared field.
declare::Argument argument(const declare::Param& p, const val& v) {
  declare::Argument a;
  switch (p.kind) {
    case declare::ParamKind::Text:
      a.text = v.as<std::string>();
      break;
    case declare::ParamKind::Tokens:
      if (v.isString()) {
        a.text = v.as<std::string>();
      } else {
        a.list = true;
        a.tokens = emscripten::vecFromJSArray<std::string>(v);
      }
      break;
    case declare::ParamKind::Boolean:
      a.number = v.as<bool>() ? 1.0 : 0.0;
      break;
    case declare::ParamKind::Integer:
    case declare::ParamKind::Number:
      a.number = v.as<double>();
      break;
    case declare::ParamKind::Record:
      for (const declare::Param& f : p.fields)
        a.fields.push_back(argument(f, v[std::string(f.name)]));
      break;
  }
  return a;
}

// args: an array, one entry per declared parameter.
val call_js(int id, int method, val args) {
  return guarded([&] {
    const declare::ModelInfo& m = registry().model(id);
    const auto index = static_cast<std::size_t>(method);
    if (method < 0 || index >= m.methods.size()) throw std::invalid_argument("no such method");
    const auto& params = m.methods[index].params;
    declare::Arguments list;
    for (std::size_t i = 0; i < params.size(); ++i)
      list.push_back(argument(params[i], args[static_cast<unsigned>(i)]));
    return to_js(registry().find(id).call(index, list));
  });
}

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

StepCall step_call;

int step_js(int id, int n) {
  try {
    return step_call.run(registry().find(id), n);
  } catch (const std::exception& e) {
    step_call.error = e.what();
    return 1;
  }
}

val step_figures_js() { return step_call.view(); }

std::string step_error_js() { return step_call.error; }

val reset_js(int id, val seed) {
  return guarded([&] {
    registry().find(id).reset(absent(seed) ? std::nullopt
                                           : std::optional(declare::to_seed(seed.as<double>())));
    return val::undefined();
  });
}

val set_learning_rate_js(int id, double lr) {
  return guarded([&] {
    registry().find(id).set_learning_rate(lr);
    return val::undefined();
  });
}

// attn.forceDivergence(step): for tests only (train::forced_divergence_step).
val force_divergence_js(double step) {
  return guarded([&] {
    if (!(step >= 1 && step <= 9007199254740992.0 && step == std::floor(step)))
      throw std::invalid_argument("the step to diverge at must be a whole number from 1, got " +
                                  declare::format(step));
    train::forced_divergence_step = static_cast<long long>(step);
    return val::undefined();
  });
}

val dispose_js(int id) {
  return guarded([&] {
    registry().erase(id);
    return val::undefined();
  });
}

}  // namespace
}  // namespace attn::bindings

EMSCRIPTEN_BINDINGS(attention_models) {
  using namespace attn::bindings;
  emscripten::function("modelDeclarations", &declarations_js);
  emscripten::function("modelLimits", &limits_js);
  emscripten::function("modelCreate", &create_js);
  emscripten::function("modelOptions", &options_js);
  emscripten::function("modelCall", &call_js);
  emscripten::function("modelStep", &step_js);
  emscripten::function("modelStepFigures", &step_figures_js);
  emscripten::function("modelStepError", &step_error_js);
  emscripten::function("modelReset", &reset_js);
  emscripten::function("modelSetLearningRate", &set_learning_rate_js);
  emscripten::function("modelDispose", &dispose_js);
  emscripten::function("modelForceDivergence", &force_divergence_js);
}
