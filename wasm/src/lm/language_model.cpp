#include "attn/lm/language_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "attn/lm/induction_task.hpp"
#include "attn/lm/kv_cache.hpp"
#include "attn/lm/language_model_declaration.hpp"
#include "attn/multi_head.hpp"
#include "attn/rope.hpp"
#include "attn/train/training_loop.hpp"

namespace attn::lm {

namespace {

// Gradients are clipped to this L2 norm, as the other models' default.
constexpr double kClip = 1.0;
constexpr int kProbes = 16;
constexpr std::uint64_t kProbeSeed = 0x0150770e;

Eigen::Index argmax(const Eigen::Ref<const Eigen::VectorXd>& v) {
  Eigen::Index best = 0;
  v.maxCoeff(&best);
  return best;
}

// <bos> s s (s s without <bos>) with s distinct random tokens (never <bos> or an end token), as
// long as fits.
std::vector<std::vector<int>> probes(const LmTask& task) {
  const int vocab = static_cast<int>(task.vocabulary().size());
  std::vector<int> pool;
  for (int t = 0; t < vocab; ++t)
    if (t != kBos && t != task.eos()) pool.push_back(t);
  const int letters = task.context() - (task.bos() ? 1 : 0);
  const int L = std::min({16, letters / 2, static_cast<int>(pool.size())});
  train::Rng rng(kProbeSeed);
  std::vector<std::vector<int>> out(kProbes);
  for (auto& s : out) {
    for (int i = 0; i < L; ++i)
      std::swap(
          pool[static_cast<std::size_t>(i)],
          pool[static_cast<std::size_t>(i) + rng.below(pool.size() - static_cast<std::size_t>(i))]);
    if (task.bos()) s.push_back(kBos);
    for (int r = 0; r < 2; ++r) s.insert(s.end(), pool.begin(), pool.begin() + L);
  }
  return out;
}

PositionKind position_kind(const std::string& name) {
  if (name == "sinusoidal") return PositionKind::Sinusoidal;
  if (name == "rope") return PositionKind::Rope;
  if (name == "none") return PositionKind::None;
  return PositionKind::Learned;  // the declaration allows no other
}

// A score per layer and head, every one 0: [l][h].
std::vector<std::vector<double>> per_head(const DecoderConfig& c) {
  return std::vector<std::vector<double>>(static_cast<std::size_t>(c.layers),
                                          std::vector<double>(static_cast<std::size_t>(c.heads)));
}

void divide(std::vector<std::vector<double>>& scores, double by) {
  for (auto& layer : scores)
    for (double& x : layer) x = by > 0 ? x / by : 0.0;
}

}  // namespace

void validate(const LanguageModelConfig& c) {
  declare::check_options(language_model_declaration().options, c);
  if (c.width % c.heads != 0)
    throw std::invalid_argument("width " + std::to_string(c.width) + " is not divisible by heads " +
                                std::to_string(c.heads) +
                                " (each head gets width / heads columns)");
  if (c.kv_heads != 0) check_kv_heads(c.heads, c.kv_heads);
  // The declared range lets through a base so small that its frequencies overflow.
  rope_frequencies(c.width / c.heads, c.rope_base, "ropeBase");
}

LanguageModel::LanguageModel(LanguageModelConfig config) : config_(std::move(config)) {
  validate(config_);
  task_ = make_lm_task(config_.task, {config_.length, config_.bos});
  model_.vocab = static_cast<int>(task_->vocabulary().size());
  model_.width = config_.width;
  model_.heads = config_.heads;
  model_.layers = config_.layers;
  model_.feed_forward = !config_.attention_only;
  model_.layer_norm = config_.layer_norm;
  model_.positions = position_kind(config_.positions);
  model_.rope_base = config_.rope_base;
  model_.kv_heads = config_.kv_heads;
  model_.softmax = config_.softmax == "plusOne" ? SoftmaxKind::PlusOne : SoftmaxKind::Standard;
  // The induction task's model holds twice its letters, so that evaluate_at can ask it for
  // copies longer than it trained on.
  const bool induction = dynamic_cast<const InductionTask*>(task_.get()) != nullptr;
  model_.max_length = induction ? task_->context() + config_.length : task_->context();
  workspace_ = DecoderWorkspace(model_, config_.batch, task_->context());
  eval_workspace_ = DecoderWorkspace(model_, 0);
  reset(config_.seed);
}

void LanguageModel::reset(std::uint64_t seed) {
  config_.seed = seed;
  rng_ = train::Rng(seed);
  params_ = init_params(model_, rng_);
  grads_ = zeros_like(params_);
  param_views_ = tensors(params_);
  grad_views_ = tensors(grads_);
  optimizer_ = train::make_optimizer(config_.optimizer, config_.lr);
  step_ = 0;
}

void LanguageModel::set_learning_rate(double lr) {
  train::check_learning_rate(lr);
  optimizer_->set_learning_rate(lr);
  config_.lr = lr;
}

void LanguageModel::ablate(int layer, int head) {
  if (layer < 0 || layer >= model_.layers)
    throw std::invalid_argument("layer must be 0 to " + std::to_string(model_.layers - 1) +
                                ", got " + std::to_string(layer));
  if (head < 0 || head >= model_.heads)
    throw std::invalid_argument("head must be 0 to " + std::to_string(model_.heads - 1) + ", got " +
                                std::to_string(head));
  ablation_.resize(static_cast<std::size_t>(model_.layers * model_.heads), 0);
  ablation_[static_cast<std::size_t>(layer * model_.heads + head)] = 1;
}

void LanguageModel::restore() { ablation_.clear(); }

LmStep LanguageModel::step(int n) {
  double loss_sum = 0.0, correct = 0.0, predicted = 0.0;
  const double weight = 1.0 / config_.batch;
  train::step_all_or_nothing(
      n, params_, saved_params_, *optimizer_, rng_, step_, param_views_, grad_views_, kClip, [&] {
        double batch_loss = 0.0;
        for (int b = 0; b < config_.batch; ++b) {
          task_->sample(rng_, sequence_);
          const auto& s = sequence_;
          batch_loss += forward(model_, params_, s.tokens, &s.targets, ablation_, workspace_);
          backward(model_, params_, s.tokens, s.targets, ablation_, weight, grads_, workspace_);
          for (std::size_t i = 0; i < s.tokens.size(); ++i) {
            if (s.targets[i] < 0) continue;
            predicted += 1.0;
            correct += argmax(workspace_.probs.col(static_cast<Eigen::Index>(i))) == s.targets[i];
          }
        }
        add_weight_gradients(workspace_, grads_);
        loss_sum += batch_loss * weight;
        return batch_loss * weight;
      });
  return {step_, loss_sum / n, predicted > 0 ? correct / predicted : 0.0};
}

LmEvaluation LanguageModel::evaluate() const { return evaluate_on(task_->held_out()); }

LmEvaluation LanguageModel::evaluate_at(int length) const {
  const auto* task = dynamic_cast<const InductionTask*>(task_.get());
  if (task == nullptr)
    throw std::invalid_argument("evaluateAt: the " + task_->name() +
                                " task has no length to vary; create the model with task "
                                "'induction'");
  const int longest = std::min(2 * config_.length, InductionTask::kMaxLength);
  if (length < InductionTask::kMinLength || length > longest)
    throw std::invalid_argument(
        "evaluateAt: length must be " + std::to_string(InductionTask::kMinLength) + " to " +
        std::to_string(longest) + " (twice the " + std::to_string(config_.length) +
        " letters trained on, which the context holds), got " + std::to_string(length));
  return evaluate_on(task->held_out_at(length));
}

LmEvaluation LanguageModel::evaluate_on(const std::vector<Sequence>& sequences) const {
  LmEvaluation e;
  double copies = 0.0, copied = 0.0, others = 0.0, right = 0.0, predicted = 0.0;
  for (const Sequence& s : sequences) {
    const double loss = forward(model_, params_, s.tokens, &s.targets, ablation_, eval_workspace_);
    double scored = 0.0;
    for (std::size_t i = 0; i < s.tokens.size(); ++i) {
      if (s.targets[i] < 0) continue;
      scored += 1.0;
      const bool ok =
          argmax(eval_workspace_.probs.col(static_cast<Eigen::Index>(i))) == s.targets[i];
      if (s.repeated[i]) {
        copies += 1.0;
        copied += ok;
      } else {
        others += 1.0;
        right += ok;
      }
    }
    e.loss += loss * scored;
    predicted += scored;
  }
  e.loss /= predicted;
  e.copy_accuracy = copies > 0 ? copied / copies : 0.0;
  e.accuracy = others > 0 ? right / others : 0.0;
  e.chance = 1.0 / static_cast<double>(task_->vocabulary().size() - 1);  // <bos> never follows
  return e;
}

SinkScores LanguageModel::sink_scores() const {
  SinkScores out{per_head(model_), per_head(model_)};
  double positions = 0.0;
  std::vector<char> seen(task_->vocabulary().size());
  for (const Sequence& s : task_->held_out()) {
    forward(model_, params_, s.tokens, nullptr, ablation_, eval_workspace_);
    std::fill(seen.begin(), seen.end(), 0);
    seen[static_cast<std::size_t>(s.tokens[0])] = 1;
    for (std::size_t i = 1; i < s.tokens.size(); ++i) {
      char& before = seen[static_cast<std::size_t>(s.tokens[i])];
      if (before) continue;  // an earlier copy to match: something to attend to
      before = 1;
      positions += 1.0;
      const Eigen::Index q = static_cast<Eigen::Index>(i);
      for (std::size_t l = 0; l < out.total.size(); ++l)
        for (std::size_t h = 0; h < out.total[l].size(); ++h) {
          const Eigen::MatrixXd& A = eval_workspace_.layers[l].attention.heads[h].A;  // A(j, i)
          out.first_token[l][h] += A(0, q);
          out.total[l][h] += A.col(q).head(q + 1).sum();
        }
    }
  }
  divide(out.first_token, positions);
  divide(out.total, positions);
  return out;
}

HeadScores LanguageModel::head_scores() const {
  const std::size_t layers = static_cast<std::size_t>(model_.layers),
                    heads = static_cast<std::size_t>(model_.heads);
  HeadScores out{per_head(model_), per_head(model_)};
  const auto list = probes(*task_);
  for (const auto& s : list) {
    forward(model_, params_, s, nullptr, ablation_, eval_workspace_);
    const Eigen::Index o = task_->bos() ? 1 : 0, n = static_cast<Eigen::Index>(s.size()),
                       L = (n - o) / 2;
    for (std::size_t l = 0; l < layers; ++l)
      for (std::size_t h = 0; h < heads; ++h) {
        const Eigen::MatrixXd& A = eval_workspace_.layers[l].attention.heads[h].A;  // A(j, i)
        double prefix = 0.0, previous = 0.0;
        // Token o + L + k repeats token o + k; the one after its earlier occurrence is
        // o + k + 1.
        for (Eigen::Index k = 0; k + 1 < L; ++k) prefix += A(o + k + 1, o + L + k);
        for (Eigen::Index i = 1; i < n; ++i) previous += A(i - 1, i);
        out.prefix_matching[l][h] += L > 1 ? prefix / static_cast<double>(L - 1) : 0.0;
        out.previous_token[l][h] += previous / static_cast<double>(n - 1);
      }
  }
  divide(out.prefix_matching, static_cast<double>(list.size()));
  divide(out.previous_token, static_cast<double>(list.size()));
  return out;
}

AttentionMaps LanguageModel::attention(const std::vector<int>& tokens) const {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
  forward(model_, params_, tokens, nullptr, ablation_, eval_workspace_);
  AttentionMaps out;
  for (int t : tokens) out.tokens.push_back(task_->token(t));
  out.layers = model_.layers;
  out.heads = model_.heads;
  out.weights.reserve(static_cast<std::size_t>(model_.layers * model_.heads * n * n));
  for (const auto& layer : eval_workspace_.layers)
    for (const auto& head : layer.attention.heads)
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) out.weights.push_back(head.A(j, i));
  return out;
}

std::vector<double> LanguageModel::next(const std::vector<int>& tokens) const {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
  forward(model_, params_, tokens, nullptr, ablation_, eval_workspace_);
  const auto p = eval_workspace_.probs.col(n - 1);
  return std::vector<double>(p.data(), p.data() + p.size());
}

Generation LanguageModel::generate(const std::vector<int>& prompt, const GenerateOptions& o) const {
  const int context = task_->context();
  if (prompt.empty() || static_cast<int>(prompt.size()) > context)
    throw std::invalid_argument("the prompt must hold 1 to " + std::to_string(context) + " tokens");
  train::Rng rng(o.seed);
  Generation out;
  std::vector<int> tokens = prompt;
  KvCache cache(model_);
  std::vector<double> logits(static_cast<std::size_t>(model_.vocab));
  std::size_t fed = 0;  // tokens the cache has seen
  while (static_cast<int>(out.tokens.size()) < o.max_tokens &&
         static_cast<int>(tokens.size()) < context) {
    GenerationStep step;
    step.position = static_cast<int>(tokens.size()) - 1;
    if (o.cache) {
      for (; fed < tokens.size(); ++fed) {
        const Eigen::VectorXd& l = cache.push(params_, tokens[fed], ablation_);
        step.multiply_adds += cache.multiply_adds();
        std::copy(l.data(), l.data() + l.size(), logits.begin());
      }
      step.cache_entries = cache.entries();
    } else {
      // Everything again: the whole prefix through the forward pass.
      const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
      forward(model_, params_, tokens, nullptr, ablation_, eval_workspace_);
      const auto l = eval_workspace_.logits.col(n - 1);
      std::copy(l.data(), l.data() + l.size(), logits.begin());
      step.multiply_adds = forward_multiply_adds(model_, n);
    }
    step.unfiltered = softmax_with_temperature(logits, 1.0);
    step.probabilities = filtered_distribution(logits, o.sampling);
    step.token = draw(step.probabilities, rng);
    tokens.push_back(step.token);
    out.tokens.push_back(step.token);
    out.steps.push_back(std::move(step));
    if (out.tokens.back() == task_->eos()) break;
  }
  return out;
}

}  // namespace attn::lm
