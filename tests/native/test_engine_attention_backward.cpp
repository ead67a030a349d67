// The backward pass of one attention head: a small case worked by hand, and finite
// differences on random cases of every shape option.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>

#include "attn/attention.hpp"
#include "attn/softmax.hpp"
#include "budget.hpp"
#include "helpers.hpp"

using attn::AttentionGradients;
using attn::AttentionOptions;
using attn::AttentionWeights;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// The loss every check differentiates: L = sum(dContext .* context), whose gradient with
// respect to the context is dContext itself.
double loss(const MatrixXd& X, const AttentionWeights& w, const AttentionOptions& o,
            const MatrixXd& dC) {
  return (attn::self_attention(X, w, o).context.array() * dC.array()).sum();
}

// dL/dm by a fourth-order central difference in each entry (error O(h^4), so the 1e-6 bound
// below measures the backward pass, not the check).
MatrixXd numeric_gradient(MatrixXd& m, const std::function<double()>& f) {
  MatrixXd g(m.rows(), m.cols());
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    const double x = m.data()[i], h = 1e-3 * std::max(1.0, std::abs(x));
    auto at = [&](double v) {
      m.data()[i] = v;
      return f();
    };
    g.data()[i] = (8 * (at(x + h) - at(x - h)) - (at(x + 2 * h) - at(x - 2 * h))) / (12 * h);
    m.data()[i] = x;
  }
  return g;
}

// Relative error of a whole tensor: |a - n| / max(|a|, |n|). Some gradients are exactly 0
// (dL/db_K always: adding b_K to every key adds q_i . b_K to a whole row of scores, which the
// softmax ignores; dL/dW_Q with one token, whose only weight is 1), where the differences'
// rounding (a few 1e-12) is all there is: below a norm of 1e-5 the error is measured against 1e-5.
double relative_error(const MatrixXd& analytic, const MatrixXd& numeric) {
  const double scale = std::max({analytic.norm(), numeric.norm(), 1e-5});
  return (analytic - numeric).norm() / scale;
}

// From Q, K, V (or the scores, or the weights) to the loss, as the forward pass computes it:
// checks the intermediate gradients.
struct Tail {
  AttentionOptions o;
  MatrixXd dC;
  MatrixXd mask(MatrixXd s) const {
    if (o.causal)
      for (Eigen::Index i = 0; i < s.rows(); ++i)
        for (Eigen::Index j = i + 1; j < s.cols(); ++j) s(i, j) = -kInf;
    return s;
  }
  double from_weights(const MatrixXd& A, const MatrixXd& V) const {
    return ((A * V).array() * dC.array()).sum();
  }
  double from_scores(const MatrixXd& S, const MatrixXd& V) const {
    return from_weights(attn::softmax_rows(mask(S), o.temperature), V);
  }
  double from_qkv(const MatrixXd& Q, const MatrixXd& K, const MatrixXd& V) const {
    MatrixXd S = Q * K.transpose();
    if (o.scale) S /= std::sqrt(static_cast<double>(Q.cols()));
    return from_scores(S, V);
  }
};

struct Case {
  MatrixXd X;
  AttentionWeights w;
  AttentionOptions o;
  MatrixXd dC;
};

// The largest relative error over every returned gradient of one case.
double worst_error(Case& c, std::string& which) {
  const AttentionGradients g = attn::self_attention_backward(c.X, c.w, c.o, c.dC);
  const auto t = attn::self_attention(c.X, c.w, c.o);
  auto L = [&] { return loss(c.X, c.w, c.o, c.dC); };
  double worst = 0;
  auto check = [&](const MatrixXd& analytic, const MatrixXd& numeric, const char* name) {
    const double e = relative_error(analytic, numeric);
    if (e > worst) worst = e, which = name;
  };
  check(g.dX, numeric_gradient(c.X, L), "dX");
  check(g.dWq, numeric_gradient(c.w.Wq, L), "dWq");
  check(g.dWk, numeric_gradient(c.w.Wk, L), "dWk");
  check(g.dWv, numeric_gradient(c.w.Wv, L), "dWv");
  if (c.w.bq) {
    MatrixXd bq = *c.w.bq, bk = *c.w.bk, bv = *c.w.bv;
    auto with_biases = [&] {
      c.w.bq = VectorXd(bq), c.w.bk = VectorXd(bk), c.w.bv = VectorXd(bv);
      return L();
    };
    check(g.dbq, numeric_gradient(bq, with_biases), "dbq");
    check(g.dbk, numeric_gradient(bk, with_biases), "dbk");
    check(g.dbv, numeric_gradient(bv, with_biases), "dbv");
    with_biases();
  }
  const Tail tail{c.o, c.dC};
  MatrixXd Q = t.Q, K = t.K, V = t.V, A = t.weights;
  MatrixXd S = t.scores.unaryExpr([](double s) { return std::isinf(s) ? 0.0 : s; });
  check(g.dQ, numeric_gradient(Q, [&] { return tail.from_qkv(Q, K, V); }), "dQ");
  check(g.dK, numeric_gradient(K, [&] { return tail.from_qkv(Q, K, V); }), "dK");
  check(g.dV, numeric_gradient(V, [&] { return tail.from_qkv(Q, K, V); }), "dV");
  check(g.dScores, numeric_gradient(S, [&] { return tail.from_scores(S, t.V); }), "dScores");
  check(g.dWeights, numeric_gradient(A, [&] { return tail.from_weights(A, t.V); }), "dWeights");
  return worst;
}

Case random_case(std::mt19937& rng, bool causal, bool scale, bool biases, bool temperature,
                 bool wide_values) {
  std::uniform_int_distribution<int> size(1, 4);
  const Eigen::Index n = size(rng), d = size(rng), dk = size(rng);
  // d_v != d_model in the wide cases (the residual output is then undefined).
  const Eigen::Index dv = wide_values ? d + size(rng) : d;
  Case c;
  c.X = random_matrix(rng, n, d, 1.0);
  c.w.Wq = random_matrix(rng, d, dk, 1.0);
  c.w.Wk = random_matrix(rng, d, dk, 1.0);
  c.w.Wv = random_matrix(rng, d, dv, 1.0);
  if (biases) {
    c.w.bq = VectorXd(random_matrix(rng, dk, 1, 1.0));
    c.w.bk = VectorXd(random_matrix(rng, dk, 1, 1.0));
    c.w.bv = VectorXd(random_matrix(rng, dv, 1, 1.0));
  }
  c.o.causal = causal;
  c.o.scale = scale;
  c.o.temperature = temperature ? std::uniform_real_distribution<double>(0.3, 3.0)(rng) : 1.0;
  c.dC = random_matrix(rng, n, dv, 1.0);
  return c;
}

}  // namespace

TEST_CASE("attention backward: two tokens of width 1, worked by hand") {
  // X = [1; 2], every weight 1, no 1/sqrt(d_k): Q = K = V = X, scores = [[1, 2], [2, 4]].
  // dContext = [1; 0], so L = context_0 = w00 + 2 w01 with w0 = softmax(1, 2) = [1 - p, p],
  // p = e / (1 + e) = 0.7310585786. dWeights = dC V^T = [[1, 2], [0, 0]]; through the
  // softmax ds_0j = w0j (dw_j - w0 . dw) = [-(1 - p) p, p (1 - p)] = [-q, q], q = 0.1966119332.
  // dQ = dS K = [-q + 2q; 0] = [q; 0];  dK = dS^T Q = [-q; q];  dV = W^T dC = [1 - p; p].
  // dW_Q = X^T dQ = q;  dW_K = X^T dK = -q + 2q = q;  dW_V = X^T dV = 1 - p + 2p = 1 + p.
  // dX = dQ + dK + dV = [q - q + 1 - p; q + p] = [0.2689414214; 0.9276705118].
  AttentionWeights w;
  w.Wq = w.Wk = w.Wv = mat({{1}});
  AttentionOptions o;
  o.scale = false;
  const double p = std::exp(1.0) / (1 + std::exp(1.0)), q = p * (1 - p);
  REQUIRE(p == Approx(0.7310585786).epsilon(1e-10));
  REQUIRE(q == Approx(0.1966119332).epsilon(1e-9));
  const auto g = attn::self_attention_backward(mat({{1}, {2}}), w, o, mat({{1}, {0}}));
  CHECK(near(g.dWeights, mat({{1, 2}, {0, 0}}), 1e-12));
  CHECK(near(g.dScores, mat({{-q, q}, {0, 0}}), 1e-12));
  CHECK(near(g.dQ, mat({{q}, {0}}), 1e-12));
  CHECK(near(g.dK, mat({{-q}, {q}}), 1e-12));
  CHECK(near(g.dV, mat({{1 - p}, {p}}), 1e-12));
  CHECK(near(g.dWq, mat({{q}}), 1e-12));
  CHECK(near(g.dWk, mat({{q}}), 1e-12));
  CHECK(near(g.dWv, mat({{1 + p}}), 1e-12));
  CHECK(near(g.dX, mat({{0.2689414214}, {0.9276705118}}), 1e-10));
  CHECK(near(g.dbq, vec({q}), 1e-12));
  CHECK(near(g.dbk, vec({0}), 1e-12));
  CHECK(near(g.dbv, vec({1}), 1e-12));

  SECTION("causal: token 0 sees only itself, so its scores get no gradient") {
    o.causal = true;
    const auto c = attn::self_attention_backward(mat({{1}, {2}}), w, o, mat({{1}, {0}}));
    CHECK(c.dScores(0, 0) == 0.0);
    CHECK(c.dScores(0, 1) == 0.0);  // masked
    CHECK(c.dbk.norm() == 0.0);
    CHECK(near(c.dV, mat({{1}, {0}}), 1e-12));
  }
}

// 100 random cases of each of the 32 shape options natively. Under the sanitizers, where this
// test alone took most of the suite's time, scripts/sanitize.sh sets ATTN_GRADIENT_CASES: every
// option still runs, backward pass and finite differences in full, on that many cases.
static int cases_per_option() {
  const long long budget = budget_from_env("ATTN_GRADIENT_CASES", 1);
  return budget > 0 ? static_cast<int>(std::min(budget, 100LL)) : 100;
}

TEST_CASE("attention backward matches finite differences on every shape option") {
  std::mt19937 rng(20261201);
  const int cases = cases_per_option();
  for (int bits = 0; bits < 32; ++bits) {
    const bool causal = bits & 1, scale = bits & 2, biases = bits & 4, temperature = bits & 8,
               wide = bits & 16;
    double worst = 0;
    std::string which;
    for (int k = 0; k < cases; ++k) {
      Case c = random_case(rng, causal, scale, biases, temperature, wide);
      std::string name;
      const double e = worst_error(c, name);
      if (e > worst) worst = e, which = name;
    }
    INFO("causal " << causal << ", scale " << scale << ", biases " << biases << ", temperature "
                   << temperature << ", d_v != d " << wide << ": worst " << which);
    CHECK(worst <= 1e-6);
  }
}

TEST_CASE("the finite-difference check catches a 0.01% error") {
  std::mt19937 rng(7);
  Case c;
  AttentionGradients g;
  do {  // a case whose dW_Q is not 0 (one token has none)
    c = random_case(rng, true, true, true, true, true);
    g = attn::self_attention_backward(c.X, c.w, c.o, c.dC);
  } while (g.dWq.norm() < 0.1);
  Case copy = c;
  const MatrixXd numeric =
      numeric_gradient(copy.w.Wq, [&] { return loss(c.X, copy.w, c.o, c.dC); });
  REQUIRE(relative_error(g.dWq, numeric) <= 1e-6);
  // One entry, the largest, off by 0.01%.
  MatrixXd wrong = g.dWq;
  Eigen::Index r, col;
  wrong.cwiseAbs().maxCoeff(&r, &col);
  wrong(r, col) *= 1.0001;
  CHECK(relative_error(wrong, numeric) > 1e-6);
}

TEST_CASE("attention backward: dScores is 0 wherever the causal mask hides a key") {
  std::mt19937 rng(3);
  for (int k = 0; k < 20; ++k) {
    const Case c = random_case(rng, true, true, false, false, false);
    const auto g = attn::self_attention_backward(c.X, c.w, c.o, c.dC);
    for (Eigen::Index i = 0; i < g.dScores.rows(); ++i)
      for (Eigen::Index j = i + 1; j < g.dScores.cols(); ++j) CHECK(g.dScores(i, j) == 0.0);
  }
}

TEST_CASE("attention backward refuses bad input with a named error") {
  AttentionWeights w;
  w.Wq = w.Wk = w.Wv = mat({{1, 0}, {0, 1}});
  const MatrixXd X = mat({{1, 2}, {3, 4}, {5, 6}});
  CHECK_THROWS_WITH(attn::self_attention_backward(X, w, {}, mat({{1, 2}, {3, 4}})),
                    Catch::Contains("dContext is 2 x 2") && Catch::Contains("3 x 2"));
  CHECK_THROWS_WITH(attn::self_attention_backward(X, w, {}, mat({{1, 2}, {3, kNaN}, {5, 6}})),
                    Catch::Contains("dContext"));
  CHECK_THROWS_WITH(attn::self_attention_backward(mat({{1, 2, 3}}), w, {}, mat({{1, 2}})),
                    Catch::Contains("W_Q"));
  AttentionOptions cold;
  cold.temperature = 0;
  CHECK_THROWS_WITH(attn::self_attention_backward(X, w, cold, X), Catch::Contains("temperature"));
  // Each bias with the forward pass's message, before the training layer's part reads it (a b_Q
  // one entry long was read past its end; the fuzzer found it).
  for (auto bias : {&AttentionWeights::bq, &AttentionWeights::bk, &AttentionWeights::bv}) {
    AttentionWeights bad = w;
    bad.*bias = Eigen::VectorXd::Ones(1);
    std::string forward;
    try {
      attn::self_attention(X, bad);
    } catch (const std::invalid_argument& e) {
      forward = e.what();
    }
    REQUIRE_THAT(forward, Catch::Contains("b_"));
    CHECK_THROWS_WITH(attn::self_attention_backward(X, bad, {}, X.leftCols(2)), forward);
  }
}

TEST_CASE("attention backward: the intermediates shown agree with the layer's gradients") {
  // dX, dW and db come from the training layer's backward pass (attn::train), dQ, dK, dV from
  // their definitions for the lesson to show: the chain rule must join them,
  // dX = dQ W_Q^T + dK W_K^T + dV W_V^T,  dW_Q = X^T dQ (and K, V alike),  db_Q = sum of dQ's rows.
  std::mt19937 rng(11);
  auto rel = [](const MatrixXd& a, const MatrixXd& b) {
    return (a - b).norm() / std::max({a.norm(), b.norm(), 1e-6});
  };
  for (int bits = 0; bits < 32; ++bits) {
    for (int k = 0; k < 10; ++k) {
      const Case c = random_case(rng, bits & 1, bits & 2, bits & 4, bits & 8, bits & 16);
      const auto g = attn::self_attention_backward(c.X, c.w, c.o, c.dC);
      INFO("options " << bits << ", case " << k);
      const MatrixXd dX =
          g.dQ * c.w.Wq.transpose() + g.dK * c.w.Wk.transpose() + g.dV * c.w.Wv.transpose();
      CHECK(rel(g.dX, dX) < 1e-12);
      CHECK(rel(g.dWq, c.X.transpose() * g.dQ) < 1e-12);
      CHECK(rel(g.dWk, c.X.transpose() * g.dK) < 1e-12);
      CHECK(rel(g.dWv, c.X.transpose() * g.dV) < 1e-12);
      CHECK(rel(g.dbq, g.dQ.colwise().sum().transpose()) < 1e-12);
      CHECK(rel(g.dbv, g.dV.colwise().sum().transpose()) < 1e-12);
      // b_K's true gradient is 0 (see relative_error above): both ways it is rounding only.
      CHECK(g.dbk.norm() < 1e-12 * std::max(1.0, g.dK.norm()));
      CHECK(g.dK.colwise().sum().norm() < 1e-12 * std::max(1.0, g.dK.norm()));
    }
  }
}
