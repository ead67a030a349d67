#include "attn/lm/language_model_declaration.hpp"

#include <stdexcept>

#include "attn/lm/sentences_task.hpp"

namespace attn::lm {
namespace {

using namespace attn::declare;
using K = ValueKind;
using C = LanguageModelConfig;

// The example is in both tasks' vocabularies ("a" is a letter and an article) only as far as
// "a": the declaration's tests run the default task, induction.
// A prompt is at most the context (32 letters, or a sentence of 8 words after <bos>); 200
// characters hold either with room to spare.
const Param kPrompt = tokens_param("prompt", "a b c d e a b c", 1000, 200);
// A finished sentence of the sentences task, <eos> and all, as a sample ends.
const Param kSentence = tokens_param("sentence", "the boy eats the bread <eos>", 1000, 200);
const Param kLayer = integer_param("layer", 0, 0, 3);
// Up to twice the longest training length; the model refuses more than twice its own.
const Param kLength = integer_param("length", 32, 8, 64,
                                    "Letters per held-out sequence: 8 to twice the training "
                                    "length.");
const Param kHead = integer_param("head", 0, 0, 3);

const Param& generate_options() {
  static const Param p = record_param(
      "options",
      {integer_param("maxTokens", 16, 1, 64,
                     "New tokens at most; generation also stops after `<eos>` or at the "
                     "context's end."),
       number_param("temperature", 1, 0, 100, true, "Divides the logits."),
       integer_param("topK", 0, 0, 1000, "Keep the k most likely tokens; 0: all."),
       number_param("topP", 1, 0, 1, true,
                    "Keep the most likely tokens until their probability reaches p; 1: all."),
       integer_param("seed", 1, 0, kMaxSeed, "Same seed, same sample."),
       boolean_param("cache", true,
                     "Keep each layer's keys and values (a KV cache) instead of recomputing "
                     "them.")});
  return p;
}

std::vector<int> prompt(const LanguageModel& m, const Argument& a) {
  return a.list ? m.task().tokenize(a.tokens) : m.task().tokenize(std::string_view(a.text));
}

std::vector<std::string> words(const LanguageModel& m, const std::vector<int>& ids) {
  std::vector<std::string> out;
  for (int t : ids) out.push_back(m.task().token(t));
  return out;
}

Value layers_by_heads(const LanguageModel& m, const std::vector<std::vector<double>>& x) {
  std::vector<double> flat;
  for (const auto& layer : x) flat.insert(flat.end(), layer.begin(), layer.end());
  return tensor({m.shape().layers, m.shape().heads}, std::move(flat));
}

Value ablated(const LanguageModel& m) {
  std::vector<double> flat(static_cast<std::size_t>(m.shape().layers * m.shape().heads), 0.0);
  for (std::size_t i = 0; i < m.ablation().size(); ++i) flat[i] = m.ablation()[i];
  return tensor({m.shape().layers, m.shape().heads}, std::move(flat));
}

// What evaluate() and evaluateAt() return.
Field figures_field() {
  return record_field(
      "", "",
      {field("loss", K::Number, "Mean cross-entropy per predicted token."),
       field("copyAccuracy", K::Number,
             "Next tokens right on the repeated part (induction; 0 for sentences)."),
       field("accuracy", K::Number, "Next tokens right everywhere else."),
       field("chance", K::Number, "1 / the tokens a prediction chooses among.")});
}

Value figures(const LmEvaluation& e) {
  Value out = record();
  out.set("loss", number(e.loss));
  out.set("copyAccuracy", number(e.copy_accuracy));
  out.set("accuracy", number(e.accuracy));
  out.set("chance", number(e.chance));
  return out;
}

Value evaluate(const LanguageModel& m, const Arguments&) { return figures(m.evaluate()); }

Value evaluate_at(const LanguageModel& m, const Arguments& a) {
  return figures(m.evaluate_at(a[0].whole()));
}

// { a, b }, two layers x heads tensors.
Value two_scores(const LanguageModel& m, const char* a, const std::vector<std::vector<double>>& x,
                 const char* b, const std::vector<std::vector<double>>& y) {
  Value out = record();
  out.set(a, layers_by_heads(m, x));
  out.set(b, layers_by_heads(m, y));
  return out;
}

Value sink_scores(const LanguageModel& m, const Arguments&) {
  const SinkScores s = m.sink_scores();
  return two_scores(m, "firstToken", s.first_token, "total", s.total);
}

Value vocabulary(const LanguageModel& m, const Arguments&) { return texts(m.task().vocabulary()); }

Value attention(const LanguageModel& m, const Arguments& a) {
  const AttentionMaps maps = m.attention(prompt(m, a[0]));
  const int n = static_cast<int>(maps.tokens.size());
  Value out = record();
  out.set("tokens", texts(maps.tokens));
  out.set("layers", tensor({maps.layers, maps.heads, n, n}, maps.weights));
  return out;
}

Value head_scores(const LanguageModel& m, const Arguments&) {
  const HeadScores s = m.head_scores();
  return two_scores(m, "prefixMatching", s.prefix_matching, "previousToken", s.previous_token);
}

Value ablate(LanguageModel& m, const Arguments& a) {
  m.ablate(a[0].whole(), a[1].whole());
  return ablated(m);
}

Value restore(LanguageModel& m, const Arguments&) {
  m.restore();
  return ablated(m);
}

Value next(const LanguageModel& m, const Arguments& a) {
  const std::vector<int> ids = prompt(m, a[0]);
  Value out = record();
  out.set("tokens", texts(words(m, ids)));
  out.set("vocabulary", texts(m.task().vocabulary()));
  out.set("probabilities", numbers(m.next(ids)));
  return out;
}

Value generate(const LanguageModel& m, const Arguments& a) {
  const Argument& o = a[1];
  GenerateOptions g;
  g.max_tokens = o.fields[0].whole();
  g.sampling.temperature = o.fields[1].number;
  g.sampling.top_k = o.fields[2].whole();
  g.sampling.top_p = o.fields[3].number;
  g.seed = static_cast<std::uint64_t>(o.fields[4].number);
  g.cache = o.fields[5].number != 0.0;
  const Generation r = m.generate(prompt(m, a[0]), g);
  std::vector<Value> steps;
  for (const GenerationStep& s : r.steps) {
    Value v = record();
    v.set("token", text(m.task().token(s.token)));
    v.set("position", number(s.position));
    v.set("probabilities", numbers(s.probabilities));
    v.set("unfiltered", numbers(s.unfiltered));
    v.set("cacheEntries", number(static_cast<double>(s.cache_entries)));
    v.set("multiplyAdds", number(static_cast<double>(s.multiply_adds)));
    steps.push_back(std::move(v));
  }
  Value out = record();
  out.set("tokens", texts(words(m, r.tokens)));
  out.set("steps", records(std::move(steps)));
  return out;
}

// A sample is judged as the native measurement judges it: finished by the model (<eos> last) and
// its words a sentence the grammar can parse. <bos> may lead, as a prompt's does.
Value grammatical(const LanguageModel& m, const Arguments& a) {
  const auto* task = dynamic_cast<const SentencesTask*>(&m.task());
  if (task == nullptr)
    throw std::invalid_argument("grammatical: the " + m.task().name() +
                                " task has no grammar to judge by; create the model with task "
                                "'sentences'");
  std::vector<int> ids = prompt(m, a[0]);
  if (ids.front() == kBos) ids.erase(ids.begin());  // the <bos> tokenize puts first
  if (ids.empty() || ids.back() != kEos) return boolean(false);
  ids.pop_back();
  return boolean(task->grammatical(ids));
}

ModelDeclaration<LanguageModel> declare_language_model() {
  ModelDeclaration<LanguageModel> d;
  d.name = "LanguageModel";
  d.summary =
      "A decoder-only transformer (a tiny GPT: causal self-attention layers, optional "
      "feed-forward and layer norm) predicting the next token: copying repeated letters "
      "(induction) or writing the grammar's English sentences.";
  d.options = {
      choice("task", &C::task, {"induction", "sentences"},
             "What it learns: to complete a repeated segment of random letters, or the "
             "translator's English sentences."),
      seed(&C::seed),
      integer("layers", &C::layers, 1, 4, "Stacked decoder layers."),
      integer("heads", &C::heads, 1, 4, "Attention heads per layer; must divide width."),
      integer("width", &C::width, 8, 64, "Model width d (embedding and residual stream)."),
      boolean("attentionOnly", &C::attention_only,
              "Attention layers only, no feed-forward sublayers."),
      boolean("layerNorm", &C::layer_norm, "Layer norm after each residual sum."),
      learning_rate(&C::lr),
      optimizer(&C::optimizer),
      integer("batch", &C::batch, 1, 64, "Sequences per step."),
      choice("positions", &C::positions, {"learned", "sinusoidal", "rope", "none"},
             "Where positions enter: a learned table added to the input (starting as the "
             "sinusoidal encoding), the sinusoidal encoding added and never trained, every "
             "head's queries and keys turned by position (RoPE), or nowhere."),
      number("ropeBase", &C::rope_base, 0, 1e8, true, false,
             "RoPE's base, for positions 'rope': pair i of a head's queries and keys turns by "
             "position x base^(-2i / head width)."),
      integer("kvHeads", &C::kv_heads, 0, 4,
              "Key/value heads per layer (grouped-query attention): head h uses key/value head "
              "floor(h / (heads / kvHeads)); must divide heads; 1: multi-query; 0: one per head "
              "(ordinary multi-head attention)."),
      choice("softmax", &C::softmax, {"standard", "plusOne"},
             "Attention weights: softmax, or softmax plus one (e^s / (1 + sum of e^s)), whose "
             "weights may sum to less than 1."),
      boolean("bos", &C::bos,
              "Sequences start with `<bos>`; false: with their first real token (prompts then "
              "take no `<bos>`)."),
      integer("length", &C::length, 8, 32,
              "The induction task's letters per training sequence (the repeated segment "
              "scaled with it); the context holds twice as many for evaluateAt. Induction only."),
  };
  d.methods = {
      {"evaluate",
       "Figures on the held-out sequences (never trained on).",
       {},
       figures_field(),
       evaluate},
      {"evaluateAt",
       "evaluate() on held-out induction sequences of another length, up to twice the training "
       "length. With learned positions, those past the trained ones keep their initial values "
       "(the sinusoidal encoding).",
       {kLength},
       figures_field(),
       evaluate_at},
      {"vocabulary",
       "The tokens, in the order of every distribution; special ones written like `<bos>`.",
       {},
       field("", K::Texts, ""),
       vocabulary},
      {"attention",
       "Every layer's and head's causal attention over a prompt (`<bos>` first, if the model "
       "has it).",
       {kPrompt},
       record_field("", "",
                    {field("tokens", K::Texts, "The prompt's tokens, `<bos>` first."),
                     field("layers", K::Tensor, "How much token i attends to token j.",
                           "layers x heads x n x n")}),
       attention},
      {"headScores",
       "Each head's prefix-matching and previous-token score (Olsson et al., 2022), on "
       "repeated random tokens.",
       {},
       record_field(
           "", "",
           {field("prefixMatching", K::Tensor,
                  "Mean weight from a repeated token to the token after its earlier occurrence.",
                  "layers x heads"),
            field("previousToken", K::Tensor, "Mean weight from each token to the one before.",
                  "layers x heads")}),
       head_scores},
      {"sinkScores",
       "Where each head looks when there is nothing to copy (attention sinks): on the held-out "
       "sequences, at each position whose token occurs nowhere before it.",
       {},
       record_field("", "",
                    {field("firstToken", K::Tensor,
                           "Mean weight on the first token (`<bos>` when the model has it).",
                           "layers x heads"),
                     field("total", K::Tensor,
                           "Mean total weight: 1 with the standard softmax, less with plusOne.",
                           "layers x heads")}),
       sink_scores},
      {"ablate",
       "Silences one head (its output becomes 0) until restore(); layer and head from 0.",
       {kLayer, kHead},
       field("", K::Tensor, "The ablated heads, 1 each.", "layers x heads"),
       nullptr,
       ablate},
      {"restore",
       "Gives every ablated head back.",
       {},
       field("", K::Tensor, "The ablated heads (none now).", "layers x heads"),
       nullptr,
       restore},
      {"next",
       "The next-token distribution after a prompt.",
       {kPrompt},
       record_field("", "",
                    {field("tokens", K::Texts, "The prompt's tokens, `<bos>` first."),
                     field("vocabulary", K::Texts, "The tokens, as vocabulary()."),
                     field("probabilities", K::Numbers, "Per token of vocabulary; sum 1.")}),
       next},
      {"generate",
       "Samples a continuation of a prompt, token by token.",
       {kPrompt, generate_options()},
       record_field(
           "", "",
           {field("tokens", K::Texts, "The new tokens."),
            records_field(
                "steps", "One per new token.",
                {field("token", K::Text, "The token drawn."),
                 field("position", K::Number, "The position it follows, from 0."),
                 field("probabilities", K::Numbers,
                       "After temperature, top-k and top-p, renormalised; per vocabulary token."),
                 field("unfiltered", K::Numbers, "Softmax of the logits, before the filters."),
                 field("cacheEntries", K::Number,
                       "Numbers in the KV cache after the step (0 without the cache)."),
                 field("multiplyAdds", K::Number,
                       "What the step's logits cost (the first step: the whole prompt).")})}),
       generate},
      {"grammatical",
       "Whether a sentence is one of the grammar's, finished: its words parse and `<eos>` ends "
       "it (`<bos>` may lead). Sentences task only: the induction task has no grammar.",
       {kSentence},
       field("", K::Boolean, "True for a finished grammatical sentence."),
       grammatical},
  };
  return d;
}

}  // namespace

const ModelDeclaration<LanguageModel>& language_model_declaration() {
  static const ModelDeclaration<LanguageModel> d = declare_language_model();
  return d;
}

}  // namespace attn::lm
