// The trainer, natively, for the two things the wasm build is compared against:
//   train_native losses        per-step training loss of 100 steps for a few
//                              configurations, as JSON (tests/node/trainer.test.mjs
//                              replays them through the wasm module: agree to 1e-6)
//   train_native bench [steps] steps per second of the default configuration,
//                              as JSON (tests/bench/train.mjs sets it beside wasm)
//   train_native stability [key=value ...]
//                              per seed, the first step of the widget's 10-step grid at which
//                              held-out accuracy reaches 0.95 and the lowest after it, as JSON
//                              lines; keys: the options (seed is seeds=FIRST-LAST), steps,
//                              every, target, curve (docs/training-stability.md)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "attn/train/trainer.hpp"
#include "attn/train/trainer_declaration.hpp"
#include "stability.hpp"

using attn::train::Trainer;
using attn::train::trainer_declaration;
using attn::train::TrainerConfig;

namespace {

// The configurations the Node test replays; options as createTrainer takes them.
struct Case {
  const char* options;  // JSON
  TrainerConfig config;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  out.push_back({"{}", TrainerConfig{}});
  TrainerConfig two;
  two.seed = 7;
  two.heads = 2;
  two.width = 8;
  two.layer_norm = true;
  two.optimizer = "sgd";
  two.lr = 0.1;
  two.momentum = 0.9;
  two.batch = 8;
  out.push_back(
      {R"({"seed":7,"heads":2,"width":8,"layerNorm":true,"optimizer":"sgd","lr":0.1,"momentum":0.9,"batch":8})",
       two});
  TrainerConfig pronouns;
  pronouns.task = "pronouns";
  pronouns.seed = 3;
  pronouns.heads = 4;
  pronouns.width = 32;
  pronouns.clip = 0;
  out.push_back({R"({"task":"pronouns","seed":3,"heads":4,"width":32,"clip":0})", pronouns});
  TrainerConfig two_layers;
  two_layers.task = "pronouns";
  two_layers.seed = 4;
  two_layers.layers = 2;
  two_layers.heads = 2;
  two_layers.width = 8;
  two_layers.layer_norm = true;
  out.push_back({R"({"task":"pronouns","seed":4,"layers":2,"heads":2,"width":8,"layerNorm":true})",
                 two_layers});
  return out;
}

int losses() {
  std::printf("[\n");
  const auto all = cases();
  for (std::size_t c = 0; c < all.size(); ++c) {
    Trainer t(all[c].config);
    std::printf("  {\"options\": %s, \"losses\": [", all[c].options);
    for (int s = 0; s < 100; ++s) std::printf("%s%.17g", s ? ", " : "", t.step(1).loss);
    const auto e = t.evaluate();
    std::printf(
        "], \"evaluate\": {\"loss\": %.17g, \"accuracy\": %.17g, \"attention\": %.17g, "
        "\"layerAttention\": [",
        e.loss, e.accuracy, e.attention);
    for (std::size_t l = 0; l < e.layer_attention.size(); ++l) {
      std::printf("%s[", l ? ", " : "");
      for (std::size_t h = 0; h < e.layer_attention[l].size(); ++h)
        std::printf("%s%.17g", h ? ", " : "", e.layer_attention[l][h]);
      std::printf("]");
    }
    std::printf("]}}%s\n", c + 1 < all.size() ? "," : "");
  }
  std::printf("]\n");
  return 0;
}

int bench(int steps) {
  Trainer t;
  t.step(10);  // warm-up: first allocations
  const auto start = std::chrono::steady_clock::now();
  const auto s = t.step(steps);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"steps\": %d, \"seconds\": %.6f, \"stepsPerSecond\": %.3f, \"loss\": %.17g}\n",
              steps, seconds, steps / seconds, s.loss);
  return 0;
}

int stability_mode(int argc, char** argv) {
  auto args = stability::arguments(argc, argv, 2);
  // The declaration refuses an option out of range, the model's constructor a combination.
  try {
    TrainerConfig c = stability::take_config(args, trainer_declaration().options);
    return stability::run(
        args, 10,
        [&](unsigned long long seed) {
          c.seed = seed;
          return std::make_unique<Trainer>(c);
        },
        [](auto& t, int n) { t.step(n); }, [](const auto& t) { return t.evaluate().accuracy; });
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "losses") == 0) return losses();
  if (argc >= 2 && std::strcmp(argv[1], "bench") == 0)
    return bench(argc >= 3 ? std::atoi(argv[2]) : 3000);
  if (argc >= 2 && std::strcmp(argv[1], "stability") == 0) return stability_mode(argc, argv);
  std::fprintf(stderr, "usage: train_native losses | bench [steps] | stability ...\n");
  return 2;
}
