// The language-model demo: a decoder-only transformer (model.hpp) learning a task (induction or
// sentences) step by step, and what the lessons show of it: attention maps, induction and
// previous-token head scores, ablation, next-token distributions and sampled continuations
// with or without a key-value cache.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attn/lm/model.hpp"
#include "attn/lm/sampling.hpp"
#include "attn/lm/task.hpp"
#include "attn/train/optimizer.hpp"
#include "attn/train/rng.hpp"

namespace attn::lm {

// Every field has the demo's default; ranges and documentation are declared once, in
// language_model_declaration.cpp.
struct LanguageModelConfig {
  std::string task = "induction";  // "induction" or "sentences"
  std::uint64_t seed = 1;
  int layers = 2;              // 1..4
  int heads = 2;               // per layer, 1..4
  int width = 32;              // 8..64, divisible by heads
  bool attention_only = true;  // no feed-forward sublayers
  bool layer_norm = false;
  double lr = 0.01;                   // (0, 10]
  std::string optimizer = "adam";     // "adam" or "sgd"
  int batch = 16;                     // sequences per step, 1..64
  std::string positions = "learned";  // "learned", "sinusoidal", "rope" or "none"
  double rope_base = 10000;           // RoPE's base, > 0
  int kv_heads = 0;                   // key/value heads per layer, dividing heads; 0: heads
  std::string softmax = "standard";   // "standard" or "plusOne"
  bool bos = true;                    // sequences start with <bos>
  int length = 32;                    // the induction task's letters per sequence, 8..32
};

void validate(const LanguageModelConfig& config);  // throws std::invalid_argument

struct LmStep {
  long long step = 0;
  double loss = 0.0;      // mean cross-entropy per predicted token
  double accuracy = 0.0;  // predicted tokens whose most likely value was right
};

struct LmEvaluation {
  double loss = 0.0;           // on the held-out sequences, per predicted token
  double copy_accuracy = 0.0;  // on the repeated part (0 when the task has none)
  double accuracy = 0.0;       // everywhere else
  double chance = 0.0;         // 1 / the tokens a prediction chooses among
};

// Where heads put their weight when there is nothing to copy (attention sinks, Xiao et al.,
// 2023): on the held-out sequences, at the positions after the first whose token occurs nowhere
// earlier, the mean weight on the first token (<bos>, when the model has it) and the mean total
// weight (1 with the standard softmax, less with softmax plus one). [l][h].
struct SinkScores {
  std::vector<std::vector<double>> first_token, total;
};

// Olsson et al. (2022), on sequences of distinct random tokens repeated once (<bos> s s):
// prefix matching = mean weight from a token of the repeat to the token after its earlier
// occurrence; previous token = mean weight from each token to the one before it. [l][h].
struct HeadScores {
  std::vector<std::vector<double>> prefix_matching, previous_token;
};

struct AttentionMaps {
  std::vector<std::string> tokens;
  int layers = 0, heads = 0;
  std::vector<double> weights;  // layers x heads x n x n: [l][h][i][j], i attends to j
};

struct GenerateOptions {
  int max_tokens = 16;
  SamplingOptions sampling;
  std::uint64_t seed = 1;
  bool cache = true;
};

struct GenerationStep {
  int token = 0;
  int position = 0;                   // the position whose next token was drawn
  std::vector<double> probabilities;  // after the filters
  std::vector<double> unfiltered;     // softmax of the logits
  std::int64_t cache_entries = 0;     // numbers held in the cache after the step (0 without)
  std::int64_t multiply_adds = 0;     // what the step's logits cost (step 0: the whole prompt)
};

struct Generation {
  std::vector<int> tokens;  // the new ones; stops after <eos> or when the context is full
  std::vector<GenerationStep> steps;
};

class LanguageModel {
 public:
  using Config = LanguageModelConfig;
  explicit LanguageModel(LanguageModelConfig config = {});
  LanguageModel(const LanguageModel&) = delete;
  LanguageModel& operator=(const LanguageModel&) = delete;

  // n steps of `batch` sequences, all or nothing as every model's (train::step_all_or_nothing).
  LmStep step(int n = 1);
  LmEvaluation evaluate() const;
  // evaluate() on held-out induction sequences of `length` letters (8 to twice the training
  // length, which the context holds); the training length gives evaluate()'s figures. With
  // learned positions, those past the trained ones keep their initial values (the sinusoidal
  // encoding), never trained. std::invalid_argument for the sentences task or a length outside.
  LmEvaluation evaluate_at(int length) const;
  HeadScores head_scores() const;
  SinkScores sink_scores() const;
  AttentionMaps attention(const std::vector<int>& tokens) const;
  // The next-token distribution after tokens (vocabulary order).
  std::vector<double> next(const std::vector<int>& tokens) const;
  Generation generate(const std::vector<int>& prompt, const GenerateOptions& options) const;

  // Head h of layer l gives zeros from now on (forward, and backward while training); restore()
  // gives every head back. std::invalid_argument outside the model's layers and heads.
  void ablate(int layer, int head);
  void restore();
  const Ablation& ablation() const { return ablation_; }

  void reset(std::uint64_t seed);
  void set_learning_rate(double lr);
  const LanguageModelConfig& config() const { return config_; }
  // The longest sequence the task trains on and a prompt may have (<bos> included); the model
  // itself holds twice the induction task's letters, for evaluate_at.
  int context() const { return task_->context(); }
  const DecoderConfig& shape() const { return model_; }
  const LmTask& task() const { return *task_; }
  const DecoderParams& params() const { return params_; }
  long long steps() const { return step_; }

 private:
  LmEvaluation evaluate_on(const std::vector<Sequence>& sequences) const;
  LanguageModelConfig config_;
  std::unique_ptr<LmTask> task_;
  DecoderConfig model_;
  DecoderParams params_, grads_, saved_params_;
  std::vector<train::TensorView> param_views_, grad_views_;
  std::unique_ptr<train::Optimizer> optimizer_;
  DecoderWorkspace workspace_;
  mutable DecoderWorkspace eval_workspace_;
  Sequence sequence_;
  Ablation ablation_;
  train::Rng rng_;
  long long step_ = 0;
};

}  // namespace attn::lm
