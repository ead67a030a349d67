// The translator, natively:
//   translate_native losses     per-step training loss of 100 steps for a few configurations,
//                               and evaluate() after them, as JSON (tests/node/translator.test.mjs
//                               replays them through both wasm builds)
//   translate_native bench [n]  steps per second of the default configuration over n steps, as
//                               JSON (tests/bench/translate.mjs sets it beside wasm)
//   translate_native curve WIDTH HEADS LR BATCH LAYERS SEED STEPS EVERY
//                               a learning curve, for trying configurations (FAILURES=1 in the
//                               environment also lists held-out sentences translated wrong)
//   translate_native stability [key=value ...]
//                               per seed, the first step of the widget's 100-step grid at which
//                               held-out exact match reaches 0.95 and the lowest after it, as
//                               JSON lines; keys: the options (seed is seeds=FIRST-LAST), steps,
//                               every, target, curve (docs/training-stability.md)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "attn/translate/translator.hpp"
#include "attn/translate/translator_declaration.hpp"
#include "stability.hpp"

using namespace attn::translate;

namespace {

struct Case {
  const char* options;  // JSON, as createTranslator takes them
  TranslatorConfig config;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  out.push_back({"{}", TranslatorConfig{}});
  TranslatorConfig sgd;
  sgd.seed = 3;
  sgd.layers = 2;
  sgd.heads = 4;
  sgd.width = 16;
  sgd.optimizer = "sgd";
  sgd.lr = 0.1;
  sgd.batch = 4;
  out.push_back(
      {R"({"seed":3,"layers":2,"heads":4,"width":16,"optimizer":"sgd","lr":0.1,"batch":4})", sgd});
  TranslatorConfig small;
  small.seed = 2;
  small.heads = 1;
  small.width = 8;
  small.batch = 1;
  out.push_back({R"({"seed":2,"heads":1,"width":8,"batch":1})", small});
  return out;
}

void losses() {
  const auto all = cases();
  std::printf("[\n");
  for (std::size_t c = 0; c < all.size(); ++c) {
    Translator t(all[c].config);
    std::printf("  {\"options\": %s, \"losses\": [", all[c].options);
    for (int s = 0; s < 100; ++s) std::printf("%s%.17g", s ? ", " : "", t.step(1).loss);
    const TranslatorEvaluation e = t.evaluate();
    std::printf(
        "], \"evaluate\": {\"trainLoss\": %.17g, \"heldOutLoss\": %.17g, \"exactMatch\": %.17g, "
        "\"tokenAccuracy\": %.17g}}%s\n",
        e.train_loss, e.held_out_loss, e.exact_match, e.token_accuracy,
        c + 1 < all.size() ? "," : "");
  }
  std::printf("]\n");
}

void bench(int steps) {
  Translator t;
  t.step(10);  // warm-up: first-touch of the workspace
  const auto t0 = std::chrono::steady_clock::now();
  const TranslatorStep s = t.step(steps);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"steps\": %d, \"seconds\": %.6f, \"stepsPerSecond\": %.3f, \"loss\": %.17g}\n",
              steps, seconds, steps / seconds, s.loss);
}

void curve(int argc, char** argv) {
  TranslatorConfig c;
  if (argc > 2) c.width = std::atoi(argv[2]);
  if (argc > 3) c.heads = std::atoi(argv[3]);
  if (argc > 4) c.lr = std::atof(argv[4]);
  if (argc > 5) c.batch = std::atoi(argv[5]);
  if (argc > 6) c.layers = std::atoi(argv[6]);
  if (argc > 7) c.seed = static_cast<std::uint64_t>(std::atoll(argv[7]));
  const int total = argc > 8 ? std::atoi(argv[8]) : 2000;
  const int every = argc > 9 ? std::atoi(argv[9]) : 250;
  Translator t(c);
  std::printf("training %zu held-out %zu\n", t.grammar().training().size(),
              t.grammar().held_out().size());
  double seconds = 0;
  for (int s = 0; s < total; s += every) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto st = t.step(every);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto e = t.evaluate();
    const auto r = t.cross_attention_report();
    auto best = [](const std::vector<double>& v) {
      double m = 0;
      for (double x : v) m = std::max(m, x);
      return m;
    };
    std::printf(
        "%6lld %7.3fs loss %.4f acc %.3f | held %.4f exact %.3f tok %.3f | noun %.2f verb->verb "
        "%.2f verb->subject %.2f adj->noun %.2f verb->hindi subject %.2f\n",
        st.step, seconds, st.loss, st.accuracy, e.held_out_loss, e.exact_match, e.token_accuracy,
        best(r.noun_on_noun), best(r.verb_on_verb), best(r.verb_on_subject),
        best(r.adjective_on_noun), best(r.verb_on_hindi_subject));
  }
  if (!std::getenv("FAILURES")) return;
  const Grammar& g = t.grammar();
  int shown = 0;
  for (std::size_t i = 0; i < g.held_out().size() && shown < 30; i += 26) {
    const Example& ex = g.held_out()[i];
    const auto out = t.greedy(ex.source);
    if (out == ex.target) continue;
    ++shown;
    std::printf("%s | %s | %s\n", g.source_text(ex.source).c_str(), g.target_text(out).c_str(),
                g.target_text(ex.target).c_str());
  }
}

int stability_mode(int argc, char** argv) {
  auto args = stability::arguments(argc, argv, 2);
  // The declaration refuses an option out of range, the model's constructor a combination.
  try {
    TranslatorConfig c = stability::take_config(args, translator_declaration().options);
    return stability::run(
        args, 100,
        [&](unsigned long long seed) {
          c.seed = seed;
          return std::make_unique<Translator>(c);
        },
        [](auto& t, int n) { t.step(n); }, [](const auto& t) { return t.evaluate().exact_match; });
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "losses") {
    losses();
  } else if (mode == "bench") {
    bench(argc > 2 ? std::atoi(argv[2]) : 500);
  } else if (mode == "curve") {
    curve(argc, argv);
  } else if (mode == "stability") {
    return stability_mode(argc, argv);
  } else {
    std::fprintf(stderr,
                 "usage: translate_native losses | bench [steps] | curve ... | stability ...\n");
    return 2;
  }
  return 0;
}
