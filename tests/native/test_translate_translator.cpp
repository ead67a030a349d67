// The translator (translator.hpp) natively: same seed, same run; reset; the evaluation sample;
// translate()'s maps; bad sentences; the default model's targets, counted in steps.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>

#include "attn/train/training_loop.hpp"
#include "attn/translate/translator.hpp"
#include "convergence.hpp"

using namespace attn::translate;

TEST_CASE("translator: same seed, same run, and reset starts it again", "[translate][translator]") {
  TranslatorConfig c;
  c.seed = 5;
  Translator a(c), b(c);
  c.seed = 6;
  Translator other(c);
  const double la = a.step(3).loss, lb = b.step(3).loss, lo = other.step(3).loss;
  CHECK(la == lb);
  CHECK(la != lo);
  other.reset(5);
  CHECK(other.step(3).loss == la);
}

namespace {

// A small, fast model at lr 0.02 whose rate is changed by nothing but what a test turns on.
TranslatorConfig plain_rate() {
  TranslatorConfig c;
  c.width = 8;
  c.batch = 2;
  c.lr = 0.02;
  c.decay = 0;
  c.weight_decay = 0;
  return c;
}

}  // namespace

TEST_CASE("translator: warm-up takes step k of the first w at lr k / w, then lr",
          "[translate][translator]") {
  // Adam's update is proportional to the learning rate, so a warm-up of 2 at lr 0.02 must move
  // the weights exactly as a run at 0.01 then 0.02 does, and differ from a run at 0.02 throughout.
  TranslatorConfig c = plain_rate();
  c.warmup = 2;
  Translator warm(c);
  c.warmup = 0;
  Translator flat(c);
  c.lr = 0.01;
  Translator by_hand(c);
  warm.step(1);
  flat.step(1);
  by_hand.step(1);
  CHECK(warm.evaluate().train_loss == by_hand.evaluate().train_loss);
  CHECK(warm.evaluate().train_loss != flat.evaluate().train_loss);
  by_hand.set_learning_rate(0.02);
  warm.step(3);
  by_hand.step(3);
  CHECK(warm.evaluate().train_loss == by_hand.evaluate().train_loss);
  c.warmup = -1;
  CHECK_THROWS_WITH(Translator(c), "warmup must be 0 to 100000, got -1");
}

TEST_CASE("translator: the decay takes step k at the cosine's rate, weight decay before it",
          "[translate][translator]") {
  // A decay of 2 steps: step 1 at lr (0.1 + 0.9 / 2), step 2 at lr / 10 (train/schedule.hpp).
  TranslatorConfig c = plain_rate();
  c.decay = 2;
  Translator decayed(c);
  c.decay = 0;
  c.lr = 0.02 * (0.1 + 0.9 * 0.5);
  Translator by_hand(c);
  decayed.step(1);
  by_hand.step(1);
  CHECK(decayed.evaluate().train_loss == by_hand.evaluate().train_loss);
  by_hand.set_learning_rate(0.02 * 0.1);
  decayed.step(1);
  by_hand.step(1);
  CHECK(decayed.evaluate().train_loss == by_hand.evaluate().train_loss);
  // Weight decay 1 at lr 1 zeroes every weight before Adam's first step, which moves each by at
  // most lr: no weight is then larger than 1. Without it, initial weights plus that move are.
  c.lr = 1;
  auto largest = [&](double weight_decay) {
    c.weight_decay = weight_decay;
    Translator t(c);
    t.step(1);
    auto params = t.params();
    double m = 0;
    for (const auto& v : attn::translate::tensors(params))
      for (Eigen::Index i = 0; i < v.size; ++i) m = std::max(m, std::abs(v.data[i]));
    return m;
  };
  CHECK(largest(1) <= 1.0);
  CHECK(largest(1) > 0.99);
  CHECK(largest(0) > 1.1);
  c.decay = -1;
  CHECK_THROWS_WITH(Translator(c), "decay must be 0 to 100000, got -1");
  c.decay = 0;
  c.weight_decay = 1.5;
  CHECK_THROWS_WITH(Translator(c), Catch::Matchers::Contains("weightDecay must be"));
}

TEST_CASE("translator: translate() gives every map with rows summing to 1",
          "[translate][translator]") {
  TranslatorConfig c;
  c.layers = 2;
  c.heads = 4;
  c.width = 16;
  Translator t(c);
  t.step(100);  // untrained, a model may write <eos> first: no rows
  const Translation r = t.translate("the small girl reads a new book");
  const std::size_t S = r.source.size(), T = r.output.size();
  REQUIRE(S == 7);
  REQUIRE(T >= 1);
  CHECK(r.reference.size() == 6);
  CHECK(r.alignment == std::vector<int>{1, 2, 5, 6, 3, -1});
  CHECK(r.decoder_input.size() == T);
  CHECK(r.cross.size() == 2 * 4 * T * S);
  CHECK(r.encoder_self.size() == 2 * 4 * S * S);
  CHECK(r.decoder_self.size() == 2 * 4 * T * T);
  auto rows_sum_to_one = [](const std::vector<double>& m, std::size_t cols) {
    for (std::size_t row = 0; row < m.size() / cols; ++row) {
      double sum = 0;
      for (std::size_t j = 0; j < cols; ++j) sum += m[row * cols + j];
      if (std::abs(sum - 1.0) > 1e-12) return false;
    }
    return true;
  };
  CHECK(rows_sum_to_one(r.cross, S));
  CHECK(rows_sum_to_one(r.encoder_self, S));
  CHECK(rows_sum_to_one(r.decoder_self, T));
}

TEST_CASE("translator: greedy decoding never writes <bos>", "[translate][translator]") {
  // Untrained, seed 2 ranks <bos> first at the last step of this sentence.
  TranslatorConfig c;
  c.seed = 2;
  Translator t(c);
  const Translation r = t.translate("the small girl reads a new book");
  CHECK(r.output.size() == 7);
  for (const auto& w : r.output) CHECK(w != "<bos>");
}

TEST_CASE("translator: a call that diverges is taken back as a whole", "[translate][translator]") {
  // No option makes the translator diverge (it clips its gradients), so the test makes step 6
  // find its loss not finite (train::forced_divergence_step), after steps 4 and 5 of the call
  // have changed the parameters, Adam's moments and the sentence stream.
  TranslatorConfig c;
  c.batch = 2;
  Translator t(c), fresh(c);
  t.step(3);
  fresh.step(3);
  const EncoderDecoderParams before = t.params();
  attn::train::forced_divergence_step = 6;
  CHECK_THROWS_WITH(t.step(10), Catch::Contains("training diverged at step 6") &&
                                    Catch::Contains("back at step 3, where this call began"));
  CHECK(attn::train::forced_divergence_step == 0);  // once
  CHECK(t.steps() == 3);
  EncoderDecoderParams now = t.params(), then = before;
  const auto nv = tensors(now), bv = tensors(then);
  REQUIRE(nv.size() == bv.size());
  for (std::size_t i = 0; i < nv.size(); ++i) {
    INFO(nv[i].name);
    CHECK(Eigen::Map<const Eigen::VectorXd>(nv[i].data, nv[i].size) ==
          Eigen::Map<const Eigen::VectorXd>(bv[i].data, bv[i].size));
  }
  // The sentence stream and the optimiser's state are back too: the next steps are the fresh run's.
  const TranslatorStep a = t.step(4), b = fresh.step(4);
  CHECK(a.step == 7);
  CHECK(a.loss == b.loss);
  CHECK(a.accuracy == b.accuracy);
}

TEST_CASE("translator: a bad sentence throws the grammar's error, then it works",
          "[translate][translator]") {
  Translator t;
  CHECK_THROWS_AS(t.translate("the cat eats an apple"), std::invalid_argument);
  CHECK_THROWS_WITH(t.translate(""), Catch::Contains("empty sentence"));
  CHECK_THROWS_AS(t.step(0), std::invalid_argument);
  CHECK_THROWS_AS(t.set_learning_rate(0), std::invalid_argument);
  CHECK(t.translate("the boy eats an apple").source.size() == 5);
  CHECK(t.step(1).step == 1);
}

TEST_CASE("translator: the default model reaches its targets within 1,500 steps",
          "[translate][translator][convergence]") {
  Translator t;
  const TranslatorEvaluation before = t.evaluate();
  CHECK(before.exact_match < 0.05);
  // Every k-th held-out sentence, k = ceil(held-out / 200).
  const std::size_t held = t.grammar().held_out().size(), k = (held + 199) / 200;
  CHECK(before.held_out_size == static_cast<int>((held + k - 1) / k));
  const long long steps = convergence::steps(1500);
  t.step(static_cast<int>(steps));
  const TranslatorEvaluation e = t.evaluate();
  CHECK(e.step == steps);
  for (double loss : {e.train_loss, e.held_out_loss}) CHECK(std::isfinite(loss));
  for (double fraction : {e.exact_match, e.token_accuracy}) {
    CHECK(fraction >= 0.0);
    CHECK(fraction <= 1.0);
  }
  const CrossAttentionReport r = t.cross_attention_report();
  double best = 0;
  for (const auto* report : {&r.noun_on_noun, &r.verb_on_verb, &r.verb_on_subject,
                             &r.adjective_on_noun, &r.verb_on_hindi_subject}) {
    CHECK(report->size() == static_cast<std::size_t>(t.config().heads));
    for (double a : *report) {
      CHECK(a >= 0.0);
      CHECK(a <= 1.0);
    }
  }
  for (double a : r.noun_on_noun) best = std::max(best, a);
  if (convergence::budgeted()) return;
  CHECK(e.exact_match >= 0.95);
  CHECK(best >= 0.5);
}
