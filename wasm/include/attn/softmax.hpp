// Softmax: turns a row of scores into weights that are positive and sum to 1.
#pragma once

#include <Eigen/Dense>
#include <cmath>

namespace attn {

// Every intermediate of a stable softmax, so a lesson can show each step.
// divisor = T * sqrt(d_k); scaled = x / divisor; max = max(scaled); shifted = scaled - max;
// exps = exp(shifted); sum = sum(exps); weights = exps / sum.
struct SoftmaxTrace {
  double divisor = 1.0;
  Eigen::VectorXd scaled;
  double max = 0.0;
  Eigen::VectorXd shifted;
  Eigen::VectorXd exps;
  double sum = 0.0;
  Eigen::VectorXd weights;
};

// Subtracting the maximum before exp keeps every exponent <= 0, so huge scores
// (2505.5 vs 3574) give [0, 1] instead of inf/inf = NaN.
// -infinity entries (masked positions) get weight exactly 0.
// Throws std::invalid_argument if x is empty, holds NaN or +infinity, if every
// entry is -infinity (nothing to attend to: no meaningful distribution exists),
// if the temperature is not a finite number > 0, or if T * sqrt(d_k) or a scaled score
// overflows.
// key_dim = d_k divides the scores by sqrt(d_k) as attention does (1: no scaling);
// it must be a whole number >= 1.
SoftmaxTrace softmax_trace(const Eigen::VectorXd& x, double temperature = 1.0, int key_dim = 1);
Eigen::VectorXd softmax(const Eigen::VectorXd& x, double temperature = 1.0);

// Softmax of each row independently (the attention weights of each query).
// Same rules as softmax(), applied row by row; the error message names the row.
Eigen::MatrixXd softmax_rows(const Eigen::MatrixXd& scores, double temperature = 1.0);

// "Softmax plus one" (E. Miller, 2023, "Attention is off by one") of each row: weights
// e^{x_j} / (1 + sum_k e^{x_k}) with x = scores / temperature, the softmax of the row with one
// more score of 0 whose weight is dropped, so a row may give its weight to nothing (rows sum to
// less than 1). Computed shifted by m = max(0, max x): e^{x_j - m} / (e^{-m} + sum e^{x_k - m}),
// so no exponent is positive and huge scores stay exact. A row sums to exactly 1 in doubles once
// e^{-m} is below half an ulp of the sum (m > ~36.7). The same checks as softmax_rows().
Eigen::MatrixXd softmax_plus_one_rows(const Eigen::MatrixXd& scores, double temperature = 1.0);

// What a stable softmax of a row whose largest score is `max` subtracts from each score before
// exp: max; with softmax plus one's extra score of 0, max(0, max). And what that extra score adds
// to the sum of the shifted exps: 0, or e^{-shift}. softmax_plus_one_rows and the models'
// attention heads (attn/train/self_attention.hpp) share them.
inline double softmax_shift(double max, bool plus_one) { return plus_one && max < 0 ? 0.0 : max; }
inline double softmax_extra(double shift, bool plus_one) {
  return plus_one ? std::exp(-shift) : 0.0;
}

// The backward pass of softmax_rows: given its output `weights` and dL/dweights, dL/dscores.
// Row i's Jacobian is (diag(w) - w w^T) / T, so ds_j = w_j (dw_j - w . dw) / T; a masked
// score (weight 0) gets gradient 0.
Eigen::MatrixXd softmax_rows_backward(const Eigen::MatrixXd& weights,
                                      const Eigen::MatrixXd& dweights, double temperature = 1.0);

}  // namespace attn
