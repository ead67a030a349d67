// The language model (attn/lm/language_model.hpp) and its tasks: sequences as promised, prompts
// read or refused with a message, cached and uncached generation alike to 1e-12 with the costs
// counted, sampling reproducible, ablation; and, tagged [convergence], the induction head and
// the grammatical sentences the lessons promise.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>

#include "attn/lm/induction_task.hpp"
#include "attn/lm/language_model.hpp"
#include "attn/lm/language_model_declaration.hpp"
#include "attn/lm/sentences_task.hpp"
#include "convergence.hpp"

using namespace attn::lm;
using Catch::Matchers::Contains;

namespace {

LanguageModelConfig small(const std::string& task, bool ff, bool ln) {
  LanguageModelConfig c;
  c.task = task;
  c.width = 8;
  c.heads = 2;
  c.attention_only = !ff;
  c.layer_norm = ln;
  c.batch = 2;
  return c;
}

std::string message(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

// The share of `count` sentences sampled from <bos> at temperature t that the grammar accepts.
double grammatical_share(const LanguageModel& m, double t, int count) {
  const auto& task = static_cast<const SentencesTask&>(m.task());
  GenerateOptions o;
  o.max_tokens = task.context() - 1;
  o.sampling.temperature = t;
  int good = 0;
  for (int k = 0; k < count; ++k) {
    o.seed = static_cast<std::uint64_t>(k + 1);
    Generation g = m.generate({kBos}, o);
    if (!g.tokens.empty() && g.tokens.back() == kEos) {
      g.tokens.pop_back();
      good += task.grammatical(g.tokens) ? 1 : 0;
    }
  }
  return static_cast<double>(good) / count;
}

}  // namespace

TEST_CASE("induction task: a segment of distinct letters repeated, found nowhere else", "[lm]") {
  InductionTask task;
  attn::train::Rng rng(3);
  Sequence s;
  std::set<int> lengths;
  for (int k = 0; k < 200; ++k) {
    task.sample(rng, s);
    REQUIRE(s.tokens.size() == 33u);
    CHECK(s.tokens[0] == kBos);
    for (std::size_t i = 1; i < s.tokens.size(); ++i) CHECK(s.tokens[i] >= 1);
    for (std::size_t i = 0; i + 1 < s.tokens.size(); ++i) CHECK(s.targets[i] == s.tokens[i + 1]);
    CHECK(s.targets.back() == -1);
    // The repeat: L - 1 scored positions b .. b + L - 2, where the next letter is the one after
    // the earlier copy of the current letter, which occurs exactly once before.
    const auto first = std::find(s.repeated.begin(), s.repeated.end(), 1);
    REQUIRE(first != s.repeated.end());
    const int b = static_cast<int>(first - s.repeated.begin());
    const int L = static_cast<int>(std::count(s.repeated.begin(), s.repeated.end(), 1)) + 1;
    lengths.insert(L);
    CHECK(L >= InductionTask::kMinSegment);
    CHECK(L <= InductionTask::kMaxSegment);
    for (int i = b; i < b + L - 1; ++i) {
      const int t = s.tokens[static_cast<std::size_t>(i)];
      int seen = 0, at = -1;
      for (int j = 0; j < b; ++j)
        if (s.tokens[static_cast<std::size_t>(j)] == t) ++seen, at = j;
      CHECK(seen == 1);
      CHECK(s.tokens[static_cast<std::size_t>(at + 1)] == s.targets[static_cast<std::size_t>(i)]);
    }
  }
  CHECK(lengths.size() >= 8u);  // the length varies
  CHECK(task.held_out().size() == 100u);
  CHECK(task.context() == 33);
}

TEST_CASE("sentences task: the grammar's English, <bos> ... <eos>", "[lm]") {
  SentencesTask task;
  attn::train::Rng rng(4);
  Sequence s;
  for (int k = 0; k < 50; ++k) {
    task.sample(rng, s);
    CHECK(s.tokens.front() == kBos);
    CHECK(s.tokens.back() == kEos);
    CHECK(task.grammatical(std::vector<int>(s.tokens.begin() + 1, s.tokens.end() - 1)));
  }
  CHECK(task.held_out().size() <= 200u);
  CHECK(task.held_out().size() >= 100u);
  CHECK(task.vocabulary()[0] == "<bos>");
  CHECK(task.vocabulary()[1] == "<eos>");
  CHECK_FALSE(task.grammatical(task.tokenize("the boy eats the water")));
  CHECK(task.tokenize("The boy") ==
        std::vector<int>{kBos, task.tokenize("the")[1], task.tokenize("boy")[1]});
}

// The declared grammatical(sentence) on a model of the given task, as JS calls it.
bool judged(const LanguageModel& m, const std::string& sentence) {
  for (const auto& method : language_model_declaration().methods)
    if (method.name == "grammatical") {
      attn::declare::Argument a;
      a.text = sentence;
      const attn::declare::Value v = method.call(m, {a});
      REQUIRE(v.kind == attn::declare::ValueKind::Boolean);
      return v.number != 0.0;
    }
  FAIL("no grammatical method declared");
  return false;
}

TEST_CASE("grammatical(sentence): finished sentences of the grammar only", "[lm]") {
  LanguageModelConfig c;
  c.task = "sentences";
  const LanguageModel m(c);
  // the|a [adjective] SUBJECT VERB the|a [adjective] OBJECT, then <eos> (content/translation).
  CHECK(judged(m, "the boy eats the bread <eos>"));
  CHECK(judged(m, "<bos> a girl drinks the sweet tea <eos>"));
  CHECK(judged(m, "the queen sees an apple <eos>"));  // a held-out triple is still English
  CHECK(judged(m, "a big king writes a beautiful song <eos>"));
  CHECK(judged(m, "The Woman Reads A Book <eos>"));        // read as lower case, like every prompt
  CHECK_FALSE(judged(m, "the boy eats the bread"));        // unfinished: the model never ended it
  CHECK_FALSE(judged(m, "the boy eats the water <eos>"));  // eats takes food only
  CHECK_FALSE(judged(m, "boy eats the bread <eos>"));      // no article
  CHECK_FALSE(judged(m, "the girl sees a apple <eos>"));   // "an" before a vowel
  CHECK_FALSE(judged(m, "the sweet boy eats the bread <eos>"));  // sweet: food and drink
  CHECK_FALSE(judged(m, "the boy eats the the bread <eos>"));
  CHECK_FALSE(judged(m, "the boy <eos> eats the bread <eos>"));  // ended inside
  CHECK_FALSE(judged(m, "<eos>"));
  CHECK_FALSE(judged(m, "<bos>"));
  CHECK_THAT(message([&] { judged(m, "the zebra eats the bread <eos>"); }),
             Contains("unknown word 'zebra'"));
  CHECK_THAT(message([&] { judged(m, ""); }), Contains("the prompt is empty"));
  const LanguageModel letters{LanguageModelConfig{}};  // induction, the default
  CHECK_THAT(message([&] { judged(letters, "a b c"); }),
             Contains("grammatical: the induction task has no grammar to judge by"));
}

TEST_CASE("prompts: <bos> added, unknown words named, empty and long ones refused", "[lm]") {
  InductionTask task;
  CHECK(task.tokenize("a b") == std::vector<int>{0, 1, 2});
  CHECK(task.tokenize("<bos> a b") == std::vector<int>{0, 1, 2});
  CHECK(task.tokenize(std::vector<std::string>{"A", "b"}) == std::vector<int>{0, 1, 2});
  CHECK_THAT(message([&] { task.tokenize("a zebra"); }), Contains("unknown word 'zebra'"));
  CHECK_THAT(message([&] { task.tokenize("   "); }), Contains("the prompt is empty"));
  CHECK_THAT(message([&] { task.tokenize(std::vector<std::string>{}); }),
             Contains("the prompt is empty"));
  std::string huge;
  for (int i = 0; i < 10000; ++i) huge += "a ";
  CHECK_THAT(message([&] { task.tokenize(huge); }), Contains("context holds 33 tokens"));
  CHECK_THAT(message([&] { task.tokenize(std::vector<std::string>(10000, "a")); }),
             Contains("context holds 33 tokens"));
  // 33 with <bos>: 32 letters fit, 33 do not.
  CHECK(task.tokenize(std::vector<std::string>(32, "a")).size() == 33u);
  CHECK_THROWS_AS(task.tokenize(std::vector<std::string>(33, "a")), std::invalid_argument);
}

TEST_CASE("options: checked against the declaration, the task named", "[lm]") {
  LanguageModelConfig c;
  c.task = "poems";
  CHECK_THAT(message([&] { LanguageModel m(c); }),
             Contains("unknown task 'poems': choose 'induction' or 'sentences'"));
  c = {};
  c.width = 30;
  c.heads = 4;
  CHECK_THAT(message([&] { LanguageModel m(c); }), Contains("not divisible by heads"));
  c = {};
  c.layers = 5;
  CHECK_THAT(message([&] { LanguageModel m(c); }), Contains("layers must be 1 to 4, got 5"));
}

TEST_CASE("KV cache: the same tokens and distributions as recomputing, costs counted", "[lm]") {
  for (const bool ff : {false, true}) {
    INFO("feed-forward " << ff);
    LanguageModel m(small("induction", ff, ff));
    m.step(3);
    if (ff) m.ablate(1, 0);
    GenerateOptions o;
    o.max_tokens = 20;
    o.seed = 9;
    const std::vector<int> prompt = m.task().tokenize("a b c d");
    o.cache = true;
    const Generation cached = m.generate(prompt, o);
    o.cache = false;
    const Generation full = m.generate(prompt, o);
    REQUIRE(cached.tokens == full.tokens);
    REQUIRE(cached.steps.size() == 20u);
    const DecoderConfig& shape = m.shape();
    for (std::size_t k = 0; k < cached.steps.size(); ++k) {
      INFO("step " << k);
      const auto& a = cached.steps[k];
      const auto& b = full.steps[k];
      double worst = 0.0;
      for (std::size_t v = 0; v < a.probabilities.size(); ++v)
        worst = std::max({worst, std::abs(a.probabilities[v] - b.probabilities[v]),
                          std::abs(a.unfiltered[v] - b.unfiltered[v])});
      CHECK(worst <= 1e-12);
      CHECK(a.position == static_cast<int>(prompt.size() + k) - 1);
      // Keys and values of every token so far, per layer and head: 2 x layers x d x tokens.
      CHECK(a.cache_entries == 2LL * shape.layers * shape.width * (a.position + 1));
      CHECK(b.cache_entries == 0);
      CHECK(b.multiply_adds == forward_multiply_adds(shape, a.position + 1));
    }
    // With the cache, a token's cost grows by the same amount per position (linear); without,
    // the growth itself grows (quadratic). By hand for attention only: 2 d per layer per position.
    for (std::size_t k = 2; k < cached.steps.size(); ++k) {
      const auto c = [&](std::size_t i) { return cached.steps[i].multiply_adds; };
      const auto f = [&](std::size_t i) { return full.steps[i].multiply_adds; };
      CHECK(c(k) - c(k - 1) == 2LL * shape.layers * shape.width);
      CHECK((f(k) - f(k - 1)) - (f(k - 1) - f(k - 2)) == 2LL * shape.layers * shape.width);
    }
    // The first cached step read the whole prompt: its cost is that of each prompt token.
    CHECK(cached.steps[0].multiply_adds > cached.steps[1].multiply_adds * 3);
  }
}

TEST_CASE("generate: a seed reproduces a sample, no filter is plain softmax, the context ends it",
          "[lm]") {
  LanguageModel m(small("sentences", true, false));
  m.step(5);
  GenerateOptions o;
  o.max_tokens = 8;
  o.seed = 42;
  const std::vector<int> prompt{kBos};
  const Generation a = m.generate(prompt, o);
  const Generation b = m.generate(prompt, o);
  CHECK(a.tokens == b.tokens);
  o.sampling.top_k = static_cast<int>(m.task().vocabulary().size());
  o.sampling.top_p = 1.0;
  const Generation c = m.generate(prompt, o);
  for (const auto& s : c.steps) CHECK(s.probabilities == s.unfiltered);
  CHECK(c.tokens == a.tokens);
  // Greedy-like: top-k 1 keeps one token at each step.
  o.sampling.top_k = 1;
  for (const auto& s : m.generate(prompt, o).steps)
    CHECK(std::count(s.probabilities.begin(), s.probabilities.end(), 1.0) == 1);
  // The context (9 for sentences) ends generation: a full prompt leaves nothing to write.
  const std::vector<int> full(9, 2);
  CHECK(m.generate(full, o).tokens.empty());
  CHECK(static_cast<int>(m.generate(std::vector<int>(7, 2), o).tokens.size()) <= 2);
  const auto next = m.next(prompt);
  double sum = 0.0;
  for (double p : next) sum += p;
  CHECK(sum == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("ablate and restore: one head silenced, then every head back", "[lm]") {
  LanguageModel m(small("induction", false, false));
  m.step(2);
  const std::vector<int> prompt = m.task().tokenize("a b c a b");
  const auto before = m.next(prompt);
  m.ablate(1, 1);
  const auto ablated = m.next(prompt);
  CHECK(ablated != before);
  // The ablated head's attention is still computed (the maps show it); its output is not used.
  CHECK(m.attention(prompt).weights.size() == 2u * 2 * 6 * 6);
  m.restore();
  CHECK(m.next(prompt) == before);
  CHECK_THAT(message([&] { m.ablate(2, 0); }), Contains("layer must be 0 to 1, got 2"));
  CHECK_THAT(message([&] { m.ablate(0, 2); }), Contains("head must be 0 to 1, got 2"));
}

TEST_CASE("induction: a layer-2 induction head forms, and ablating it breaks copying",
          "[lm][convergence]") {
  LanguageModel m;  // the defaults, seed 1
  const long long budget = convergence::steps(2500);
  LmEvaluation e;
  HeadScores h;
  int head = 0;
  for (long long done = 0; done < budget; done += 250) {
    m.step(static_cast<int>(std::min<long long>(250, budget - done)));
    e = m.evaluate();
    h = m.head_scores();
    const auto& top = h.prefix_matching.back();
    head = static_cast<int>(std::max_element(top.begin(), top.end()) - top.begin());
    if (top[static_cast<std::size_t>(head)] >= 0.8 && e.copy_accuracy >= 0.95) break;
  }
  CHECK(e.chance == Approx(1.0 / 26));
  for (const auto& layer : h.prefix_matching)
    for (double x : layer) CHECK((x >= 0.0 && x <= 1.0));
  if (convergence::budgeted()) return;
  INFO("steps " << m.steps() << ", copy accuracy " << e.copy_accuracy);
  CHECK(h.prefix_matching.back()[static_cast<std::size_t>(head)] >= 0.8);
  CHECK(e.copy_accuracy >= 0.95);
  // Layer 1 attends to the previous token more than twice as much as uniform causal attention
  // would (the mean of 1 / (i + 1) over i = 1 .. 32 is 0.096); measured 0.26 and 0.29 for seed
  // 1, so the previous token's identity reaches the induction head through both heads.
  const auto& first = h.previous_token.front();
  CHECK(*std::max_element(first.begin(), first.end()) >= 2 * 0.096);
  m.ablate(1, head);
  CHECK(m.evaluate().copy_accuracy <= 2 * e.chance);
  for (int l = 0; l < 2; ++l)
    for (int k = 0; k < 2; ++k) {
      if (l == 1 && k == head) continue;
      m.restore();
      m.ablate(l, k);
      INFO("ablated layer " << l << " head " << k);
      // The other layer-1 head may be the previous-token head: it may cost more than 10 points.
      if (l == 1) CHECK(m.evaluate().copy_accuracy >= e.copy_accuracy - 0.10);
    }
}

TEST_CASE("sentences: sampled sentences are the grammar's", "[lm][convergence]") {
  LanguageModelConfig c;
  c.task = "sentences";
  LanguageModel m(c);
  // Measured for seed 1 (200 samples): 0.915 at 250 steps, 0.96 at 1,000, 0.965 at 1,250.
  m.step(static_cast<int>(convergence::steps(1250)));
  const double share = grammatical_share(m, 1.0, 200);
  CHECK((share >= 0.0 && share <= 1.0));
  if (convergence::budgeted()) return;
  CHECK(share >= 0.95);
}
