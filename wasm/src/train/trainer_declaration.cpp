#include "attn/train/trainer_declaration.hpp"

namespace attn::train {
namespace {

using namespace attn::declare;
using K = ValueKind;
using C = TrainerConfig;

// At most 32 words are read; 300 characters hold them with room to spare.
const Param kSentence = text_param("sentence", "the old cars are really fast", 300);
const Param kSampleSize = integer_param("sample size", 5, 1, 64);

// layers x heads x n x n, the layout AttentionMap keeps.
Value last_layer(const AttentionMap& m) {
  const std::size_t n = m.tokens.size(), size = static_cast<std::size_t>(m.heads) * n * n;
  std::vector<double> last(m.weights.end() - static_cast<std::ptrdiff_t>(size), m.weights.end());
  const int ni = static_cast<int>(n);
  return tensor({m.heads, ni, ni}, std::move(last));
}

Value evaluate(const Trainer& t, const Arguments&) {
  const EvalStats e = t.evaluate();
  std::vector<double> all;
  for (const auto& heads : e.layer_attention) all.insert(all.end(), heads.begin(), heads.end());
  const int layers = static_cast<int>(e.layer_attention.size());
  const int heads = layers == 0 ? 0 : static_cast<int>(e.layer_attention.back().size());
  Value out = record();
  out.set("loss", number(e.loss));
  out.set("accuracy", number(e.accuracy));
  out.set("attention", number(e.attention));
  out.set("headAttention", numbers(layers == 0 ? std::vector<double>{} : e.layer_attention.back()));
  out.set("layerAttention", tensor({layers, heads}, std::move(all)));
  return out;
}

Value attention(const Trainer& t, const Arguments& a) {
  const AttentionMap m = t.attention(a[0].text);
  const int n = static_cast<int>(m.tokens.size());
  Value out = record();
  out.set("tokens", texts(m.tokens));
  out.set("weights", last_layer(m));
  out.set("layers", tensor({m.layers, m.heads, n, n}, m.weights));
  return out;
}

Value predict(const Trainer& t, const Arguments& a) {
  const Prediction p = t.predict(a[0].text);
  Value out = record();
  out.set("tokens", texts(p.tokens));
  out.set("position", number(p.query));
  out.set("word", text(p.word));
  out.set("candidates", texts(p.candidates));
  out.set("probabilities", numbers(p.probabilities));
  return out;
}

Value vocabulary(const Trainer& t, const Arguments&) { return texts(t.task().words()); }

Value sample(const Trainer& t, const Arguments& a) { return texts(t.sample(a[0].whole())); }

ModelDeclaration<Trainer> declare_trainer() {
  ModelDeclaration<Trainer> d;
  d.name = "Trainer";
  d.summary =
      "A tiny transformer (attention layers and a read-out) learning which word answers a "
      "question word: an adjective's noun, or the noun 'it' means.";
  d.options = {
      choice("task", &C::task, {"adjectives", "pronouns"},
             "What the model learns: each adjective's noun, or the noun 'it' means."),
      seed(&C::seed),
      integer("layers", &C::layers, 1, 2,
              "Stacked attention layers, each with its own heads, W_O, residual and layer norm."),
      integer("heads", &C::heads, 1, 4, "Attention heads per layer; must divide width."),
      integer("width", &C::width, 4, 32, "Model width d (embedding and residual stream)."),
      learning_rate(&C::lr),
      optimizer(&C::optimizer),
      boolean("layerNorm", &C::layer_norm, "Layer norm after each layer's residual sum."),
      integer("batch", &C::batch, 1, 256, "Sentences per step."),
      number("momentum", &C::momentum, 0, 1, false, true, "Momentum of SGD (Adam ignores it)."),
      number("clip", &C::clip, 0, kUnbounded, false, false,
             "Largest gradient L2 norm; 0 = no clipping."),
  };
  d.methods = {
      {"evaluate",
       "Figures on the held-out sentences (never trained on).",
       {},
       record_field(
           "", "",
           {field("loss", K::Number, "Mean cross-entropy."),
            field("accuracy", K::Number, "Sentences whose most likely answer is right."),
            field("attention", K::Number,
                  "Mean weight from the question word to the word that answers it, last layer, "
                  "over heads."),
            field("headAttention", K::Numbers, "The same per head of the last layer."),
            field("layerAttention", K::Tensor, "The same per layer and head.", "layers x heads")}),
       evaluate},
      {"attention",
       "Every layer's attention weights for a sentence of known words.",
       {kSentence},
       record_field("", "",
                    {field("tokens", K::Texts, "The sentence's words."),
                     field("weights", K::Tensor, "The last layer's: how much word i attends to j.",
                           "heads x n x n"),
                     field("layers", K::Tensor, "Every layer's.", "layers x heads x n x n")}),
       attention},
      {"predict",
       "The model's answer at the sentence's question word (its last adjective, or 'it').",
       {kSentence},
       record_field("", "",
                    {field("tokens", K::Texts, "The sentence's words."),
                     field("position", K::Number, "Where the question word is, from 0."),
                     field("word", K::Text, "The most likely answer."),
                     field("candidates", K::Texts, "The words it chooses among."),
                     field("probabilities", K::Numbers, "Per candidate; they sum to 1.")}),
       predict},
      {"vocabulary",
       "The words the task knows (anything else is an unknown word).",
       {},
       field("", K::Texts, ""),
       vocabulary},
      {"sample",
       "Held-out sentences, for examples on the page.",
       {kSampleSize},
       field("", K::Texts, ""),
       sample},
  };
  return d;
}

}  // namespace

const ModelDeclaration<Trainer>& trainer_declaration() {
  static const ModelDeclaration<Trainer> d = declare_trainer();
  return d;
}

}  // namespace attn::train
