// Softmax: turns a row of scores into weights that are positive and sum to 1.
#pragma once

#include <Eigen/Dense>

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

// The backward pass of softmax_rows: given its output `weights` and dL/dweights, dL/dscores.
// Row i's Jacobian is (diag(w) - w w^T) / T, so ds_j = w_j (dw_j - w . dw) / T; a masked
// score (weight 0) gets gradient 0.
Eigen::MatrixXd softmax_rows_backward(const Eigen::MatrixXd& weights,
                                      const Eigen::MatrixXd& dweights, double temperature = 1.0);

}  // namespace attn
