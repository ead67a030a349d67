// The Trainer: reproducible runs, the demo's targets, and clear errors.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>

#include "attn/train/rng.hpp"
#include "attn/train/trainer.hpp"
#include "convergence.hpp"

using namespace attn::train;
using Catch::Matchers::Contains;

namespace {

bool all_finite(const ClassifierParams& p) {
  ClassifierParams copy = p;
  for (const auto& t : tensors(copy))
    if (!Eigen::Map<const Eigen::VectorXd>(t.data, t.size).allFinite()) return false;
  return true;
}

// What an evaluation is at any step, trained or not: a finite loss, fractions in [0, 1].
void require_in_range(const EvalStats& e) {
  REQUIRE(std::isfinite(e.loss));
  REQUIRE(e.accuracy >= 0.0);
  REQUIRE(e.accuracy <= 1.0);
  REQUIRE(e.attention >= 0.0);
  REQUIRE(e.attention <= 1.0);
  for (const auto& layer : e.layer_attention)
    for (double a : layer) {
      REQUIRE(a >= 0.0);
      REQUIRE(a <= 1.0);
    }
}

}  // namespace

TEST_CASE("rng: same seed same numbers, sensible distributions", "[train][rng]") {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) CHECK(a.next_u64() == b.next_u64());
  CHECK(Rng(42).next_u64() != c.next_u64());
  Rng r(1);
  double sum = 0, sum_sq = 0, usum = 0;
  int buckets[5] = {0, 0, 0, 0, 0};
  const int N = 200000;
  for (int i = 0; i < N; ++i) {
    const double z = r.normal();
    sum += z;
    sum_sq += z * z;
    const double u = r.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    usum += u;
    const auto k = r.below(5);
    REQUIRE(k < 5);
    ++buckets[k];
  }
  // Standard errors: mean 1/sqrt(N) = 0.0022, variance sqrt(2/N) = 0.0032.
  CHECK(std::abs(sum / N) < 0.01);
  CHECK(std::abs(sum_sq / N - 1.0) < 0.015);
  CHECK(std::abs(usum / N - 0.5) < 0.005);
  for (int k : buckets) CHECK(std::abs(k - N / 5) < 1000);
}

TEST_CASE("trainer: the same seed gives the same run, another seed another", "[train]") {
  Trainer a, b;
  TrainerConfig other;
  other.seed = 2;
  Trainer c(other);
  for (int i = 0; i < 20; ++i) {
    const StepStats sa = a.step(5), sb = b.step(5), sc = c.step(5);
    CHECK(sa.loss == sb.loss);
    CHECK(sa.accuracy == sb.accuracy);
    CHECK(sa.loss != sc.loss);
  }
  // reset(seed) starts over exactly as a new trainer with that seed.
  a.reset(2);
  CHECK(a.steps() == 0);
  Trainer d(other);
  for (int i = 0; i < 10; ++i) CHECK(a.step(3).loss == d.step(3).loss);
  CHECK(a.steps() == 30);
}

TEST_CASE("trainer: default seed reaches the demo's targets within 3,000 steps",
          "[train][convergence]") {
  // Targets: held-out accuracy >= 95% and mean attention weight from the
  // asked adjective to its noun >= 0.8, averaged over heads and sentences.
  Trainer t;
  long long reached = -1;
  EvalStats at;
  const StepStats first = t.step(1);
  // Evaluated every 50 steps (a budget below 50: once, after it).
  const long long limit = convergence::steps(3000), every = std::min(50LL, limit);
  while (t.steps() < limit && reached < 0) {
    t.step(static_cast<int>(std::min(every - t.steps() % every, limit - t.steps())));
    const EvalStats e = t.evaluate();
    require_in_range(e);
    if (e.accuracy >= 0.95 && e.attention >= 0.8) reached = t.steps(), at = e;
  }
  if (!convergence::budgeted()) {
    std::printf("default config: targets reached at step %lld (accuracy %.3f, attention %.3f)\n",
                reached, at.accuracy, at.attention);
    REQUIRE(reached > 0);
    CHECK(reached <= 3000);
  }
  // Learning, not luck: before training neither target holds.
  Trainer fresh;
  const EvalStats before = fresh.evaluate();
  CHECK(before.accuracy < 0.5);
  CHECK(before.attention < 0.5);
  CHECK(first.loss > 1.5);  // about log(8) = 2.08 for 8 nouns at the start
}

TEST_CASE("trainer: an untrained model is near chance", "[train]") {
  // Before any step the model knows nothing, so it should say so: its loss near ln(classes),
  // the loss of a uniform guess, and no answer given much more than 1 / classes. A read-out
  // drawn too large made the untrained model confidently wrong (loss 3.29 for 8 nouns).
  auto with = [](auto change) {
    TrainerConfig c;
    change(c);
    return c;
  };
  const TrainerConfig configs[] = {
      TrainerConfig{},
      with([](TrainerConfig& c) { c.layer_norm = true, c.heads = 2; }),
      with([](TrainerConfig& c) { c.seed = 7, c.width = 32, c.heads = 4; }),
      with([](TrainerConfig& c) {
        c.task = "pronouns", c.layers = 2, c.width = 32, c.layer_norm = true;
      }),
  };
  for (const TrainerConfig& c : configs) {
    Trainer t(c);
    const double chance = std::log(static_cast<double>(t.task().answers().size()));
    INFO(c.task << " layers " << c.layers << " heads " << c.heads << " width " << c.width
                << " layer norm " << c.layer_norm << " seed " << c.seed);
    const EvalStats e = t.evaluate();
    CHECK(std::abs(e.loss - chance) <= 0.1 * chance);
  }
  const Prediction p = Trainer().predict("the old cars are fast");
  for (double q : p.probabilities) CHECK(q < 2.0 / static_cast<double>(p.probabilities.size()));
}

TEST_CASE("trainer: layer norm and two heads also learn the task", "[train][convergence]") {
  TrainerConfig c;
  c.layer_norm = true;
  c.heads = 2;
  Trainer t(c);
  t.step(static_cast<int>(convergence::steps(1500)));
  const EvalStats e = t.evaluate();
  require_in_range(e);
  REQUIRE(e.layer_attention.size() == 1);
  const auto& heads = e.layer_attention[0];
  REQUIRE(heads.size() == 2);
  if (convergence::budgeted()) return;
  CHECK(e.accuracy >= 0.95);
  CHECK(std::max(heads[0], heads[1]) >= 0.8);
}

TEST_CASE("trainer: two layers learn which noun \"it\" is and look at it", "[train][convergence]") {
  // The pronoun task's two-layer preset, seed 1. With one layer the query at "it" cannot know
  // the final adjective yet; with two, the first can bring the adjective to "it" and the second
  // layer's query at "it" can look at the noun the adjective fits.
  TrainerConfig c;
  c.task = "pronouns";
  c.layers = 2;
  c.heads = 1;
  c.width = 32;
  c.layer_norm = true;
  c.lr = 0.003;
  Trainer t(c);
  long long accurate = -1, attending = -1;
  const long long limit = convergence::steps(20000);
  while ((accurate < 0 || attending < 0) && t.steps() < limit) {
    t.step(static_cast<int>(std::min(10LL, limit - t.steps())));
    const EvalStats e = t.evaluate();
    require_in_range(e);
    REQUIRE(e.layer_attention.size() == 2);
    double best = 0.0;
    for (double a : e.layer_attention[1]) best = std::max(best, a);
    if (accurate < 0 && e.accuracy >= 0.95) accurate = t.steps();
    if (attending < 0 && best >= 0.5) attending = t.steps();
  }
  std::printf(
      "two-layer pronoun preset: held-out accuracy >= 0.95 at step %lld, a layer-2 head "
      ">= 0.5 on the right noun at step %lld\n",
      accurate, attending);
  const bool targets = !convergence::budgeted();
  if (targets) {
    CHECK(accurate > 0);
    CHECK(attending > 0);
  }
  // Both at once, in the model as it stands at the end.
  const EvalStats e = t.evaluate();
  require_in_range(e);
  if (targets) {
    CHECK(e.accuracy >= 0.95);
    CHECK(*std::max_element(e.layer_attention[1].begin(), e.layer_attention[1].end()) >= 0.5);
  }
  // "it" (position 7) looks at "animal" (1) when tired, at "street" (5) when wide.
  const std::string tired = "the animal didn't cross the street because it was tired";
  const std::string wide = "the animal didn't cross the street because it was wide";
  const Prediction for_tired = t.predict(tired), for_wide = t.predict(wide);
  if (targets) {
    CHECK(for_tired.word == "animal");
    CHECK(for_wide.word == "street");
  }
  // The lesson says to train "150 steps or so" and then compare the two sentences: "wide" finds
  // its noun a few tens of steps after the averaged targets are met (0.45 at step 100, 0.61 at
  // 110, seed 1), since "tired" sentences are the ones the averaged figure catches first.
  const long long compared = convergence::steps(150);
  if (t.steps() < compared) t.step(static_cast<int>(compared - t.steps()));
  // And layer 2's row of "it" puts most of its weight there in both sentences (without layer
  // norm and at lr 0.01 the model met the averaged target by looking at "animal" for "tired"
  // only, and for "wide" at "it" itself, into which layer 1 had copied "street").
  for (const auto& [sentence, noun] : {std::pair{tired, 1}, std::pair{wide, 5}}) {
    const AttentionMap m = t.attention(sentence);
    REQUIRE(m.layers == 2);
    REQUIRE(m.weights.size() == 2 * 10 * 10);
    INFO(sentence);
    if (targets) CHECK(m.weights[(1 * 10 + 7) * 10 + noun] >= 0.5);
  }
}

TEST_CASE("trainer: attention, predict and sample for the page", "[train]") {
  Trainer t;
  t.step(1000);
  const AttentionMap m = t.attention("the old cars are really fast");
  REQUIRE(m.tokens.size() == 6);
  REQUIRE(m.weights.size() == 36);
  for (int i = 0; i < 6; ++i) {
    double row = 0;
    for (int j = 0; j < 6; ++j) row += m.weights[i * 6 + j];
    CHECK(row == Approx(1.0).epsilon(1e-12));
  }
  CHECK(m.weights[5 * 6 + 2] > 0.8);  // "fast" looks at "cars"
  const Prediction p = t.predict("books are amazing but the old cars are really fast");
  // books0 are1 amazing2 but3 the4 old5 cars6 are7 really8 fast9
  CHECK(p.query == 9);
  CHECK(p.word == "cars");
  double total = 0;
  for (double q : p.probabilities) total += q;
  CHECK(total == Approx(1.0).epsilon(1e-12));
  CHECK(p.candidates.size() == 8);
  // attention() needs no adjective; predict() does.
  CHECK(t.attention("the old cars").tokens.size() == 3);
  CHECK_THROWS_WITH(t.predict("the old cars"), Contains("no word to ask about"));
  const auto s = t.sample(5);
  CHECK(s.size() == 5);
  CHECK_THROWS_AS(t.sample(0), std::invalid_argument);
}

TEST_CASE("trainer: bad options and sentences get clear messages", "[train]") {
  auto with = [](auto change) {
    TrainerConfig c;
    change(c);
    return c;
  };
  CHECK_THROWS_WITH(Trainer(with([](TrainerConfig& c) { c.heads = 3; })),
                    Contains("width 16 is not divisible by heads 3"));
  CHECK_THROWS_WITH(Trainer(with([](TrainerConfig& c) { c.heads = 5; })), Contains("heads"));
  CHECK_THROWS_WITH(Trainer(with([](TrainerConfig& c) { c.width = 64; })), Contains("width"));
  CHECK_THROWS_WITH(Trainer(with([](TrainerConfig& c) { c.layers = 0; })),
                    Contains("layers must be 1 or 2, got 0"));
  CHECK_THROWS_WITH(Trainer(with([](TrainerConfig& c) { c.layers = 3; })),
                    Contains("layers must be 1 or 2, got 3"));
  CHECK_THROWS_WITH(Trainer(with([](TrainerConfig& c) { c.lr = -1; })), Contains("learning rate"));
  CHECK_THROWS_WITH(Trainer(with([](TrainerConfig& c) { c.lr = NAN; })), Contains("learning rate"));
  CHECK_THROWS_WITH(Trainer(with([](TrainerConfig& c) { c.batch = 0; })), Contains("batch"));
  CHECK_THROWS_WITH(Trainer(with([](TrainerConfig& c) { c.optimizer = "rmsprop"; })),
                    Contains("unknown optimizer 'rmsprop'"));
  CHECK_THROWS_WITH(Trainer(with([](TrainerConfig& c) { c.task = "poems"; })),
                    Contains("unknown task"));
  Trainer t;
  CHECK_THROWS_WITH(t.attention("transformers are awesome"), Contains("unknown word 'awesome'"));
  CHECK_THROWS_WITH(t.step(0), Contains("step count"));
  CHECK_THROWS_WITH(t.set_learning_rate(0), Contains("learning rate"));
  t.set_learning_rate(0.02);
  CHECK(t.config().lr == 0.02);
}

TEST_CASE("trainer: a far too high learning rate stops with a message, never NaN", "[train]") {
  TrainerConfig c;
  c.optimizer = "sgd";
  c.lr = 10;
  c.clip = 0;  // with clipping on, even this learning rate stays finite
  Trainer t(c);
  bool stopped = false;
  for (int i = 0; i < 200 && !stopped; ++i) {
    try {
      const StepStats s = t.step(10);
      CHECK(std::isfinite(s.loss));
    } catch (const std::runtime_error& e) {
      CHECK_THAT(e.what(), Contains("lower the learning rate"));
      stopped = true;
    }
    REQUIRE(all_finite(t.params()));
  }
  CHECK(stopped);  // seed 1 diverges within the first 10 steps
  const EvalStats e = t.evaluate();
  CHECK(std::isfinite(e.loss));
}

TEST_CASE("trainer: a call that diverges is taken back as a whole", "[train]") {
  TrainerConfig c;
  c.optimizer = "sgd";
  c.lr = 10;
  c.clip = 0;
  c.momentum = 0.5;  // optimiser state that must be taken back too
  // The first step that diverges, one step per call.
  Trainer probe(c);
  int k = 0;
  for (int i = 1; i <= 50 && k == 0; ++i) {
    try {
      probe.step(1);
    } catch (const std::runtime_error&) {
      k = i;
    }
  }
  REQUIRE(k >= 3);                // so that the multi-step call below has good steps to take back
  CHECK(probe.steps() == k - 1);  // a single diverging step is never applied

  Trainer t(c);
  t.step(1);
  const ClassifierParams before = t.params();
  CHECK_THROWS_WITH(t.step(k + 5), Contains("training diverged at step " + std::to_string(k)) &&
                                       Contains("back at step 1"));
  CHECK(t.steps() == 1);
  ClassifierParams now = t.params(), then = before;
  const auto nv = tensors(now), bv = tensors(then);
  for (std::size_t i = 0; i < nv.size(); ++i) {
    INFO(nv[i].name);
    CHECK(Eigen::Map<const Eigen::VectorXd>(nv[i].data, nv[i].size) ==
          Eigen::Map<const Eigen::VectorXd>(bv[i].data, bv[i].size));
  }
  // Sentence stream and momentum are back too: the next steps are the fresh run's steps 2..k-1.
  Trainer fresh(c);
  fresh.step(1);
  CHECK(t.step(k - 2).loss == fresh.step(k - 2).loss);
}
