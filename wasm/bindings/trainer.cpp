// embind layer of the training demo. Trainers live in a registry on the C++
// side and JS holds a number, so nothing depends on embind's delete(): dispose()
// frees one (and trainer.js frees a forgotten one once JS has garbage-collected it).
// Results cross as plain objects, attention weights as one Float64Array, C++ errors
// as { error }; step() alone crosses as plain numbers (see step_js).
#include "attn/train/trainer.hpp"

#include <emscripten/bind.h>

#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "marshal.hpp"

namespace attn::bindings {
namespace {

using train::Trainer;
using train::TrainerConfig;

std::map<int, std::unique_ptr<Trainer>>& registry() {
  static std::map<int, std::unique_ptr<Trainer>> trainers;
  return trainers;
}

Trainer& find(int id) {
  const auto it = registry().find(id);
  if (it == registry().end()) throw std::invalid_argument("this trainer was disposed");
  return *it->second;
}

val options(const TrainerConfig& c) {
  val out = val::object();
  out.set("task", c.task);
  out.set("seed", static_cast<double>(c.seed));
  out.set("layers", c.layers);
  out.set("heads", c.heads);
  out.set("width", c.width);
  out.set("lr", c.lr);
  out.set("optimizer", c.optimizer);
  out.set("layerNorm", c.layer_norm);
  out.set("batch", c.batch);
  out.set("momentum", c.momentum);
  out.set("clip", c.clip);
  return out;
}

// spec: only the options the caller gave (types already checked in trainer.js).
val create_js(val spec) {
  return guarded([&] {
    TrainerConfig c;
    if (!absent(spec["task"])) c.task = spec["task"].as<std::string>();
    if (!absent(spec["seed"])) c.seed = to_seed(spec["seed"].as<double>());
    if (!absent(spec["layers"])) c.layers = spec["layers"].as<int>();
    if (!absent(spec["heads"])) c.heads = spec["heads"].as<int>();
    if (!absent(spec["width"])) c.width = spec["width"].as<int>();
    if (!absent(spec["lr"])) c.lr = spec["lr"].as<double>();
    if (!absent(spec["optimizer"])) c.optimizer = spec["optimizer"].as<std::string>();
    if (!absent(spec["layerNorm"])) c.layer_norm = spec["layerNorm"].as<bool>();
    if (!absent(spec["batch"])) c.batch = spec["batch"].as<int>();
    if (!absent(spec["momentum"])) c.momentum = spec["momentum"].as<double>();
    if (!absent(spec["clip"])) c.clip = spec["clip"].as<double>();
    static int next_id = 1;
    const int id = next_id++;
    registry()[id] = std::make_unique<Trainer>(c);
    return val(id);
  });
}

val options_js(int id) {
  return guarded([&] { return options(find(id).config()); });
}

// step() is the hot call: the worker calls step(1) once per step at slow speeds, where a JS
// object built through embind per call cost as much as a training step's arithmetic. So it
// takes and returns plain numbers: 0 on success, the figures left in step_figures, which
// trainer.js reads through a view of them (trainerStepFigures); 1 on error, the message kept
// for trainerStepError().
double step_figures[3];  // step, loss, accuracy of the last successful call
std::string step_error;

int step_js(int id, int n) {
  try {
    const train::StepStats s = find(id).step(n);
    step_figures[0] = static_cast<double>(s.step);
    step_figures[1] = s.loss;
    step_figures[2] = s.accuracy;
    return 0;
  } catch (const std::exception& e) {
    step_error = e.what();
  } catch (...) {
    step_error = "unexpected error in the trainer";
  }
  return 1;
}

// A Float64Array onto step_figures in the heap, not a copy: trainer.js keeps it and asks again
// only when the heap has grown (which detaches the old view).
val step_figures_js() { return val(typed_memory_view(3, step_figures)); }

std::string step_error_js() { return step_error; }

val evaluate_js(int id) {
  return guarded([&] {
    const train::EvalStats e = find(id).evaluate();
    val out = val::object();
    out.set("loss", e.loss);
    out.set("accuracy", e.accuracy);
    out.set("attention", e.attention);
    val layers = val::array();
    for (const auto& heads : e.layer_attention)
      layers.call<void>(
          "push", val::global("Float64Array").new_(typed_memory_view(heads.size(), heads.data())));
    out.set("layerAttention", layers);
    return out;
  });
}

val attention_js(int id, std::string sentence) {
  return guarded([&] {
    const train::AttentionMap m = find(id).attention(sentence);
    val out = val::object();
    out.set("tokens", strings(m.tokens));
    out.set("layers", m.layers);
    out.set("heads", m.heads);
    out.set(
        "data",
        val::global("Float64Array").new_(typed_memory_view(m.weights.size(), m.weights.data())));
    return out;
  });
}

val predict_js(int id, std::string sentence) {
  return guarded([&] {
    const train::Prediction p = find(id).predict(sentence);
    val out = val::object();
    out.set("tokens", strings(p.tokens));
    out.set("position", p.query);
    out.set("word", p.word);
    out.set("candidates", strings(p.candidates));
    out.set("probabilities",
            val::global("Float64Array")
                .new_(typed_memory_view(p.probabilities.size(), p.probabilities.data())));
    return out;
  });
}

val reset_js(int id, val seed) {
  return guarded([&] {
    Trainer& t = find(id);
    t.reset(absent(seed) ? t.config().seed : to_seed(seed.as<double>()));
    return val::undefined();
  });
}

val set_learning_rate_js(int id, double lr) {
  return guarded([&] {
    find(id).set_learning_rate(lr);
    return val::undefined();
  });
}

val vocabulary_js(int id) {
  return guarded([&] { return strings(find(id).task().words()); });
}

val sample_js(int id, int k) {
  return guarded([&] { return strings(find(id).sample(k)); });
}

val dispose_js(int id) {
  return guarded([&] {
    registry().erase(id);
    return val::undefined();
  });
}

}  // namespace
}  // namespace attn::bindings

EMSCRIPTEN_BINDINGS(attention_trainer) {
  using namespace attn::bindings;
  emscripten::function("trainerCreate", &create_js);
  emscripten::function("trainerOptions", &options_js);
  emscripten::function("trainerStep", &step_js);
  emscripten::function("trainerStepFigures", &step_figures_js);
  emscripten::function("trainerStepError", &step_error_js);
  emscripten::function("trainerEvaluate", &evaluate_js);
  emscripten::function("trainerAttention", &attention_js);
  emscripten::function("trainerPredict", &predict_js);
  emscripten::function("trainerReset", &reset_js);
  emscripten::function("trainerSetLearningRate", &set_learning_rate_js);
  emscripten::function("trainerVocabulary", &vocabulary_js);
  emscripten::function("trainerSample", &sample_js);
  emscripten::function("trainerDispose", &dispose_js);
}
