#include "attn/translate/translator.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "attn/positional_encoding.hpp"
#include "attn/train/schedule.hpp"
#include "attn/train/training_loop.hpp"
#include "attn/translate/translator_declaration.hpp"

namespace attn::translate {

namespace {

constexpr std::size_t kSampleSize = 200;
// Gradients are clipped to this L2 norm, as the trainer's default.
constexpr double kClip = 1.0;

EncoderDecoderConfig model_config(const TranslatorConfig& c, const Grammar& g) {
  EncoderDecoderConfig m;
  m.source_vocab = static_cast<int>(g.source().words.size());
  m.target_vocab = static_cast<int>(g.target().words.size());
  m.width = c.width;
  m.heads = c.heads;
  m.layers = c.layers;
  m.max_source = g.max_source_length();
  m.max_target = g.max_target_length();
  return m;
}

Eigen::Index argmax(const Eigen::Ref<const Eigen::VectorXd>& v) {
  Eigen::Index best = 0;
  v.maxCoeff(&best);
  return best;
}

}  // namespace

void validate(const TranslatorConfig& c) {
  declare::check_options(translator_declaration().options, c);
  train::validate_shape(c.layers, c.heads, c.width);  // what one option asks of another
}

Translator::Translator(TranslatorConfig config, const Grammar& grammar)
    : config_(std::move(config)), grammar_(grammar) {
  validate(config_);
  model_ = model_config(config_, grammar_);
  position_ =
      attn::positional_encoding(std::max(model_.max_source, model_.max_target), model_.width);
  workspace_ = Workspace(model_, config_.batch);
  eval_workspace_ = Workspace(model_, 0);
  reset(config_.seed);
}

void Translator::reset(std::uint64_t seed) {
  config_.seed = seed;
  rng_ = train::Rng(seed);
  params_ = init_params(model_, rng_);
  grads_ = zeros_like(params_);
  param_views_ = tensors(params_);
  grad_views_ = tensors(grads_);
  optimizer_ = train::make_optimizer(config_.optimizer, config_.lr);
  step_ = 0;
}

void Translator::set_learning_rate(double lr) {
  train::check_learning_rate(lr);
  optimizer_->set_learning_rate(lr);
  config_.lr = lr;
}

TranslatorStep Translator::step(int n) {
  const auto& training = grammar_.training();
  double loss_sum = 0.0, correct = 0.0, tokens = 0.0;
  const double weight = 1.0 / config_.batch;
  // All or nothing, as the trainer's step (train::step_all_or_nothing).
  train::step_all_or_nothing(
      n, params_, saved_params_, *optimizer_, rng_, step_, param_views_, grad_views_, kClip, [&] {
        // Step step_ + 1's rates: warm-up, cosine decay, weight decay (train/schedule.hpp).
        const train::StepRates rates = train::scheduled_rates(config_.lr, step_ + 1, config_.warmup,
                                                              config_.decay, config_.weight_decay);
        optimizer_->set_learning_rate(rates.lr);
        optimizer_->set_weight_decay(rates.weight_decay);
        double batch_loss = 0.0;
        for (int b = 0; b < config_.batch; ++b) {
          const Example& ex = training[static_cast<std::size_t>(rng_.below(training.size()))];
          input_ = shifted_right(ex.target, kBos);
          batch_loss +=
              forward(model_, params_, position_, ex.source, input_, ex.target, workspace_);
          backward(model_, params_, ex.source, input_, ex.target, weight, grads_, workspace_);
          for (std::size_t i = 0; i < ex.target.size(); ++i)
            correct += argmax(workspace_.probs.col(static_cast<Eigen::Index>(i))) == ex.target[i];
          tokens += static_cast<double>(ex.target.size());
        }
        add_weight_gradients(workspace_, grads_);
        loss_sum += batch_loss * weight;
        return batch_loss;
      });
  return {step_, loss_sum / n, correct / tokens};
}

std::vector<const Example*> Translator::every_kth(const std::vector<Example>& set) const {
  const std::size_t k = std::max<std::size_t>(1, (set.size() + kSampleSize - 1) / kSampleSize);
  std::vector<const Example*> out;
  for (std::size_t i = 0; i < set.size(); i += k) out.push_back(&set[i]);
  return out;
}

std::vector<int> Translator::greedy(const std::vector<int>& source) const {
  Workspace& ws = eval_workspace_;
  encode(model_, params_, position_, source, ws);
  std::vector<int> input{kBos}, output;
  while (static_cast<int>(output.size()) < model_.max_target) {
    decode(model_, params_, position_, input, nullptr, ws);
    // Any word but <bos>, which only starts the decoder's input (an untrained model may rank
    // it first).
    const auto probs = ws.probs.col(static_cast<Eigen::Index>(input.size()) - 1);
    const int next = kBos + 1 + static_cast<int>(argmax(probs.tail(probs.size() - kBos - 1)));
    output.push_back(next);
    if (next == kEos) break;
    input.push_back(next);
  }
  return output;
}

TranslatorEvaluation Translator::evaluate() const {
  TranslatorEvaluation out;
  out.step = step_;
  Workspace& ws = eval_workspace_;
  const auto train_sample = every_kth(grammar_.training());
  std::vector<int> input;
  for (const Example* ex : train_sample) {
    input = shifted_right(ex->target, kBos);
    out.train_loss += forward(model_, params_, position_, ex->source, input, ex->target, ws);
  }
  out.train_loss /= static_cast<double>(train_sample.size());
  const auto held = every_kth(grammar_.held_out());
  double right = 0.0, tokens = 0.0;
  for (const Example* ex : held) {
    input = shifted_right(ex->target, kBos);
    out.held_out_loss += forward(model_, params_, position_, ex->source, input, ex->target, ws);
    const std::vector<int> output = greedy(ex->source);
    out.exact_match += output == ex->target ? 1.0 : 0.0;
    for (std::size_t i = 0; i < ex->target.size(); ++i)
      right += i < output.size() && output[i] == ex->target[i] ? 1.0 : 0.0;
    tokens += static_cast<double>(ex->target.size());
  }
  const double count = static_cast<double>(held.size());
  out.held_out_loss /= count;
  out.exact_match /= count;
  out.token_accuracy = right / tokens;
  out.held_out_size = static_cast<int>(held.size());
  return out;
}

CrossAttentionReport Translator::cross_attention_report() const {
  const std::size_t heads = static_cast<std::size_t>(model_.heads);
  CrossAttentionReport out;
  for (auto* v : {&out.noun_on_noun, &out.verb_on_verb, &out.verb_on_subject,
                  &out.adjective_on_noun, &out.verb_on_hindi_subject})
    v->assign(heads, 0.0);
  double nouns = 0, verbs = 0, adjectives = 0;
  Workspace& ws = eval_workspace_;
  std::vector<int> input;
  for (const Example* ex : every_kth(grammar_.held_out())) {
    input = shifted_right(ex->target, kBos);
    forward(model_, params_, position_, ex->source, input, ex->target, ws);
    const std::vector<int> align = grammar_.alignment(ex->source);
    const std::vector<std::string> roles = grammar_.target_roles(ex->source);
    // Column i of a head's weights is the step that writes target word i (rows: keys).
    auto add = [&](std::vector<double>& sum, std::size_t i, int key, bool cross = true) {
      const Workspace::Decoder& top = ws.decoder.back();
      for (std::size_t h = 0; h < heads; ++h)
        sum[h] += (cross ? top.cross : top.self).heads[h].A(key, static_cast<Eigen::Index>(i));
    };
    int subject = -1, hindi_subject = -1;
    for (std::size_t i = 0; i < roles.size(); ++i) {
      if (roles[i] != "subject") continue;
      subject = align[i];
      // Target word i is the decoder's input i + 1 (after <bos>).
      hindi_subject = static_cast<int>(i) + 1;
    }
    for (std::size_t i = 0; i < roles.size(); ++i) {
      if (roles[i] == "subject" || roles[i] == "object") {
        add(out.noun_on_noun, i, align[i]);
        ++nouns;
      } else if (roles[i] == "verb") {
        add(out.verb_on_verb, i, align[i]);
        add(out.verb_on_subject, i, subject);
        add(out.verb_on_hindi_subject, i, hindi_subject, false);
        ++verbs;
      } else if (roles[i] == "adjective" && i + 1 < roles.size()) {
        add(out.adjective_on_noun, i, align[i + 1]);  // its noun follows it in Hindi
        ++adjectives;
      }
    }
  }
  for (std::size_t h = 0; h < heads; ++h) {
    out.noun_on_noun[h] /= std::max(1.0, nouns);
    out.verb_on_verb[h] /= std::max(1.0, verbs);
    out.verb_on_subject[h] /= std::max(1.0, verbs);
    out.adjective_on_noun[h] /= std::max(1.0, adjectives);
    out.verb_on_hindi_subject[h] /= std::max(1.0, verbs);
  }
  return out;
}

Translation Translator::translate(const std::string& sentence) const {
  const std::vector<int> source = grammar_.encode(sentence);
  const std::vector<int> reference = grammar_.reference(source);
  const std::vector<int> align = grammar_.alignment(source);
  std::vector<int> output = greedy(source);
  const Vocabulary& en = grammar_.source();
  const Vocabulary& hi = grammar_.target();
  Translation t;
  for (int s : source) t.source.push_back(en.words[static_cast<std::size_t>(s)]);
  for (std::size_t i = 0; i < reference.size(); ++i) {
    if (reference[i] == kEos) break;
    t.reference.push_back(hi.words[static_cast<std::size_t>(reference[i])]);
    t.alignment.push_back(align[i]);
  }
  // The rows shown are the output words'; the <eos> step is not one of them.
  if (!output.empty() && output.back() == kEos) output.pop_back();
  for (int w : output) {
    t.output.push_back(hi.words[static_cast<std::size_t>(w)]);
    t.romanized.push_back(hi.roman[static_cast<std::size_t>(w)]);
  }
  t.layers = model_.layers;
  t.heads = model_.heads;
  // A head's A holds keys as rows and queries as columns: entry (j, i) = query i on key j.
  auto append = [](std::vector<double>& out, const Eigen::MatrixXd& A, Eigen::Index rows,
                   Eigen::Index cols) {
    for (Eigen::Index i = 0; i < rows; ++i)
      for (Eigen::Index j = 0; j < cols; ++j) out.push_back(A(j, i));
  };
  Workspace& ws = eval_workspace_;
  encode(model_, params_, position_, source, ws);
  const Eigen::Index S = static_cast<Eigen::Index>(source.size());
  // The encoder's maps even when the output is empty (an untrained model may write <eos>
  // first): the English is there to look at, and the JS API reads S x S numbers regardless.
  for (const auto& layer : ws.encoder)
    for (const auto& head : layer.self.heads) append(t.encoder_self, head.A, S, S);
  if (output.empty()) return t;
  // One decoder pass over the whole output reproduces every greedy step's attention: the
  // mask makes row i depend on the decoder's inputs 0..i only.
  std::vector<int> input = shifted_right(output, kBos);
  for (int w : input) t.decoder_input.push_back(hi.words[static_cast<std::size_t>(w)]);
  decode(model_, params_, position_, input, nullptr, ws);
  const Eigen::Index T = static_cast<Eigen::Index>(output.size());
  for (Eigen::Index i = 0; i < T; ++i)
    t.confidence.push_back(ws.probs(output[static_cast<std::size_t>(i)], i));
  for (const auto& layer : ws.decoder) {
    for (const auto& head : layer.cross.heads) append(t.cross, head.A, T, S);
    for (const auto& head : layer.self.heads) append(t.decoder_self, head.A, T, T);
  }
  return t;
}

std::vector<const Example*> Translator::examples(int k) const {
  if (k < 1 || k > 64) throw std::invalid_argument("example count must be 1 to 64");
  const auto& set = grammar_.training();
  const std::size_t stride = std::max<std::size_t>(1, set.size() / static_cast<std::size_t>(k));
  std::vector<const Example*> out;
  for (std::size_t i = stride / 2; i < set.size() && static_cast<int>(out.size()) < k; i += stride)
    out.push_back(&set[i]);
  return out;
}

}  // namespace attn::translate
