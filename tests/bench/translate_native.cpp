// The translator, natively (scratch for tuning; tests/bench/translate.mjs is the benchmark).
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "attn/translate/translator.hpp"

using namespace attn::translate;

int main(int argc, char** argv) {
  TranslatorConfig c;
  if (argc > 1) c.width = std::atoi(argv[1]);
  if (argc > 2) c.heads = std::atoi(argv[2]);
  if (argc > 3) c.lr = std::atof(argv[3]);
  if (argc > 4) c.batch = std::atoi(argv[4]);
  if (argc > 5) c.layers = std::atoi(argv[5]);
  if (argc > 6) c.seed = std::atoi(argv[6]);
  const int total = argc > 7 ? std::atoi(argv[7]) : 3000;
  const int every = argc > 8 ? std::atoi(argv[8]) : 250;
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
    double nn = 0, vv = 0, vs = 0, an = 0;
    for (std::size_t h = 0; h < r.noun_on_noun.size(); ++h) {
      nn = std::max(nn, r.noun_on_noun[h]);
      vv = std::max(vv, r.verb_on_verb[h]);
      vs = std::max(vs, r.verb_on_subject[h]);
      an = std::max(an, r.adjective_on_noun[h]);
    }
    std::printf("%6lld %7.3fs loss %.4f acc %.3f | held %.4f exact %.3f tok %.3f | nn %.2f vv %.2f vs %.2f an %.2f\n",
                st.step, seconds, st.loss, st.accuracy, e.held_out_loss, e.exact_match,
                e.token_accuracy, nn, vv, vs, an);
  }
}
