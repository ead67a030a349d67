// query_step (the training step's shortcut, wasm/src/train/query_step.cpp) against the
// full model_forward + model_backward, whose every gradient test_train_gradients.cpp checks
// by finite differences: same loss, probabilities and gradient to 1e-12 (relative, per
// tensor), for one to four heads, with and without layer norm, on both tasks.
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "attn/positional_encoding.hpp"
#include "attn/train/model.hpp"
#include "attn/train/query_step.hpp"
#include "attn/train/task.hpp"

using namespace attn::train;

namespace {

void check_against_full_model(const std::string& task_name, int heads, int width, bool layer_norm) {
  const std::unique_ptr<Task> task = make_task(task_name);
  ModelConfig c;
  c.vocab = static_cast<int>(task->words().size());
  c.classes = static_cast<int>(task->answers().size());
  c.width = width;
  c.heads = heads;
  c.layer_norm = layer_norm;
  c.max_length = static_cast<int>(task->max_length());
  Rng rng(11);
  Params p = init_params(c, rng);
  // Uneven attention and non-zero biases, so no term is checked only at a trivial point.
  for (auto& h : p.heads) {
    h.Wq *= 3.0;
    h.Wk *= 3.0;
    for (auto* b : {&h.bq, &h.bk, &h.bv})
      for (Eigen::Index i = 0; i < b->size(); ++i) (*b)(i) = 0.3 * rng.normal();
  }
  for (auto* v : {&p.gamma, &p.beta, &p.br})
    for (Eigen::Index i = 0; i < v->size(); ++i) (*v)(i) += 0.3 * rng.normal();
  const Eigen::MatrixXd position = attn::positional_encoding(c.max_length, width);

  Params full = zeros_like(p), fast = zeros_like(p);
  ForwardCache cache;
  Eigen::RowVectorXd probs;
  for (int s = 0; s < 6; ++s) {
    const Example ex = task->sample_train(rng);
    const double a = model_forward(c, p, position, ex.tokens, ex.query, ex.target, cache);
    model_backward(c, p, ex.tokens, ex.query, ex.target, cache, 0.25, full);
    const double b = query_step(c, p, position, ex.tokens, ex.query, ex.target, 0.25, fast, probs);
    CHECK(b == Approx(a).epsilon(1e-12));
    CHECK((probs - cache.probs).norm() < 1e-12);
  }
  const auto fv = tensors(full), qv = tensors(fast);
  REQUIRE(fv.size() == qv.size());
  for (std::size_t t = 0; t < fv.size(); ++t) {
    INFO("tensor " << fv[t].name << ", " << task_name << ", heads " << heads << ", layer norm "
                   << layer_norm);
    const Eigen::Map<const Eigen::VectorXd> x(fv[t].data, fv[t].size), y(qv[t].data, qv[t].size);
    // Key biases have an exactly-zero gradient (softmax ignores a shift of its row): both ~0.
    CHECK((x - y).norm() <= 1e-12 * std::max(1.0, x.norm()));
  }
}

}  // namespace

TEST_CASE("query_step: one head, no layer norm (the demo's default)", "[train]") {
  check_against_full_model("adjectives", 1, 16, false);
}

TEST_CASE("query_step: two heads, layer norm", "[train]") {
  check_against_full_model("adjectives", 2, 8, true);
}

TEST_CASE("query_step: four heads, width 32, pronoun task", "[train]") {
  check_against_full_model("pronouns", 4, 32, false);
  check_against_full_model("pronouns", 4, 32, true);
}
