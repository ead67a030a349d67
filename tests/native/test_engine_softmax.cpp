// Softmax: hand-checked values from the softmax lesson, numerical stability, masking,
// temperature, and every error.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "attn/softmax.hpp"
#include "helpers.hpp"

TEST_CASE("softmax([8, 2, 5]) = [0.9503, 0.0024, 0.0473] (the softmax lesson's scores)") {
  // By hand: shift by 8 -> [0, -6, -3]; exps [1, 0.0024788, 0.0497871]; sum 1.0522658;
  // weights [0.950330, 0.002356, 0.047314].
  const Eigen::VectorXd w = attn::softmax(vec({8, 2, 5}));
  CHECK(w(0) == Approx(0.9503).margin(5e-5));
  CHECK(w(1) == Approx(0.0024).margin(5e-5));
  CHECK(w(2) == Approx(0.0473).margin(5e-5));
  CHECK(w(0) == Approx(0.950330).margin(1e-6));
}

TEST_CASE("softmax([-2, 8, 8]) ~ [0.0000227, 0.49999, 0.49999] (two tied winners)") {
  // By hand: e^-10 = 4.539993e-5, sum = 2.0000454, weights = [2.26994e-5, 0.4999887, 0.4999887],
  // which rounds to [0.0, 0.5, 0.5].
  const Eigen::VectorXd w = attn::softmax(vec({-2, 8, 8}));
  CHECK(w(0) == Approx(2.26994e-5).margin(1e-10));
  CHECK(w(1) == Approx(0.4999887).margin(1e-7));
  CHECK(w(2) == w(1));
}

TEST_CASE("softmax trace shows every step") {
  // x = [1, 3], T = 2: scaled [0.5, 1.5], max 1.5, shifted [-1, 0], exps [e^-1, 1],
  // sum 1.3678794, weights [0.2689414, 0.7310586] (by hand; = logistic(-1), logistic(1)).
  const attn::SoftmaxTrace t = attn::softmax_trace(vec({1, 3}), 2.0);
  CHECK(t.scaled == vec({0.5, 1.5}));
  CHECK(t.max == 1.5);
  CHECK(t.shifted == vec({-1, 0}));
  CHECK(t.exps(0) == Approx(std::exp(-1.0)));
  CHECK(t.exps(1) == 1.0);
  CHECK(t.sum == Approx(1.3678794).margin(1e-7));
  CHECK(t.weights(0) == Approx(0.2689414).margin(1e-7));
  CHECK(t.weights(1) == Approx(0.7310586).margin(1e-7));
}

TEST_CASE("softmax trace divides by T * sqrt(d_k) when given d_k") {
  // The worked 2-token example unscaled: Q1.K1 = 5011, Q1.K2 = 7148; d_k = 4, T = 1 -> divisor 2,
  // scaled [2505.5, 3574] (its scaled scores), weights [0, 1].
  const attn::SoftmaxTrace t = attn::softmax_trace(vec({5011, 7148}), 1.0, 4);
  CHECK(t.divisor == 2.0);
  CHECK(t.scaled == vec({2505.5, 3574}));
  CHECK(t.weights == vec({0, 1}));
  // T = 2, d_k = 9: divisor 6; [6, 12] / 6 = [1, 2] -> logistic(-1), logistic(1) (by hand).
  const attn::SoftmaxTrace u = attn::softmax_trace(vec({6, 12}), 2.0, 9);
  CHECK(u.divisor == 6.0);
  CHECK(u.weights(0) == Approx(0.2689414).margin(1e-7));
  // Without d_k nothing is scaled beyond the temperature.
  CHECK(attn::softmax_trace(vec({1, 3}), 2.0).divisor == 2.0);
  CHECK_THROWS_WITH(attn::softmax_trace(vec({1, 2}), 1.0, 0),
                    "d_k is 0; it must be a whole number of at least 1");
}

TEST_CASE("softmax is stable for huge scores: [2505.5, 3574] -> exactly [0, 1] (2-token example)") {
  // exp(2505.5) and exp(3574) both overflow; after the shift exp(-1068.5) underflows to 0.
  const Eigen::VectorXd w = attn::softmax(vec({2505.5, 3574}));
  CHECK(w(0) == 0.0);
  CHECK(w(1) == 1.0);
  // Very negative scores too: shifting keeps the largest at exp(0) = 1, never 0/0.
  const Eigen::VectorXd v = attn::softmax(vec({-1e300, -1e300 + 1e285}));
  CHECK(v.allFinite());
  CHECK(v.sum() == Approx(1.0));
}

TEST_CASE("softmax of large finite scores never gives NaN") {
  const Eigen::VectorXd w = attn::softmax(vec({1e308, -1e308, 0}));
  CHECK(w == vec({1, 0, 0}));
}

TEST_CASE("masked (-infinity) entries get weight exactly 0") {
  // The rest is softmax([0, 0]) = [0.5, 0.5].
  const Eigen::VectorXd w = attn::softmax(vec({0, -kInf, 0}));
  CHECK(w == vec({0.5, 0, 0.5}));
}

TEST_CASE("temperature divides the scores before the softmax") {
  const Eigen::VectorXd x = vec({1, 2, 4});
  CHECK(near(attn::softmax(x, 2.0), attn::softmax(x / 2.0), 1e-15));
  // Very high temperature flattens towards uniform; very low sharpens towards one-hot.
  CHECK(near(attn::softmax(x, 1e9), Eigen::VectorXd::Constant(3, 1.0 / 3), 1e-8));
  CHECK(near(attn::softmax(x, 1e-3), vec({0, 0, 1}), 1e-12));
}

TEST_CASE("softmax is unchanged by adding a constant (the shift is exact)") {
  const Eigen::VectorXd x = vec({0.3, -1.2, 2.5, 0});
  CHECK(near(attn::softmax(x), attn::softmax((x.array() + 100.0).matrix()), 1e-13));
}

TEST_CASE("row softmax treats each row on its own") {
  const Eigen::MatrixXd w = attn::softmax_rows(mat({{8, 2, 5}, {0, -kInf, 0}}));
  CHECK(w.row(0).transpose() == attn::softmax(vec({8, 2, 5})));
  CHECK(w.row(1) == mat({{0.5, 0, 0.5}}));
}

TEST_CASE("softmax rejects bad input with a message that names it") {
  CHECK_THROWS_WITH(attn::softmax(Eigen::VectorXd()), "x is empty");
  CHECK_THROWS_WITH(attn::softmax(vec({1, kNaN})),
                    "x has NaN at entry 2; every score must be a number");
  CHECK_THROWS_WITH(attn::softmax(vec({kInf, 1})),
                    "x has Infinity at entry 1; only -Infinity (a masked position) is allowed");
  // All masked: there is nothing to attend to, so no distribution is invented.
  CHECK_THROWS_WITH(attn::softmax(vec({-kInf, -kInf})),
                    "x is -Infinity everywhere (every position is masked); softmax needs at "
                    "least one finite score");
  CHECK_THROWS_WITH(attn::softmax(vec({1, 2}), 0.0),
                    "temperature must be a finite number greater than 0, got 0");
  CHECK_THROWS_WITH(attn::softmax(vec({1, 2}), -0.5),
                    "temperature must be a finite number greater than 0, got -0.5");
  CHECK_THROWS_WITH(attn::softmax(vec({1, 2}), kNaN),
                    "temperature must be a finite number greater than 0, got NaN");
  CHECK_THROWS_WITH(attn::softmax(vec({1, 2}), kInf),
                    "temperature must be a finite number greater than 0, got Infinity");
  CHECK_THROWS_WITH(attn::softmax(vec({1e308, 1}), 0.1),
                    Catch::Matchers::StartsWith("x / temperature overflowed"));
  CHECK_THROWS_WITH(attn::softmax(vec({-1e308, -1e308}), 0.1),
                    Catch::Matchers::StartsWith("x / temperature overflowed"));
  CHECK_THROWS_WITH(attn::softmax_rows(mat({{1, 2}, {-kInf, -kInf}})),
                    Catch::Matchers::StartsWith("scores row 2 is -Infinity everywhere"));
  CHECK_THROWS_WITH(attn::softmax_rows(Eigen::MatrixXd()), "scores is empty");
  CHECK_THROWS_AS(attn::softmax(vec({kNaN})), std::invalid_argument);
}

TEST_CASE("softmax trace: T * sqrt(d_k) that overflows is an error, not NaN weights") {
  // 1e308 * sqrt(4) = 2e308 > DBL_MAX (about 1.8e308): the divisor would be Infinity, and
  // -Infinity / Infinity = NaN would pass the masked entry through as NaN weights.
  CHECK_THROWS_WITH(attn::softmax_trace(vec({1, -kInf}), 1e308, 4),
                    "temperature * sqrt(d_k) overflowed (1e+308 * sqrt(4) is too large to "
                    "represent); use a smaller temperature");
  // Just below the limit the divisor is finite and the masked entry keeps weight 0:
  // 8e307 * 2 = 1.6e308, 1 / 1.6e308 = 6.25e-309 (subnormal, still > 0 = shifted max).
  const attn::SoftmaxTrace t = attn::softmax_trace(vec({1, -kInf}), 8e307, 4);
  CHECK(t.divisor == 1.6e308);
  CHECK(t.weights == vec({1, 0}));
  // A row of all -Infinity stays a named error, with or without d_k.
  CHECK_THROWS_WITH(attn::softmax_trace(vec({-kInf, -kInf}), 1.0, 4),
                    Catch::Matchers::StartsWith("x is -Infinity everywhere"));
}

TEST_CASE("softmax plus one: hand values, huge and very negative scores, rows short of 1") {
  using attn::softmax_plus_one_rows;
  // [0, 0]: e^0 / (1 + e^0 + e^0) = 1/3 each; the extra 1 takes the last third.
  CHECK(near(softmax_plus_one_rows(mat({{0, 0}})), mat({{1.0 / 3, 1.0 / 3}}), 1e-16));
  // [1, 2, 3]: shift by m = 3: [e^-2, e^-1, 1] / (e^-3 + e^-2 + e^-1 + 1) = [0.087144,
  // 0.236883, 0.643914], summing to 0.967941 (an independent Python script: 17 digits below).
  const Eigen::MatrixXd w = softmax_plus_one_rows(mat({{1, 2, 3}}));
  CHECK(near(w, mat({{0.087144318742032573, 0.23688281808991013, 0.64391425988797235}}), 1e-16));
  CHECK(w.sum() == Approx(0.96794139671991508).epsilon(1e-15));
  // All below 0: the shift is max(0, max) = 0: [-1, -2] -> [e^-1, e^-2] / (1 + e^-1 + e^-2)
  // = [0.244728, 0.090031].
  CHECK(near(softmax_plus_one_rows(mat({{-1, -2}})),
             mat({{0.24472847105479764, 0.090030573170380462}}), 1e-16));
  // The worked example's huge scores: shift by 3574, e^-3574 and e^-1068.5 are 0 in doubles:
  // exactly [0, 1] (the true sum, 1 - e^-3574, rounds to 1), never inf / inf.
  CHECK(softmax_plus_one_rows(mat({{2505.5, 3574}})) == mat({{0, 1}}));
  // Very negative scores: the shift is 0 and e^-800 underflows: the row gives weight to nothing.
  CHECK(softmax_plus_one_rows(mat({{-800, -900}})) == mat({{0, 0}}));
  // Short of 1 while the largest score is below ~36.7 (e^-m still counts next to the sum):
  // [8, 2, 5] sums to 1 - e^-8 / (e^-8 + 1 + e^-6 + e^-3) = 0.999681.
  // [-30, -30]: 2 e^-30 / (1 + 2 e^-30) = 1.87e-13.
  const Eigen::MatrixXd rows = softmax_plus_one_rows(mat({{8, 2, 5}, {-30, -30, -kInf}}));
  CHECK(rows.row(0).sum() == Approx(0.99968130133103095).epsilon(1e-15));
  CHECK(rows.row(1).sum() == Approx(1.8715245937676846e-13).epsilon(1e-12));
  for (Eigen::Index i = 0; i < rows.rows(); ++i) CHECK(rows.row(i).sum() < 1);
  // Temperature and masks as softmax: [2, 4, 6] / 2 is [1, 2, 3]; a masked score weighs 0.
  CHECK(near(softmax_plus_one_rows(mat({{2, 4, 6}}), 2), w, 1e-16));
  CHECK(near(softmax_plus_one_rows(mat({{1, -kInf}})), mat({{0.7310585786300049, 0}}), 1e-16));
  CHECK_THROWS_WITH(softmax_plus_one_rows(mat({{1, kNaN}})),
                    "scores row 1 has NaN at entry 2; every score must be a number");
}
