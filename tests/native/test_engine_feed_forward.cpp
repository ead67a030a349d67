// The position-wise feed-forward network: against hand values, its engine form and training
// form (tokens as columns) against the definition, and the training form's backward pass
// against finite differences.
#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <random>

#include "attn/feed_forward.hpp"
#include "helpers.hpp"

TEST_CASE("feed-forward: two linear maps with a ReLU between, by hand") {
  // X = [[1,-2],[2,1]], W1 = [[1,0,-1],[0,1,1]], b1 = [0,1,0]:
  //   hidden row 1 = [1, -2+1, -1-2] = [1, -1, -3] -> ReLU [1, 0, 0]
  //   hidden row 2 = [2, 1+1, -2+1]  = [2, 2, -1]  -> ReLU [2, 2, 0]
  // W2 = [[2],[3],[4]], b2 = [0.5]: row 1 = 2 + 0.5 = 2.5; row 2 = 4 + 6 + 0.5 = 10.5.
  attn::FeedForwardParams p{mat({{1, 0, -1}, {0, 1, 1}}), vec({0, 1, 0}), mat({{2}, {3}, {4}}),
                            vec({0.5})};
  const attn::FeedForwardTrace t = attn::feed_forward_trace(mat({{1, -2}, {2, 1}}), p);
  CHECK(t.hidden == mat({{1, -1, -3}, {2, 2, -1}}));
  CHECK(t.activated == mat({{1, 0, 0}, {2, 2, 0}}));
  CHECK(t.output == mat({{2.5}, {10.5}}));
  CHECK(attn::feed_forward(mat({{1, -2}, {2, 1}}), p) == t.output);
}

TEST_CASE("feed-forward rejects mismatched weights") {
  attn::FeedForwardParams p{mat({{1, 0, -1}, {0, 1, 1}}), std::nullopt, mat({{2}, {3}}),
                            std::nullopt};
  CHECK_THROWS_WITH(attn::feed_forward(mat({{1, 2}}), p),
                    "W2 has 2 rows but the hidden layer has 3 columns");
  CHECK_THROWS_WITH(attn::feed_forward(mat({{1, 2, 3}}), p), "W1 has 2 rows but X has 3 columns");
  p.W2 = mat({{1}, {1}, {1}});
  p.b1 = vec({1});
  CHECK_THROWS_WITH(attn::feed_forward(mat({{1, 2}}), p), "b1 has 1 entry but W1 has 3 columns");
}

namespace {

// The network written out with plain Eigen products, rows as tokens.
Eigen::MatrixXd by_definition(const Eigen::MatrixXd& X, const attn::FeedForwardWeights& p) {
  const Eigen::MatrixXd hidden = (X * p.W1).rowwise() + p.b1;
  return (hidden.cwiseMax(0.0) * p.W2).rowwise() + p.b2;
}

attn::FeedForwardWeights random_weights(std::mt19937& rng, Eigen::Index d, Eigen::Index f,
                                        Eigen::Index out) {
  return {random_matrix(rng, d, f, 1.0), random_matrix(rng, f, out, 1.0),
          random_matrix(rng, 1, f, 1.0), random_matrix(rng, 1, out, 1.0)};
}

// L = sum(dOut .* FFN(X)) through the training form, its gradient with respect to the output is
// dOut itself.
double loss(const Eigen::MatrixXd& Xt, const attn::FeedForwardWeights& p,
            const Eigen::MatrixXd& dOut) {
  attn::FeedForwardCache cache(Xt.rows(), p.W1.cols(), p.W2.cols(), Xt.cols(), 0);
  Eigen::MatrixXd Out(p.W2.cols(), Xt.cols());
  attn::feed_forward_forward(p, Xt, Out, cache);
  return (Out.array() * dOut.array()).sum();
}

// Central differences (h = 1e-6) of loss in every entry of m.
Eigen::MatrixXd numeric(Eigen::MatrixXd& m, const std::function<double()>& f) {
  Eigen::MatrixXd g(m.rows(), m.cols());
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    const double keep = m.data()[i];
    m.data()[i] = keep + 1e-6;
    const double up = f();
    m.data()[i] = keep - 1e-6;
    const double down = f();
    m.data()[i] = keep;
    g.data()[i] = (up - down) / 2e-6;
  }
  return g;
}

double relative(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return (a - b).norm() / std::max(a.norm(), b.norm());
}

}  // namespace

TEST_CASE("feed-forward, tokens as columns: the engine's form and the definition agree") {
  std::mt19937 rng(17);
  for (int k = 0; k < 20; ++k) {
    const Eigen::Index n = 1 + k % 5, d = 1 + k % 4, f = 2 + k % 6, out = 1 + (k * 7) % 5;
    const Eigen::MatrixXd X = random_matrix(rng, n, d, 1.0);
    const attn::FeedForwardWeights w = random_weights(rng, d, f, out);
    const Eigen::MatrixXd expected = by_definition(X, w);
    // The training form on X^T, in a cache sized for more tokens than it is given.
    attn::FeedForwardCache cache(d, f, out, n + 3, 0);
    Eigen::MatrixXd Out(out, n);
    attn::feed_forward_forward(w, X.transpose(), Out, cache);
    CHECK(near(Out.transpose(), expected, 1e-12));
    // The engine's form, with the biases given, and without them (= zero biases).
    const attn::FeedForwardParams p{w.W1, Eigen::VectorXd(w.b1.transpose()), w.W2,
                                    Eigen::VectorXd(w.b2.transpose())};
    CHECK(near(attn::feed_forward(X, p), expected, 1e-12));
    attn::FeedForwardWeights unbiased = w;
    unbiased.b1.setZero();
    unbiased.b2.setZero();
    CHECK(near(attn::feed_forward(X, {w.W1, std::nullopt, w.W2, std::nullopt}),
               by_definition(X, unbiased), 1e-12));
  }
}

TEST_CASE("feed-forward backward matches finite differences, and the check can fail") {
  std::mt19937 rng(23);
  for (int k = 0; k < 12; ++k) {
    const Eigen::Index n = 1 + k % 4, d = 2 + k % 3, f = 3 + k % 4, out = 1 + k % 3;
    Eigen::MatrixXd Xt;
    attn::FeedForwardWeights p;
    Eigen::MatrixXd hidden;
    do {  // a case with a unit on (else every gradient but db2 is 0) and none near ReLU's kink
      Xt = random_matrix(rng, d, n, 1.0);
      p = random_weights(rng, d, f, out);
      hidden = (Xt.transpose() * p.W1).rowwise() + p.b1;
    } while ((hidden.array() > 0).count() == 0 || hidden.cwiseAbs().minCoeff() < 1e-4);
    const Eigen::MatrixXd dOut = random_matrix(rng, out, n, 1.0);
    // Backward twice into one accumulator, with room for fewer tokens than that: the pending
    // weight gradients are flushed early once, and everything is counted twice.
    attn::FeedForwardCache cache(d, f, out, n, n + 1);
    attn::FeedForwardWeights g{Eigen::MatrixXd::Zero(d, f), Eigen::MatrixXd::Zero(f, out),
                               Eigen::RowVectorXd::Zero(f), Eigen::RowVectorXd::Zero(out)};
    Eigen::MatrixXd dXt = Eigen::MatrixXd::Zero(d, n), Out(out, n);
    for (int twice = 0; twice < 2; ++twice) {
      attn::feed_forward_forward(p, Xt, Out, cache);
      attn::feed_forward_backward(p, Xt, dOut, dXt, g, cache);
    }
    attn::flush_weight_gradients(cache, g);
    auto L = [&] { return 2 * loss(Xt, p, dOut); };
    INFO("case " << k);
    CHECK(relative(dXt, numeric(Xt, L)) < 1e-7);
    CHECK(relative(g.W1, numeric(p.W1, L)) < 1e-7);
    CHECK(relative(g.W2, numeric(p.W2, L)) < 1e-7);
    Eigen::MatrixXd b1 = p.b1, b2 = p.b2;
    auto with_biases = [&] {
      p.b1 = b1;
      p.b2 = b2;
      return L();
    };
    const Eigen::MatrixXd nb1 = numeric(b1, with_biases), nb2 = numeric(b2, with_biases);
    with_biases();
    CHECK(relative(g.b1, nb1) < 1e-7);
    CHECK(relative(g.b2, nb2) < 1e-7);
    // Guards the guard: 0.01% off in W2 fails the same check.
    CHECK(relative(1.0001 * g.W2, numeric(p.W2, L)) > 1e-7);
  }
}
