// The translator demo: an encoder-decoder transformer (model.hpp) learning the English -> Hindi
// grammar (grammar.hpp) step by step, and the figures the lesson shows.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attn/train/optimizer.hpp"
#include "attn/train/rng.hpp"
#include "attn/translate/grammar.hpp"
#include "attn/translate/model.hpp"

namespace attn::translate {

// Every field has the demo's default; its range and documentation are declared once, in
// translator_declaration.cpp, and validate() explains any bad value from there.
struct TranslatorConfig {
  std::uint64_t seed = 1;          // same seed, same run (native and wasm alike)
  int layers = 1;                  // encoder layers, and as many decoder layers: 1 or 2
  int heads = 2;                   // per attention block, 1..4
  int width = 32;                  // 4..32, divisible by heads
  double lr = 0.005;               // (0, 10]; the peak, before the decay
  std::string optimizer = "adam";  // "adam" or "sgd"
  int batch = 16;                  // sentence pairs per step, 1..256
  int warmup = 0;                  // steps over which the learning rate rises to lr; 0: none
  // Then the rate falls along a cosine to lr / 10 over `decay` steps, and weight decay fades out
  // with it (train/schedule.hpp): with a constant rate the held-out score fell back after
  // reaching 95% (docs/training-stability.md).
  int decay = 1500;           // 0: lr throughout
  double weight_decay = 0.6;  // 0: none
};

void validate(const TranslatorConfig& config);  // throws std::invalid_argument

// Averaged over the steps of one step(n) call.
struct TranslatorStep {
  long long step = 0;     // steps taken since the last reset
  double loss = 0.0;      // mean cross-entropy per target token
  double accuracy = 0.0;  // target tokens whose most likely word was right (teacher forcing)
};

struct TranslatorEvaluation {
  long long step = 0;
  double train_loss = 0.0, held_out_loss = 0.0;  // per target token, teacher forcing
  double exact_match = 0.0;     // held-out sentences translated (greedily) exactly right
  double token_accuracy = 0.0;  // reference tokens (with <eos>) right at their position
  int held_out_size = 0;
};

// Where the last decoder layer's cross-attention looks, averaged over the held-out sample with
// the reference as the decoder's input; [h] per head.
struct CrossAttentionReport {
  std::vector<double> noun_on_noun;       // a Hindi noun on its English noun
  std::vector<double> verb_on_verb;       // the Hindi verb on its English verb
  std::vector<double> verb_on_subject;    // the Hindi verb on the English subject noun
  std::vector<double> adjective_on_noun;  // a Hindi adjective on the English noun it describes
  // The last decoder layer's masked self-attention: the Hindi verb on the Hindi subject noun
  // written before it (the other place its gender can come from).
  std::vector<double> verb_on_hindi_subject;
};

struct Translation {
  std::vector<std::string> source;             // English tokens
  std::vector<std::string> output, romanized;  // greedy, without <eos>
  std::vector<std::string> reference;          // without <eos>
  std::vector<int> alignment;                  // per reference word: its English word, or -1
  std::vector<std::string> decoder_input;      // <bos>, output without its last word
  std::vector<double> confidence;              // per output word
  int layers = 0, heads = 0;
  // layers x heads x rows x cols, row-major: cross (output x source), encoder_self
  // (source x source), decoder_self (output x output; column j = decoder_input[j]).
  std::vector<double> cross, encoder_self, decoder_self;
};

class Translator {
 public:
  using Config = TranslatorConfig;
  // grammar must outlive the translator (default_grammar() lives as long as the program).
  explicit Translator(TranslatorConfig config = {}, const Grammar& grammar = default_grammar());
  Translator(const Translator&) = delete;
  Translator& operator=(const Translator&) = delete;

  // n steps (1..100000) of batch sentence pairs each. A step whose loss or gradient is not
  // finite throws std::runtime_error and takes the whole call back (parameters, optimiser
  // state, sentence stream and step count as before it).
  TranslatorStep step(int n = 1);
  // On the held-out sample: every k-th held-out sentence, k = ceil(held-out / 200), so at most
  // 200 sentences, the same for every model of one grammar; train_loss on every k-th training
  // sentence likewise.
  TranslatorEvaluation evaluate() const;
  CrossAttentionReport cross_attention_report() const;
  // Greedy translation of a sentence of the grammar (std::invalid_argument from the grammar
  // otherwise), with every attention map.
  Translation translate(const std::string& sentence) const;
  // Greedy decoding: up to max_target_length tokens, stopping after <eos> (included).
  std::vector<int> greedy(const std::vector<int>& source) const;
  // The first k (1..64) training sentences of an even spread over the training set.
  std::vector<const Example*> examples(int k) const;

  void reset(std::uint64_t seed);
  void set_learning_rate(double lr);
  const TranslatorConfig& config() const { return config_; }
  const Grammar& grammar() const { return grammar_; }
  const EncoderDecoderParams& params() const { return params_; }
  long long steps() const { return step_; }

 private:
  std::vector<const Example*> every_kth(const std::vector<Example>& set) const;
  TranslatorConfig config_;
  const Grammar& grammar_;
  EncoderDecoderConfig model_;
  Eigen::MatrixXd position_;
  EncoderDecoderParams params_, grads_, saved_params_;
  std::vector<train::TensorView> param_views_, grad_views_;
  std::unique_ptr<train::Optimizer> optimizer_;
  Workspace workspace_;               // training's, sized for a batch
  mutable Workspace eval_workspace_;  // one sentence at a time
  std::vector<int> input_;
  train::Rng rng_;
  long long step_ = 0;
};

}  // namespace attn::translate
