// The language model's native side of the benchmark (tests/bench/lm.mjs): trains a model from
// the command line's options and prints, as JSON lines, the held-out figures and head scores
// every `every` steps until the induction target (a layer-2 head's prefix matching >= 0.8 and
// copy accuracy >= 0.95) is met or `steps` are taken, with the seconds spent training.
//   lm_native [task] [seed] [layers] [steps] [every] [attentionOnly 0|1] [lr] [batch] [width]
//             [heads]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "attn/lm/language_model.hpp"
#include "attn/lm/sentences_task.hpp"

namespace {

// The share of `count` sentences sampled from <bos> at temperature t that the grammar accepts.
double grammatical_share(const attn::lm::LanguageModel& m, double t, int count) {
  const auto& task = static_cast<const attn::lm::SentencesTask&>(m.task());
  attn::lm::GenerateOptions o;
  o.max_tokens = task.context() - 1;
  o.sampling.temperature = t;
  int good = 0;
  for (int k = 0; k < count; ++k) {
    o.seed = static_cast<std::uint64_t>(k + 1);
    auto g = m.generate({attn::lm::kBos}, o);
    if (!g.tokens.empty() && g.tokens.back() == attn::lm::kEos) {
      g.tokens.pop_back();
      good += task.grammatical(g.tokens) ? 1 : 0;
    }
  }
  return static_cast<double>(good) / count;
}

}  // namespace

int main(int argc, char** argv) {
  attn::lm::LanguageModelConfig c;
  c.task = argc > 1 ? argv[1] : "induction";
  c.seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  c.layers = argc > 3 ? std::atoi(argv[3]) : 2;
  const int steps = argc > 4 ? std::atoi(argv[4]) : 2000;
  const int every = argc > 5 ? std::atoi(argv[5]) : 50;
  c.attention_only = argc > 6 ? std::atoi(argv[6]) != 0 : true;
  if (argc > 7) c.lr = std::atof(argv[7]);
  if (argc > 8) c.batch = std::atoi(argv[8]);
  if (argc > 9) c.width = std::atoi(argv[9]);
  if (argc > 10) c.heads = std::atoi(argv[10]);
  attn::lm::LanguageModel m(c);
  double seconds = 0.0;
  for (int s = 0; s < steps; s += every) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = m.step(every);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto e = m.evaluate();
    const auto h = m.head_scores();
    double best = 0.0;
    for (double x : h.prefix_matching.back()) best = std::max(best, x);
    std::printf(
        "{\"step\":%lld,\"seconds\":%.3f,\"trainLoss\":%.15g,\"loss\":%.4f,\"copy\":%.4f,"
        "\"accuracy\":%.4f,\"prefix\":%.4f,\"prev0\":[",
        r.step, seconds, r.loss, e.loss, e.copy_accuracy, e.accuracy, best);
    for (std::size_t k = 0; k < h.previous_token[0].size(); ++k)
      std::printf("%s%.3f", k ? "," : "", h.previous_token[0][k]);
    std::printf("]");
    if (c.task == "sentences")
      std::printf(",\"grammatical\":[%.3f,%.3f,%.3f]", grammatical_share(m, 1.0, 200),
                  grammatical_share(m, 1.5, 200), grammatical_share(m, 2.0, 200));
    std::printf("}\n");
    std::fflush(stdout);
    if (c.task == "induction" && best >= 0.8 && e.copy_accuracy >= 0.95) break;
  }
  return 0;
}
