// Layer normalisation against hand values.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>

#include "attn/layer_norm.hpp"
#include "helpers.hpp"

TEST_CASE("layer norm of [1,2,3,4] and a constant row, by hand") {
  // Row 1: mean 2.5, variance (2.25+0.25+0.25+2.25)/4 = 1.25,
  // 1/sqrt(1.25 + 1e-5) = 0.8944236 -> normalized [-1.3416354, -0.4472118, 0.4472118, 1.3416354].
  // Row 2 ([5,5,5,5]): mean 5, variance 0, normalized 0 / sqrt(1e-5) = 0 (eps prevents 0/0).
  // gamma [1,2,1,1], beta [0,0,1,-1]: output row 1 = [-1.3416354, -0.8944236, 1.4472118,
  // 0.3416354], row 2 = beta.
  attn::LayerNormParams p;
  p.gamma = vec({1, 2, 1, 1});
  p.beta = vec({0, 0, 1, -1});
  const attn::LayerNormTrace t = attn::layer_norm_trace(mat({{1, 2, 3, 4}, {5, 5, 5, 5}}), p);
  CHECK(t.mean == vec({2.5, 5}));
  CHECK(t.variance == vec({1.25, 0}));
  INFO(show(t.normalized));
  CHECK(near(t.normalized, mat({{-1.3416354, -0.4472118, 0.4472118, 1.3416354}, {0, 0, 0, 0}}),
             1e-7));
  INFO(show(t.output));
  CHECK(near(t.output, mat({{-1.3416354, -0.8944236, 1.4472118, 0.3416354}, {0, 0, 1, -1}}), 1e-7));
  CHECK(attn::layer_norm(mat({{1, 2, 3, 4}, {5, 5, 5, 5}}), p) == t.output);
}

TEST_CASE("layer norm without gamma/beta: every row has mean 0 and variance ~1") {
  std::mt19937 rng(7);
  const Eigen::MatrixXd X = random_matrix(rng, 5, 8, 10.0);
  const Eigen::MatrixXd Y = attn::layer_norm(X);
  for (Eigen::Index i = 0; i < Y.rows(); ++i) {
    CHECK(Y.row(i).mean() == Approx(0).margin(1e-12));
    // variance / (variance + eps), slightly under 1.
    const double var = (X.row(i).array() - X.row(i).mean()).square().mean();
    CHECK(Y.row(i).array().square().mean() == Approx(var / (var + 1e-5)).epsilon(1e-12));
  }
}

TEST_CASE("layer norm rejects bad parameters") {
  const Eigen::MatrixXd X = mat({{1, 2, 3}});
  attn::LayerNormParams p;
  p.gamma = vec({1, 1});
  CHECK_THROWS_WITH(attn::layer_norm(X, p), "gamma has 2 entries but X has 3 columns");
  p.gamma.reset();
  p.beta = vec({1, 1, 1, 1});
  CHECK_THROWS_WITH(attn::layer_norm(X, p), "beta has 4 entries but X has 3 columns");
  p.beta.reset();
  p.eps = 0;
  CHECK_THROWS_WITH(attn::layer_norm(X, p), "eps must be a finite number greater than 0, got 0");
  p.eps = 1e-5;
  CHECK_THROWS_WITH(attn::layer_norm(Eigen::MatrixXd()), "X is empty");
  CHECK_THROWS_WITH(attn::layer_norm(mat({{1, kInf}})),
                    "X has Infinity at row 1, column 2; every entry must be a finite number");
  CHECK_THROWS_WITH(attn::layer_norm(mat({{1e308, -1e308}})),
                    Catch::Matchers::StartsWith("the variance of X overflowed"));
}

TEST_CASE("layer norm, the trainer's form (tokens as columns): the same numbers by hand") {
  // The first test's rows as columns, the same gamma and beta: the same outputs.
  const Eigen::MatrixXd Xt = mat({{1, 5}, {2, 5}, {3, 5}, {4, 5}});
  const Eigen::RowVectorXd gamma = vec({1, 2, 1, 1}).transpose(),
                           beta = vec({0, 0, 1, -1}).transpose();
  attn::LayerNormCache cache{Eigen::MatrixXd(4, 2), Eigen::VectorXd(2)};
  Eigen::MatrixXd Yt(4, 2);
  attn::layer_norm_forward(Xt, gamma, beta, Yt, cache);
  INFO(show(Yt));
  CHECK(near(Yt.transpose(), mat({{-1.3416354, -0.8944236, 1.4472118, 0.3416354}, {0, 0, 1, -1}}),
             1e-7));
  CHECK(cache.inv_std(0) == Approx(0.8944236).epsilon(1e-7));  // 1 / sqrt(1.25 + 1e-5)
  // Backward of column 1 with dy = [1 0 0 0]: dxhat = dy * gamma = [1 0 0 0], sum 1,
  // sum(dxhat * xhat) = xhat_1 = -1.3416354; dx = inv_std / 4 * (4 dxhat - 1 + 1.3416354 xhat)
  // = 0.2236059 * [3 - 1.7999856, -1 - 0.5999952, -1 + 0.5999952, -1 + 1.7999856]
  // = [0.2683303, -0.3577684, -0.0894434, 0.1788815] (1.3416354^2 = 1.7999856: 1.8 less eps's
  // share). Column 2 gets dy = 0, so dx = 0. dgamma = dy * xhat, dbeta = dy.
  const Eigen::MatrixXd dYt = mat({{1, 0}, {0, 0}, {0, 0}, {0, 0}});
  Eigen::MatrixXd dXt(4, 2);
  Eigen::RowVectorXd dgamma = Eigen::RowVectorXd::Zero(4), dbeta = Eigen::RowVectorXd::Zero(4);
  attn::layer_norm_backward(dYt, gamma, cache, dXt, dgamma, dbeta);
  INFO(show(dXt));
  CHECK(near(dXt, mat({{0.2683303, 0}, {-0.3577684, 0}, {-0.0894434, 0}, {0.1788815, 0}}), 1e-7));
  CHECK(dgamma(0) == Approx(-1.3416354).epsilon(1e-7));
  CHECK(dbeta == vec({1, 0, 0, 0}).transpose());
}
