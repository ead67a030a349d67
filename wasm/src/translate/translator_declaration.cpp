#include "attn/translate/translator_declaration.hpp"

namespace attn::translate {
namespace {

using namespace attn::declare;
using K = ValueKind;
using C = TranslatorConfig;

// A sentence of the grammar has at most 7 words; 200 characters hold any with room to spare.
const Param kSentence = text_param("sentence", "the small girl reads a new book", 200);
const Param kExampleCount = integer_param("example count", 5, 1, 64);

Value evaluate(const Translator& t, const Arguments&) {
  const TranslatorEvaluation e = t.evaluate();
  Value out = record();
  out.set("step", number(static_cast<double>(e.step)));
  out.set("trainLoss", number(e.train_loss));
  out.set("heldOutLoss", number(e.held_out_loss));
  out.set("exactMatch", number(e.exact_match));
  out.set("tokenAccuracy", number(e.token_accuracy));
  out.set("heldOutSize", number(e.held_out_size));
  return out;
}

Value attention_report(const Translator& t, const Arguments&) {
  const CrossAttentionReport r = t.cross_attention_report();
  Value out = record();
  out.set("nounOnNoun", numbers(r.noun_on_noun));
  out.set("verbOnVerb", numbers(r.verb_on_verb));
  out.set("verbOnSubject", numbers(r.verb_on_subject));
  out.set("adjectiveOnNoun", numbers(r.adjective_on_noun));
  out.set("verbOnHindiSubject", numbers(r.verb_on_hindi_subject));
  return out;
}

Value translate(const Translator& t, const Arguments& a) {
  const Translation r = t.translate(a[0].text);
  const int rows = static_cast<int>(r.output.size()), cols = static_cast<int>(r.source.size());
  Value out = record();
  out.set("source", texts(r.source));
  out.set("output", texts(r.output));
  out.set("romanized", texts(r.romanized));
  out.set("reference", texts(r.reference));
  out.set("alignment", numbers(std::vector<double>(r.alignment.begin(), r.alignment.end())));
  out.set("decoderInput", texts(r.decoder_input));
  out.set("confidence", numbers(r.confidence));
  out.set("cross", tensor({r.layers, r.heads, rows, cols}, r.cross));
  out.set("encoderSelf", tensor({r.layers, r.heads, cols, cols}, r.encoder_self));
  out.set("decoderSelf", tensor({r.layers, r.heads, rows, rows}, r.decoder_self));
  return out;
}

Value vocabulary(const Translator& t, const Arguments&) {
  const Grammar& g = t.grammar();
  std::vector<Value> hindi;
  // Target ids 0 and 1 are <bos> and <eos>, no words.
  for (std::size_t i = 2; i < g.target().words.size(); ++i) {
    Value w = record();
    w.set("word", text(g.target().words[i]));
    w.set("roman", text(g.target().roman[i]));
    hindi.push_back(std::move(w));
  }
  Value out = record();
  out.set("english", texts(g.source().words));
  out.set("hindi", records(std::move(hindi)));
  return out;
}

Value examples(const Translator& t, const Arguments& a) {
  const auto& target = t.grammar().target();
  std::vector<Value> list;
  for (const Example* ex : t.examples(a[0].whole())) {
    std::vector<std::string> hindi, roman;
    for (int w : ex->target) {
      if (w == kEos) break;
      hindi.push_back(target.words[static_cast<std::size_t>(w)]);
      roman.push_back(target.roman[static_cast<std::size_t>(w)]);
    }
    Value e = record();
    e.set("english", text(t.grammar().source_text(ex->source)));
    e.set("hindi", texts(std::move(hindi)));
    e.set("romanized", texts(std::move(roman)));
    list.push_back(std::move(e));
  }
  return records(std::move(list));
}

const char* kPerHead = "Per head of the last decoder layer, over the held-out sample.";

ModelDeclaration<Translator> declare_translator() {
  ModelDeclaration<Translator> d;
  d.name = "Translator";
  d.summary = "An encoder-decoder transformer learning the site's small English -> Hindi grammar.";
  d.options = {
      seed(&C::seed),
      integer("layers", &C::layers, 1, 2, "Encoder layers, and as many decoder layers."),
      integer("heads", &C::heads, 1, 4, "Heads per attention block; must divide width."),
      integer("width", &C::width, 4, 32, "Model width d (embeddings and residual stream)."),
      learning_rate(&C::lr),
      optimizer(&C::optimizer),
      integer("batch", &C::batch, 1, 256, "Sentence pairs per step."),
      integer("warmup", &C::warmup, 0, 100000,
              "Steps over which the learning rate rises linearly to lr; 0: lr from the first."),
      integer("decay", &C::decay, 0, 100000,
              "Steps after the warm-up over which the learning rate falls along a cosine to lr / "
              "10, where it stays; 0: lr throughout."),
      number("weightDecay", &C::weight_decay, 0, 1, false, false,
             "Each step multiplies every weight by 1 - weightDecay * lr * c, c falling with the "
             "cosine from 1 to 0 (1 throughout when decay is 0); 0: no weight decay."),
  };
  d.methods = {
      {"evaluate",
       "Figures on the held-out sample (at most 200 sentences, never trained on).",
       {},
       record_field(
           "", "",
           {field("step", K::Number, "Steps since the last reset."),
            field("trainLoss", K::Number, "Cross-entropy per target token, training sample."),
            field("heldOutLoss", K::Number, "The same on the held-out sample."),
            field("exactMatch", K::Number, "Held-out sentences translated exactly right."),
            field("tokenAccuracy", K::Number, "Reference tokens right at their position."),
            field("heldOutSize", K::Number, "Sentences in the held-out sample.")}),
       evaluate},
      {"attentionReport",
       "Where the last decoder layer looks, per head, averaged over the held-out sample.",
       {},
       record_field(
           "", "",
           {field("nounOnNoun", K::Numbers, kPerHead), field("verbOnVerb", K::Numbers, kPerHead),
            field("verbOnSubject", K::Numbers, kPerHead),
            field("adjectiveOnNoun", K::Numbers, kPerHead),
            field("verbOnHindiSubject", K::Numbers,
                  "Masked self-attention: the Hindi verb on the Hindi subject.")}),
       attention_report},
      {"translate",
       "The greedy translation of an English sentence of the grammar, with every attention map.",
       {kSentence},
       record_field(
           "", "",
           {field("source", K::Texts, "The English words."),
            field("output", K::Texts, "The Hindi written, without <eos>."),
            field("romanized", K::Texts, "The same in Latin letters."),
            field("reference", K::Texts, "The grammar's own translation."),
            field("alignment", K::Numbers, "Per reference word: its English word, or -1."),
            field("decoderInput", K::Texts, "<bos>, then the output without its last word."),
            field("confidence", K::Numbers, "Per output word: its probability."),
            field("cross", K::Tensor, "Cross-attention.", "layers x heads x output x source"),
            field("encoderSelf", K::Tensor, "Encoder self-attention.",
                  "layers x heads x source x source"),
            field("decoderSelf", K::Tensor, "Masked decoder self-attention.",
                  "layers x heads x output x output")}),
       translate},
      {"vocabulary",
       "The words the model reads and writes.",
       {},
       record_field("", "",
                    {field("english", K::Texts, "English words."),
                     records_field("hindi", "Hindi words.",
                                   {field("word", K::Text, "In Devanagari."),
                                    field("roman", K::Text, "In Latin letters.")})}),
       vocabulary},
      {"examples",
       "Training sentences with their Hindi, spread over the training set.",
       {kExampleCount},
       records_field("", "",
                     {field("english", K::Text, "The sentence."),
                      field("hindi", K::Texts, "Its translation."),
                      field("romanized", K::Texts, "The same in Latin letters.")}),
       examples},
  };
  return d;
}

}  // namespace

const ModelDeclaration<Translator>& translator_declaration() {
  static const ModelDeclaration<Translator> d = declare_translator();
  return d;
}

}  // namespace attn::translate
