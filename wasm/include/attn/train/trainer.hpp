// The training demo: a tiny transformer learning a task step by step.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attn/train/model.hpp"
#include "attn/train/optimizer.hpp"
#include "attn/train/params.hpp"
#include "attn/train/rng.hpp"
#include "attn/train/task.hpp"
#include "attn/train/training_loop.hpp"

namespace attn::train {

// Every field has the demo's default; its range and documentation are declared once, in
// trainer_declaration.cpp, and validate() explains any bad value from there.
struct TrainerConfig {
  std::string task = "adjectives";  // "adjectives" or "pronouns"
  std::uint64_t seed = 1;           // same seed, same run (native and wasm alike)
  int layers = 1;                   // 1 or 2 stacked attention layers
  int heads = 1;                    // per layer, 1..4
  int width = 16;                   // 4..32, divisible by heads
  double lr = 0.01;                 // (0, 10]
  std::string optimizer = "adam";   // "adam" or "sgd"
  bool layer_norm = false;
  int batch = 32;         // sentences per step, 1..256
  double momentum = 0.0;  // sgd only, [0, 1)
  double clip = 1.0;      // max gradient L2 norm; 0 = no clipping
};

void validate(const TrainerConfig& config);  // throws std::invalid_argument

// Figures of the training batches, averaged over the steps of one step(n) call.
struct StepStats {
  long long step = 0;     // steps taken since the last reset
  double loss = 0.0;      // mean cross-entropy
  double accuracy = 0.0;  // fraction of sentences whose most likely answer was right
};

// Figures on the task's held-out sentences (fixed, never trained on).
struct EvalStats {
  double loss = 0.0;
  double accuracy = 0.0;
  // Mean attention weight from the question word to the word that answers it
  // (adjective -> its noun, "it" -> the right noun) in the last layer, averaged over heads and
  // sentences.
  double attention = 0.0;
  // The same per layer and head, not averaged over heads: layer_attention[l][h].
  std::vector<std::vector<double>> layer_attention;
};

struct AttentionMap {
  std::vector<std::string> tokens;
  int layers = 0, heads = 0;
  // layers x heads x n x n, row-major: weights[((l * heads + h) * n + i) * n + j] = how much
  // token i attends to token j in head h of layer l
  std::vector<double> weights;
};

struct Prediction {
  std::vector<std::string> tokens;
  int query = 0;     // position the question is asked at
  std::string word;  // most likely answer
  std::vector<std::string> candidates;
  std::vector<double> probabilities;  // over candidates, sum 1
};

class Trainer {
 public:
  using Config = TrainerConfig;
  explicit Trainer(TrainerConfig config = {});
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // n steps (1..100000) of batch sentences each. If a step's loss or gradient is not finite
  // (learning rate too high) it throws std::runtime_error and takes the whole call back:
  // parameters, optimiser state, sentence stream and step count are as before the call, so no
  // NaN ever reaches the page and the curve the learner saw stays true.
  StepStats step(int n = 1);
  EvalStats evaluate() const;
  // Every layer's and head's attention weights for a sentence of known words.
  AttentionMap attention(const std::string& sentence) const;
  // The answer at the sentence's question word (its last adjective / "it").
  Prediction predict(const std::string& sentence) const;
  // Fresh parameters, optimiser state and sentence stream from seed; step count 0.
  void reset(std::uint64_t seed);
  void set_learning_rate(double lr);

  // The first k distinct held-out sentences (1 <= k <= 64).
  std::vector<std::string> sample(int k) const;
  const TrainerConfig& config() const { return config_; }
  const Task& task() const { return *task_; }
  const ClassifierParams& params() const { return params_; }
  long long steps() const { return step_; }

 private:
  TrainerConfig config_;
  std::unique_ptr<Task> task_;
  ClassifierConfig model_;
  Eigen::MatrixXd position_;  // max_length x width positional encoding
  ClassifierParams params_, grads_;
  ClassifierParams saved_params_;  // params_ at the start of a multi-step call, for taking it back
  std::vector<TensorView> param_views_, grad_views_;
  std::unique_ptr<Optimizer> optimizer_;
  // Reused by every sentence of every step; sized by the model, never by a sentence, so the
  // heap holds the same bytes between calls (the leak tests compare it across runs).
  ModelWorkspace workspace_;
  TaskExample example_;
  Rng rng_;
  long long step_ = 0;
};

}  // namespace attn::train
