// embind layer of the training demo. Trainers live in a registry on the C++
// side and JS holds a number, so nothing depends on embind's delete(): dispose()
// frees one (and trainer.js frees a forgotten one once JS has garbage-collected it).
// Results cross as plain objects, attention weights as one Float64Array, C++ errors
// as { error }; step() alone crosses as plain numbers (see step_js).
#include "attn/train/trainer.hpp"

#include <emscripten/bind.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include "marshal.hpp"
#include "registry.hpp"

namespace attn::bindings {
namespace {

using train::Trainer;
using train::TrainerConfig;

Registry<Trainer>& registry() {
  static Registry<Trainer> items("trainer");
  return items;
}

Trainer& find(int id) { return registry().find(id); }

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
    return val(registry().add(std::make_unique<Trainer>(c)));
  });
}

val options_js(int id) {
  return guarded([&] { return options(find(id).config()); });
}

StepFigures step_figures;

int step_js(int id, int n) {
  return step_figures.run([&] { return find(id).step(n); }, "trainer");
}

val step_figures_js() { return step_figures.view(); }

std::string step_error_js() { return step_figures.error; }

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

val reset_js(int id, val seed) { return reset_item(registry(), id, seed); }

val set_learning_rate_js(int id, double lr) { return set_learning_rate_item(registry(), id, lr); }

val vocabulary_js(int id) {
  return guarded([&] { return strings(find(id).task().words()); });
}

val sample_js(int id, int k) {
  return guarded([&] { return strings(find(id).sample(k)); });
}

val dispose_js(int id) { return dispose_item(registry(), id); }

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
