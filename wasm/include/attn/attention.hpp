// Scaled dot-product self-attention of one head (Vaswani et al., 2017, eq. 1):
// softmax(Q K^T / sqrt(d_k)) V, with Q = X W_Q + b_Q, K = X W_K + b_K, V = X W_V + b_V.
#pragma once

#include <Eigen/Dense>
#include <optional>
#include <string>

namespace attn {

// The learned projections of one head. X is n x d; W_Q, W_K are d x d_k; W_V is d x d_v.
struct AttentionWeights {
  Eigen::MatrixXd Wq, Wk, Wv;
  std::optional<Eigen::VectorXd> bq, bk, bv;
};

struct AttentionOptions {
  bool scale = true;         // divide scores by sqrt(d_k)
  bool causal = false;       // token i may not look at tokens j > i
  double temperature = 1.0;  // softmax temperature, finite and > 0
};

// Every intermediate, so a lesson can show each step.
struct AttentionTrace {
  Eigen::MatrixXd Q, K, V;  // n x d_k, n x d_k, n x d_v
  Eigen::MatrixXd scores;   // n x n, after scaling and masking (masked = -infinity)
  Eigen::MatrixXd weights;  // n x n, each row sums to 1
  Eigen::MatrixXd context;  // n x d_v = weights V
  // X + context (the residual connection); only defined when d_v == d.
  std::optional<Eigen::MatrixXd> output;
};

// How many numbers a trace of these inputs holds (for the per-call limit, validate.hpp).
Eigen::Index trace_numbers(const Eigen::MatrixXd& X, const AttentionWeights& w);
// How many numbers self_attention_backward's gradients of these inputs hold (the same limit).
Eigen::Index gradient_numbers(const Eigen::MatrixXd& X, const AttentionWeights& w);

// Error messages are prefixed with `where` (e.g. "head 2: ") when given.
AttentionTrace self_attention(const Eigen::MatrixXd& X, const AttentionWeights& w,
                              const AttentionOptions& options = {}, const std::string& where = "");

// The gradients of a loss L with respect to every input and intermediate of self_attention,
// given dContext = dL/dcontext (n x d_v). Shapes follow the forward's: dScores is dL/d of the
// trace's scores (after the 1/sqrt(d_k), before the temperature), 0 where masked.
struct AttentionGradients {
  Eigen::MatrixXd dX, dWq, dWk, dWv;
  Eigen::VectorXd dbq, dbk, dbv;  // returned with or without biases: dL/db at b = 0 is the same
  Eigen::MatrixXd dQ, dK, dV, dScores, dWeights;
};

// w by value: the weights are moved into the training layer's form and back while it works, not
// copied (pass std::move(w) when they are not needed after; the bindings do).
AttentionGradients self_attention_backward(const Eigen::MatrixXd& X, AttentionWeights w,
                                           const AttentionOptions& options,
                                           const Eigen::MatrixXd& dContext);

}  // namespace attn
