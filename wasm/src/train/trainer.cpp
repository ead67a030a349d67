#include "attn/train/trainer.hpp"

#include <cmath>
#include <set>
#include <stdexcept>

#include "attn/positional_encoding.hpp"
#include "attn/train/trainer_declaration.hpp"

namespace attn::train {

void validate(const TrainerConfig& c) {
  declare::check_options(trainer_declaration().options, c);
  validate_shape(c.layers, c.heads, c.width);  // what one option asks of another
}

Trainer::Trainer(TrainerConfig config) : config_(std::move(config)) {
  validate(config_);
  task_ = make_task(config_.task);
  model_.vocab = static_cast<int>(task_->words().size());
  model_.classes = static_cast<int>(task_->answers().size());
  model_.width = config_.width;
  model_.heads = config_.heads;
  model_.layers = config_.layers;
  model_.layer_norm = config_.layer_norm;
  model_.max_length = static_cast<int>(task_->max_length());
  position_ = attn::positional_encoding(model_.max_length, model_.width);
  workspace_ = ModelWorkspace(model_, config_.batch, 1);
  example_.tokens.reserve(task_->max_length());
  reset(config_.seed);
}

void Trainer::reset(std::uint64_t seed) {
  config_.seed = seed;
  rng_ = Rng(seed);
  params_ = init_params(model_, rng_);
  grads_ = zeros_like(params_);
  param_views_ = tensors(params_);
  grad_views_ = tensors(grads_);
  optimizer_ = make_optimizer(config_.optimizer, config_.lr, config_.momentum);
  step_ = 0;
}

void Trainer::set_learning_rate(double lr) {
  check_learning_rate(lr);
  optimizer_->set_learning_rate(lr);
  config_.lr = lr;
}

StepStats Trainer::step(int n) {
  double loss_sum = 0.0, correct = 0.0;
  const double weight = 1.0 / config_.batch;
  step_all_or_nothing(n, params_, saved_params_, *optimizer_, rng_, step_, param_views_,
                      grad_views_, config_.clip > 0.0 ? config_.clip : INFINITY, [&] {
                        double batch_loss = 0.0;
                        for (int b = 0; b < config_.batch; ++b) {
                          const TaskExample& ex = example_;
                          task_->sample_train(rng_, example_);
                          // The loss reads the question's token only, so only it is a query
                          // (model.hpp). Scores that overflow make the loss NaN, which
                          // step_all_or_nothing reports.
                          const Queries only{ex.query, 1};
                          batch_loss += model_forward(model_, params_, position_, ex.tokens, only,
                                                      ex.query, ex.target, workspace_);
                          model_backward(model_, params_, ex.tokens, only, ex.query, ex.target,
                                         weight, grads_, workspace_);
                          Eigen::Index guess = 0;
                          workspace_.probs.maxCoeff(&guess);
                          correct += (guess == ex.target) ? 1.0 : 0.0;
                        }
                        add_weight_gradients(workspace_, grads_);
                        loss_sum += batch_loss * weight;
                        return batch_loss;
                      });
  return {step_, loss_sum / n, correct / (static_cast<double>(n) * config_.batch)};
}

EvalStats Trainer::evaluate() const {
  EvalStats out;
  out.layer_attention.assign(static_cast<std::size_t>(model_.layers),
                             std::vector<double>(static_cast<std::size_t>(model_.heads), 0.0));
  ModelWorkspace ws(model_, 0, 1);
  const auto& set = task_->heldout();
  for (const auto& ex : set) {
    out.loss += model_forward(model_, params_, position_, ex.tokens, Queries{ex.query, 1}, ex.query,
                              ex.target, ws);
    Eigen::Index guess = 0;
    ws.probs.maxCoeff(&guess);
    out.accuracy += (guess == ex.target) ? 1.0 : 0.0;
    // The last layer's one query is the question's token; a lower layer's queries are every
    // token, so its column for the question is the question's position.
    for (std::size_t l = 0; l < ws.layers.size(); ++l) {
      const Eigen::Index column = l + 1 == ws.layers.size() ? 0 : ex.query;
      for (std::size_t h = 0; h < ws.layers[l].attention.heads.size(); ++h)
        out.layer_attention[l][h] += ws.layers[l].attention.heads[h].A(ex.answer, column);
    }
  }
  const double count = static_cast<double>(set.size());
  out.loss /= count;
  out.accuracy /= count;
  for (auto& layer : out.layer_attention)
    for (auto& a : layer) a /= count;
  for (double a : out.layer_attention.back()) out.attention += a / model_.heads;
  return out;
}

AttentionMap Trainer::attention(const std::string& sentence) const {
  const std::vector<int> tokens = task_->tokenize(sentence);
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
  ModelWorkspace ws(model_, 0, model_.max_length);
  // Every token is a query here; the read-out token does not matter for the weights.
  model_forward(model_, params_, position_, tokens, Queries{0, n}, 0, -1, ws);
  AttentionMap out;
  for (int t : tokens) out.tokens.push_back(task_->word(t));
  out.layers = model_.layers;
  out.heads = model_.heads;
  out.weights.reserve(static_cast<std::size_t>(model_.layers * model_.heads * n * n));
  for (const auto& layer : ws.layers)
    for (const auto& head : layer.attention.heads)
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) out.weights.push_back(head.A(j, i));
  return out;
}

Prediction Trainer::predict(const std::string& sentence) const {
  const std::vector<int> tokens = task_->tokenize(sentence);
  Prediction out;
  out.query = task_->query_position(tokens);
  ModelWorkspace ws(model_, 0, 1);
  model_forward(model_, params_, position_, tokens, Queries{out.query, 1}, out.query, -1, ws);
  for (int t : tokens) out.tokens.push_back(task_->word(t));
  out.candidates = task_->answers();
  out.probabilities.assign(ws.probs.data(), ws.probs.data() + ws.probs.size());
  Eigen::Index best = 0;
  ws.probs.maxCoeff(&best);
  out.word = out.candidates[static_cast<std::size_t>(best)];
  return out;
}

std::vector<std::string> Trainer::sample(int k) const {
  if (k < 1 || k > 64) throw std::invalid_argument("sample size must be 1 to 64");
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& ex : task_->heldout()) {
    if (static_cast<int>(out.size()) == k) break;
    std::string s = task_->text(ex.tokens);
    if (seen.insert(s).second) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace attn::train
