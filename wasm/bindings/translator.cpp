// embind layer of the translator demo, in the trainer's style (trainer.cpp): translators live in
// a registry on the C++ side and JS holds a number; results cross as plain objects, attention
// weights as Float64Arrays, C++ errors as { error }; step() as plain numbers.
#include "attn/translate/translator.hpp"

#include <emscripten/bind.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "marshal.hpp"
#include "registry.hpp"

namespace attn::bindings {
namespace {

using translate::Translator;
using translate::TranslatorConfig;

Registry<Translator>& registry() {
  static Registry<Translator> items("translator");
  return items;
}

Translator& find(int id) { return registry().find(id); }

val doubles(const std::vector<double>& v) {
  return val::global("Float64Array").new_(typed_memory_view(v.size(), v.data()));
}

// spec: only the options the caller gave (types already checked in translator.js).
val create_js(val spec) {
  return guarded([&] {
    TranslatorConfig c;
    if (!absent(spec["seed"])) c.seed = to_seed(spec["seed"].as<double>());
    if (!absent(spec["layers"])) c.layers = spec["layers"].as<int>();
    if (!absent(spec["heads"])) c.heads = spec["heads"].as<int>();
    if (!absent(spec["width"])) c.width = spec["width"].as<int>();
    if (!absent(spec["lr"])) c.lr = spec["lr"].as<double>();
    if (!absent(spec["optimizer"])) c.optimizer = spec["optimizer"].as<std::string>();
    if (!absent(spec["batch"])) c.batch = spec["batch"].as<int>();
    return val(registry().add(std::make_unique<Translator>(c)));
  });
}

val config_js(int id) {
  return guarded([&] {
    const TranslatorConfig& c = find(id).config();
    val out = val::object();
    out.set("seed", static_cast<double>(c.seed));
    out.set("layers", c.layers);
    out.set("heads", c.heads);
    out.set("width", c.width);
    out.set("lr", c.lr);
    out.set("optimizer", c.optimizer);
    out.set("batch", c.batch);
    return out;
  });
}

StepFigures step_figures;

int step_js(int id, int n) {
  return step_figures.run([&] { return find(id).step(n); }, "translator");
}

val step_figures_js() { return step_figures.view(); }

std::string step_error_js() { return step_figures.error; }

val evaluate_js(int id) {
  return guarded([&] {
    const translate::TranslatorEvaluation e = find(id).evaluate();
    val out = val::object();
    out.set("step", static_cast<double>(e.step));
    out.set("trainLoss", e.train_loss);
    out.set("heldOutLoss", e.held_out_loss);
    out.set("exactMatch", e.exact_match);
    out.set("tokenAccuracy", e.token_accuracy);
    out.set("heldOutSize", e.held_out_size);
    return out;
  });
}

val cross_report_js(int id) {
  return guarded([&] {
    const translate::CrossAttentionReport r = find(id).cross_attention_report();
    val out = val::object();
    out.set("nounOnNoun", doubles(r.noun_on_noun));
    out.set("verbOnVerb", doubles(r.verb_on_verb));
    out.set("verbOnSubject", doubles(r.verb_on_subject));
    out.set("adjectiveOnNoun", doubles(r.adjective_on_noun));
    out.set("verbOnHindiSubject", doubles(r.verb_on_hindi_subject));
    return out;
  });
}

val translate_js(int id, std::string sentence) {
  return guarded([&] {
    const translate::Translation t = find(id).translate(sentence);
    val out = val::object();
    out.set("source", strings(t.source));
    out.set("output", strings(t.output));
    out.set("romanized", strings(t.romanized));
    out.set("reference", strings(t.reference));
    val alignment = val::array();
    for (int a : t.alignment) alignment.call<void>("push", a);
    out.set("alignment", alignment);
    out.set("decoderInput", strings(t.decoder_input));
    out.set("confidence", doubles(t.confidence));
    out.set("layers", t.layers);
    out.set("heads", t.heads);
    out.set("cross", doubles(t.cross));
    out.set("encoderSelf", doubles(t.encoder_self));
    out.set("decoderSelf", doubles(t.decoder_self));
    return out;
  });
}

val vocabulary_js(int id) {
  return guarded([&] {
    const translate::Grammar& g = find(id).grammar();
    val out = val::object();
    out.set("english", strings(g.source().words));
    val hindi = val::array();
    // Target ids 0 and 1 are <bos> and <eos>, no words.
    for (std::size_t i = 2; i < g.target().words.size(); ++i) {
      val w = val::object();
      w.set("word", g.target().words[i]);
      w.set("roman", g.target().roman[i]);
      hindi.call<void>("push", w);
    }
    out.set("hindi", hindi);
    return out;
  });
}

val examples_js(int id, int k) {
  return guarded([&] {
    const Translator& t = find(id);
    const auto& target = t.grammar().target();
    val out = val::array();
    for (const translate::Example* ex : t.examples(k)) {
      val e = val::object();
      e.set("english", t.grammar().source_text(ex->source));
      val hindi = val::array(), roman = val::array();
      for (int w : ex->target) {
        if (w == translate::kEos) break;
        hindi.call<void>("push", target.words[static_cast<std::size_t>(w)]);
        roman.call<void>("push", target.roman[static_cast<std::size_t>(w)]);
      }
      e.set("hindi", hindi);
      e.set("romanized", roman);
      out.call<void>("push", e);
    }
    return out;
  });
}

val reset_js(int id, val seed) { return reset_item(registry(), id, seed); }

val set_learning_rate_js(int id, double lr) { return set_learning_rate_item(registry(), id, lr); }

val dispose_js(int id) { return dispose_item(registry(), id); }

}  // namespace
}  // namespace attn::bindings

EMSCRIPTEN_BINDINGS(attention_translator) {
  using namespace attn::bindings;
  emscripten::function("translatorCreate", &create_js);
  emscripten::function("translatorConfig", &config_js);
  emscripten::function("translatorStep", &step_js);
  emscripten::function("translatorStepFigures", &step_figures_js);
  emscripten::function("translatorStepError", &step_error_js);
  emscripten::function("translatorEvaluate", &evaluate_js);
  emscripten::function("translatorCrossReport", &cross_report_js);
  emscripten::function("translatorTranslate", &translate_js);
  emscripten::function("translatorVocabulary", &vocabulary_js);
  emscripten::function("translatorExamples", &examples_js);
  emscripten::function("translatorReset", &reset_js);
  emscripten::function("translatorSetLearningRate", &set_learning_rate_js);
  emscripten::function("translatorDispose", &dispose_js);
}
