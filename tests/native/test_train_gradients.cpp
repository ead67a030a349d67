// Finite-difference checks of every gradient of the tiny transformer.
// For each parameter tensor: every entry's central difference (h = 1e-5) of
// the summed loss of 4 sentences, compared with the backward pass as
// ||analytic - numeric|| / max(||analytic||, ||numeric||) < 1e-6.
// Central differences have error ~h^2, so a correct backward pass agrees far
// better (the worst tensor measured 4e-9); a wrong factor or a missing term
// shows up as O(1) relative error.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "attn/positional_encoding.hpp"
#include "attn/train/adjectives_task.hpp"
#include "attn/train/model.hpp"
#include "attn/train/params.hpp"
#include "attn/train/pronoun_task.hpp"

using namespace attn::train;

namespace {

struct Setup {
  ModelConfig config;
  Params params;
  Eigen::MatrixXd position;
  std::vector<Example> examples;
};

Setup make_setup(const Task& task, int heads, int width, bool layer_norm, std::uint64_t seed) {
  Setup s;
  s.config.vocab = static_cast<int>(task.words().size());
  s.config.classes = static_cast<int>(task.answers().size());
  s.config.width = width;
  s.config.heads = heads;
  s.config.layer_norm = layer_norm;
  Rng rng(seed);
  s.params = init_params(s.config, rng);
  // Larger query/key weights make the attention uneven, so that the softmax
  // backward is exercised away from its flat starting point; random gamma
  // and biases make sure their gradients are not checked only at 1 and 0.
  for (auto& h : s.params.heads) {
    h.Wq *= 3.0;
    h.Wk *= 3.0;
    for (auto* b : {&h.bq, &h.bk, &h.bv})
      for (Eigen::Index i = 0; i < b->size(); ++i) (*b)(i) = 0.3 * rng.normal();
  }
  for (auto* v : {&s.params.gamma, &s.params.beta, &s.params.br})
    for (Eigen::Index i = 0; i < v->size(); ++i) (*v)(i) += 0.3 * rng.normal();
  s.position = attn::positional_encoding(s.config.max_length, width);
  for (int i = 0; i < 4; ++i) s.examples.push_back(task.sample_train(rng));
  return s;
}

double total_loss(const Setup& s, const Params& p) {
  ForwardCache cache;
  double loss = 0.0;
  for (const auto& ex : s.examples)
    loss += model_forward(s.config, p, s.position, ex.tokens, ex.query, ex.target, cache);
  return loss;
}

Params analytic_gradient(const Setup& s) {
  Params g = zeros_like(s.params);
  ForwardCache cache;
  for (const auto& ex : s.examples) {
    model_forward(s.config, s.params, s.position, ex.tokens, ex.query, ex.target, cache);
    model_backward(s.config, s.params, ex.tokens, ex.query, ex.target, cache, 1.0, g);
  }
  return g;
}

Params numeric_gradient(const Setup& s) {
  const double h = 1e-5;
  Params p = s.params;
  Params g = zeros_like(p);
  auto pv = tensors(p);
  auto gv = tensors(g);
  for (std::size_t t = 0; t < pv.size(); ++t) {
    for (Eigen::Index i = 0; i < pv[t].size; ++i) {
      const double keep = pv[t].data[i];
      pv[t].data[i] = keep + h;
      const double up = total_loss(s, p);
      pv[t].data[i] = keep - h;
      const double down = total_loss(s, p);
      pv[t].data[i] = keep;
      gv[t].data[i] = (up - down) / (2 * h);
    }
  }
  return g;
}

double norm(const TensorView& t) {
  return Eigen::Map<const Eigen::VectorXd>(t.data, t.size).norm();
}

double relative_error(const TensorView& a, const TensorView& b) {
  const double diff = (Eigen::Map<const Eigen::VectorXd>(a.data, a.size) -
                       Eigen::Map<const Eigen::VectorXd>(b.data, b.size))
                          .norm();
  return diff / std::max(norm(a), norm(b));
}

void check_every_tensor(const Task& task, int heads, int width, bool layer_norm) {
  const Setup s = make_setup(task, heads, width, layer_norm, 7);
  Params analytic = analytic_gradient(s);
  Params numeric = numeric_gradient(s);
  const auto av = tensors(analytic);
  const auto nv = tensors(numeric);
  REQUIRE(av.size() == nv.size());
  // embedding + 6 per head + Wo + (gamma, beta) + Wr + br
  REQUIRE(av.size() == static_cast<std::size_t>(1 + 6 * heads + 1 + (layer_norm ? 2 : 0) + 2));
  for (std::size_t t = 0; t < av.size(); ++t) {
    INFO("tensor " << av[t].name << ", heads " << heads << ", layer norm " << layer_norm);
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

TEST_CASE("gradients: the check notices a slightly wrong gradient", "[train][gradient]") {
  // Guards the guard: a backward pass that is off by 0.01% must fail the check.
  const Setup s = make_setup(AdjectivesTask(), 1, 8, false, 3);
  Params analytic = analytic_gradient(s);
  Params numeric = numeric_gradient(s);
  analytic.Wo *= 1.0001;
  const auto av = tensors(analytic);
  const auto nv = tensors(numeric);
  for (std::size_t t = 0; t < av.size(); ++t)
    if (av[t].name == "Wo") CHECK(relative_error(av[t], nv[t]) > 1e-6);
}
