// A learned linear map applied to every token: Y = X W + b, and its backward pass.
#pragma once

#include <Eigen/Dense>
#include <optional>
#include <string>

#include "attn/matmul.hpp"

namespace attn {

// Names used in error messages, e.g. {"X", "W_Q", "b_Q"} gives
// "W_Q has 3 rows but X has 4 columns".
struct LinearNames {
  std::string x = "X";
  std::string w = "W";
  std::string b = "b";
};

// The engine's form (lessons, JS API): X: n x d_in, one row per token, W: d_in x d_out,
// b: d_out (optional, added to every row). Checks its input and names any problem.
Eigen::MatrixXd linear(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W,
                       const std::optional<Eigen::VectorXd>& b = std::nullopt,
                       const LinearNames& names = {});

// The trainer's form (attn::train), with its backward pass. There tokens are columns
// (Xt = X^T: d_in x n, each token's vector contiguous), because the training step often runs
// one token, and attn::matmul's kernels are vectorised along a contiguous column, which the
// token is only in this layout. No input checks: the trainer makes every shape itself.

// Yt = W^T Xt + b^T (b added to every column): the same Y = X W + b, transposed.
void linear_forward(const MatrixRef& W, const Eigen::RowVectorXd& b, const MatrixRef& Xt,
                    MatrixOut Yt);

// A weight's gradient is a sum of outer products, one per token: dW += x dy^T. They are kept
// here (one row per token) and added as one product per batch (attn::matmul_tn_add: in wasm its
// SIMD kernel, where the outer products one at a time would run a double per instruction).
class WeightGradient {
 public:
  WeightGradient() = default;
  // capacity: the tokens that may be added between two flush() calls without an early flush.
  WeightGradient(Eigen::Index capacity, Eigen::Index in, Eigen::Index out);
  // dW += scale * Xt dYt^T (Xt: in x m, dYt: out x m), deferred until flush(dW).
  void add(const MatrixRef& Xt, const MatrixRef& dYt, Eigen::MatrixXd& dW, double scale = 1.0);
  void flush(Eigen::MatrixXd& dW);

 private:
  Eigen::MatrixXd x_, dy_;  // capacity x in, capacity x out: dW += x_^T dy_
  Eigen::Index count_ = 0;  // rows filled
};

// Backward of linear_forward: dXt = W dYt (written); db += the sum of dYt's columns;
// dW += Xt dYt^T through pending.
void linear_backward(const MatrixRef& W, const MatrixRef& Xt, const MatrixRef& dYt, MatrixOut dXt,
                     Eigen::RowVectorXd& db, WeightGradient& pending, Eigen::MatrixXd& dW);

}  // namespace attn
