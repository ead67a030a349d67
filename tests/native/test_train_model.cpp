// The tiny transformer (model.hpp), three ways:
// - finite-difference checks of every gradient of the training step (the question's token as
//   the only query). For each parameter tensor: every entry's central difference (h = 1e-5) of
//   the summed loss of 4 sentences, compared with the backward pass as
//   ||analytic - numeric|| / max(||analytic||, ||numeric||) < 1e-6. Central differences have
//   error ~h^2, so a correct backward pass agrees far better (the worst tensor measured 4e-9);
//   a wrong factor or a missing term shows up as O(1) relative error;
// - the model run for every token as a query (the page's attention maps) against the query
//   token alone: same loss, probabilities, weights and gradient to 1e-12;
// - its attention layer against the engine's multi-head attention (attn::multi_head_attention,
//   which the lessons use and test_engine_*.cpp checks by hand): the same weights and output.
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "attn/multi_head.hpp"
#include "attn/positional_encoding.hpp"
#include "attn/train/adjectives_task.hpp"
#include "attn/train/model.hpp"
#include "attn/train/params.hpp"
#include "attn/train/pronoun_task.hpp"
#include "gradient_check.hpp"

using namespace attn::train;

namespace {

struct Setup {
  ClassifierConfig config;
  ClassifierParams params;
  Eigen::MatrixXd position;
  std::vector<TaskExample> examples;
};

Setup make_setup(const Task& task, int heads, int width, bool layer_norm, std::uint64_t seed,
                 int layers = 1) {
  Setup s;
  s.config.layers = layers;
  s.config.vocab = static_cast<int>(task.words().size());
  s.config.classes = static_cast<int>(task.answers().size());
  s.config.width = width;
  s.config.heads = heads;
  s.config.layer_norm = layer_norm;
  s.config.max_length = static_cast<int>(task.max_length());
  Rng rng(seed);
  s.params = init_params(s.config, rng);
  // Larger query/key weights make the attention uneven, so that the softmax
  // backward is exercised away from its flat starting point; random gamma
  // and biases make sure their gradients are not checked only at 1 and 0.
  for (auto& layer : s.params.layers) {
    for (auto& h : layer.heads) {
      h.Wq *= 3.0;
      h.Wk *= 3.0;
      for (auto* b : {&h.bq, &h.bk, &h.bv})
        for (Eigen::Index i = 0; i < b->size(); ++i) (*b)(i) = 0.3 * rng.normal();
    }
    for (auto* v : {&layer.gamma, &layer.beta})
      for (Eigen::Index i = 0; i < v->size(); ++i) (*v)(i) += 0.3 * rng.normal();
  }
  for (Eigen::Index i = 0; i < s.params.br.size(); ++i) s.params.br(i) += 0.3 * rng.normal();
  s.position = attn::positional_encoding(s.config.max_length, width);
  for (int i = 0; i < 4; ++i) s.examples.push_back(task.sample_train(rng));
  return s;
}

double total_loss(const Setup& s, const ClassifierParams& p) {
  ModelWorkspace ws(s.config, 0, 1);
  double loss = 0.0;
  for (const auto& ex : s.examples)
    loss += model_forward(s.config, p, s.position, ex.tokens, Queries{ex.query, 1}, ex.query,
                          ex.target, ws);
  return loss;
}

// The gradient as the training step computes it, or (every_token) with every token a query.
ClassifierParams analytic_gradient(const Setup& s, bool every_token = false) {
  ClassifierParams g = zeros_like(s.params);
  ModelWorkspace ws(s.config, static_cast<int>(s.examples.size()), s.config.max_length);
  for (const auto& ex : s.examples) {
    const Queries q = every_token ? Queries{0, static_cast<Eigen::Index>(ex.tokens.size())}
                                  : Queries{ex.query, 1};
    model_forward(s.config, s.params, s.position, ex.tokens, q, ex.query, ex.target, ws);
    model_backward(s.config, s.params, ex.tokens, q, ex.query, ex.target, 1.0, g, ws);
  }
  add_weight_gradients(ws, g);
  return g;
}

void check_every_tensor(const Task& task, int heads, int width, bool layer_norm, int layers = 1) {
  const Setup s = make_setup(task, heads, width, layer_norm, 7, layers);
  ClassifierParams analytic = analytic_gradient(s);
  ClassifierParams numeric = numeric_gradient_on_budget(
      s.params, [&s](const ClassifierParams& p) { return total_loss(s, p); }, analytic);
  const auto av = tensors(analytic);
  const auto nv = tensors(numeric);
  REQUIRE(av.size() == nv.size());
  // embedding + per layer (6 per head + Wo + (gamma, beta)) + Wr + br
  REQUIRE(av.size() ==
          static_cast<std::size_t>(1 + layers * (6 * heads + 1 + (layer_norm ? 2 : 0)) + 2));
  for (std::size_t t = 0; t < av.size(); ++t) {
    INFO("tensor " << av[t].name << ", heads " << heads << ", layer norm " << layer_norm
                   << ", layers " << layers);
    if (av[t].name.size() > 2 && av[t].name.substr(av[t].name.size() - 2) == "bk") {
      // A key bias adds q_i . bk to every score of row i alike, and softmax
      // ignores a constant shift of its row: the true gradient is exactly 0.
      CHECK(norm(av[t]) < 1e-12);
      CHECK(norm(nv[t]) < 1e-8);
      continue;
    }
    CHECK(norm(av[t]) > 1e-6);  // the check below is not comparing zeros
    CHECK(relative_error(av[t], nv[t]) < 1e-6);
  }
}

}  // namespace

TEST_CASE("gradients: every tensor, one head, no layer norm", "[train][gradient]") {
  check_every_tensor(AdjectivesTask(), 1, 8, false);
}

TEST_CASE("gradients: every tensor, one head, layer norm", "[train][gradient]") {
  check_every_tensor(AdjectivesTask(), 1, 8, true);
}

TEST_CASE("gradients: every tensor, two heads, layer norm", "[train][gradient]") {
  check_every_tensor(AdjectivesTask(), 2, 8, true);
}

TEST_CASE("gradients: every tensor, four heads, no layer norm", "[train][gradient]") {
  check_every_tensor(AdjectivesTask(), 4, 12, false);
}

TEST_CASE("gradients: pronoun task, three heads, layer norm", "[train][gradient]") {
  check_every_tensor(PronounTask(), 3, 12, true);
}

TEST_CASE("gradients: every tensor of two layers, one head, no layer norm", "[train][gradient]") {
  check_every_tensor(AdjectivesTask(), 1, 8, false, 2);
}

TEST_CASE("gradients: every tensor of two layers, two heads, layer norm", "[train][gradient]") {
  check_every_tensor(AdjectivesTask(), 2, 8, true, 2);
}

TEST_CASE("gradients: every tensor of two layers, pronoun task, three heads", "[train][gradient]") {
  check_every_tensor(PronounTask(), 3, 12, false, 2);
}

TEST_CASE("gradients: every tensor of two layers, four heads, layer norm", "[train][gradient]") {
  check_every_tensor(PronounTask(), 4, 8, true, 2);
}

TEST_CASE("gradients: the check notices a slightly wrong gradient", "[train][gradient]") {
  // Guards the guard: a backward pass that is off by 0.01% must fail the check, in the one
  // layer of a one-layer model and in the lower layer of a two-layer one (reached only through
  // the layer above it).
  for (int layers : {1, 2}) {
    const Setup s = make_setup(AdjectivesTask(), 1, 8, false, 3, layers);
    ClassifierParams analytic = analytic_gradient(s);
    ClassifierParams numeric = numeric_gradient_of(
        s.params, [&s](const ClassifierParams& p) { return total_loss(s, p); }, {"layer0.Wo"});
    analytic.layers[0].Wo *= 1.0001;
    const auto av = tensors(analytic);
    const auto nv = tensors(numeric);
    int checked = 0;
    for (std::size_t t = 0; t < av.size(); ++t) {
      if (av[t].name != "layer0.Wo") continue;
      CHECK(relative_error(av[t], nv[t]) > 1e-6);
      ++checked;
    }
    CHECK(checked == 1);
  }
}

namespace {

void check_every_token_against_query_token(const Task& task, int heads, int width, bool layer_norm,
                                           int layers = 1) {
  const Setup s = make_setup(task, heads, width, layer_norm, 11, layers);
  ModelWorkspace all(s.config, 0, s.config.max_length), one(s.config, 0, 1);
  for (const auto& ex : s.examples) {
    const Eigen::Index n = static_cast<Eigen::Index>(ex.tokens.size());
    const double a = model_forward(s.config, s.params, s.position, ex.tokens, Queries{0, n},
                                   ex.query, ex.target, all);
    const double b = model_forward(s.config, s.params, s.position, ex.tokens, Queries{ex.query, 1},
                                   ex.query, ex.target, one);
    CHECK(b == Approx(a).epsilon(1e-12));
    CHECK((all.probs - one.probs).norm() < 1e-12);
    const auto &all_top = all.layers.back().attention, &one_top = one.layers.back().attention;
    for (std::size_t h = 0; h < all_top.heads.size(); ++h)
      CHECK((all_top.heads[h].A.col(ex.query).head(n) - one_top.heads[h].A.col(0).head(n)).norm() <
            1e-12);
  }
  ClassifierParams every = analytic_gradient(s, true), query = analytic_gradient(s);
  const auto ev = tensors(every), qv = tensors(query);
  REQUIRE(ev.size() == qv.size());
  for (std::size_t t = 0; t < ev.size(); ++t) {
    INFO("tensor " << ev[t].name << ", heads " << heads << ", layer norm " << layer_norm);
    const Eigen::Map<const Eigen::VectorXd> x(ev[t].data, ev[t].size), y(qv[t].data, qv[t].size);
    // Key biases have an exactly-zero gradient (softmax ignores a shift of its row): both ~0.
    CHECK((x - y).norm() <= 1e-12 * std::max(1.0, x.norm()));
  }
}

}  // namespace

TEST_CASE("model: every token as a query gives the query token's figures and gradient", "[train]") {
  check_every_token_against_query_token(AdjectivesTask(), 1, 16, false);
  check_every_token_against_query_token(AdjectivesTask(), 2, 8, true);
  check_every_token_against_query_token(PronounTask(), 4, 32, true);
  check_every_token_against_query_token(PronounTask(), 2, 16, true, 2);
  check_every_token_against_query_token(AdjectivesTask(), 1, 8, false, 2);
}

TEST_CASE("model: its attention layer is the engine's multi-head attention", "[train]") {
  for (int heads : {1, 3}) {
    const Setup s = make_setup(AdjectivesTask(), heads, 12, false, 5);
    const TaskExample& ex = s.examples[0];
    const Eigen::Index n = static_cast<Eigen::Index>(ex.tokens.size());
    ModelWorkspace ws(s.config, 0, s.config.max_length);
    model_forward(s.config, s.params, s.position, ex.tokens, Queries{0, n}, 0, -1, ws);
    const Eigen::MatrixXd X = ws.Xt.leftCols(n).transpose();
    std::vector<attn::AttentionWeights> engine_heads;
    for (const auto& h : s.params.layers[0].heads)
      engine_heads.push_back(
          {h.Wq, h.Wk, h.Wv, h.bq.transpose(), h.bk.transpose(), h.bv.transpose()});
    const attn::MultiHeadTrace engine =
        attn::multi_head_attention(X, engine_heads, s.params.layers[0].Wo);
    for (int h = 0; h < heads; ++h) {
      const Eigen::MatrixXd weights =
          ws.layers[0].attention.heads[h].A.topLeftCorner(n, n).transpose();
      CHECK((weights - engine.heads[h].weights).norm() < 1e-12);
    }
    // H = X + attention(X): the model's residual output at every token.
    const Eigen::MatrixXd H = ws.layers[0].Ht.leftCols(n).transpose();
    CHECK((H - (X + engine.output)).norm() < 1e-12 * std::max(1.0, H.norm()));
  }
}

TEST_CASE("linear layer, tokens as columns: forward and backward by hand", "[train]") {
  // The engine test's numbers, transposed: X = [1 2; 3 4] (tokens as rows), W = [1 0 2; 3 4 5],
  // b = [1 0 -1]: X W + b = [8 8 11; 16 16 25], so Yt = its transpose.
  const Eigen::MatrixXd Xt = (Eigen::MatrixXd(2, 2) << 1, 3, 2, 4).finished();
  const Eigen::MatrixXd W = (Eigen::MatrixXd(2, 3) << 1, 0, 2, 3, 4, 5).finished();
  const Eigen::RowVectorXd b = (Eigen::RowVectorXd(3) << 1, 0, -1).finished();
  Eigen::MatrixXd Yt(3, 2);
  attn::linear_forward(W, b, Xt, Yt);
  CHECK(Yt == (Eigen::MatrixXd(3, 2) << 8, 16, 8, 16, 11, 25).finished());
  // dYt = [1 0; 0 1; 1 1] (token 1: dy = [1 0 1], token 2: [0 1 1]):
  // dXt = W dYt = [1+2 0+2; 3+5 4+5] = [3 2; 8 9];  db = [1 1 2];
  // dW = Xt dYt^T = x1 dy1^T + x2 dy2^T = [1 0 1; 2 0 2] + [0 3 3; 0 4 4] = [1 3 4; 2 4 6].
  const Eigen::MatrixXd dYt = (Eigen::MatrixXd(3, 2) << 1, 0, 0, 1, 1, 1).finished();
  const Eigen::MatrixXd dW_expected = (Eigen::MatrixXd(2, 3) << 1, 3, 4, 2, 4, 6).finished();
  Eigen::MatrixXd dXt(2, 2), dW = Eigen::MatrixXd::Zero(2, 3);
  Eigen::RowVectorXd db = Eigen::RowVectorXd::Zero(3);
  // Room for 3 tokens: the first call's 2 are kept, the second's 2 force a flush first.
  attn::WeightGradient pending(3, 2, 3);
  attn::linear_backward(W, Xt, dYt, dXt, db, pending, dW);
  CHECK(dXt == (Eigen::MatrixXd(2, 2) << 3, 2, 8, 9).finished());
  CHECK(db == (Eigen::RowVectorXd(3) << 1, 1, 2).finished());
  CHECK(dW.isZero());  // deferred until flush
  attn::linear_backward(W, Xt, dYt, dXt, db, pending, dW);
  CHECK(dW == dW_expected);  // the first call's, flushed to make room
  pending.flush(dW);
  CHECK(dW == 2 * dW_expected);
  // More tokens than the room: added at once.
  attn::WeightGradient small(1, 2, 3);
  Eigen::MatrixXd dW_small = Eigen::MatrixXd::Zero(2, 3);
  small.add(Xt, dYt, dW_small, 0.5);
  CHECK(dW_small == 0.5 * dW_expected);
}
