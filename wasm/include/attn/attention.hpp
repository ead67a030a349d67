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

// Where positions enter: nowhere (the lessons add them to X beforehand, if at all), or as RoPE
// on the queries and keys (attn/rope.hpp).
enum class Positions { None, Rope };
// Standard: each row of weights sums to 1. PlusOne: softmax_plus_one_rows (attn/softmax.hpp),
// each row sums to less than 1, so a query may attend to nothing.
enum class SoftmaxKind { Standard, PlusOne };

struct AttentionOptions {
  bool scale = true;         // divide scores by sqrt(d_k)
  bool causal = false;       // token i may not look at tokens j > i
  double temperature = 1.0;  // softmax temperature, finite and > 0
  // Rope: Q and K turned after their projection (and biases), row i as at position i; the
  // trace's Q and K are the turned ones, so its scores are still Q K^T / sqrt(d_k).
  Positions positions = Positions::None;
  double rope_base = 10000;  // RoPE's base, finite and > 0 (checked even when unused)
  SoftmaxKind softmax = SoftmaxKind::Standard;
};

// Checks everything one head reads (X, its weights and biases, the options) and names the
// first problem; shared by self_attention and attention_tiled, so both refuse alike.
void require_attention_inputs(const Eigen::MatrixXd& X, const AttentionWeights& w,
                              const AttentionOptions& options);

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
// The same from the sizes: n tokens of width d, queries and keys of width d_k, values of d_v.
Eigen::Index trace_numbers(Eigen::Index n, Eigen::Index d, Eigen::Index dk, Eigen::Index dv);
// How many numbers self_attention_backward's gradients of these inputs hold (the same limit).
Eigen::Index gradient_numbers(const Eigen::MatrixXd& X, const AttentionWeights& w);

// Error messages are prefixed with `where` (e.g. "head 2: ") when given.
AttentionTrace self_attention(const Eigen::MatrixXd& X, const AttentionWeights& w,
                              const AttentionOptions& options = {}, const std::string& where = "");

// Q, K and V of one head as self_attention computes them (RoPE applied to Q and K when asked),
// for inputs that passed require_attention_inputs. `first` is the position of X's first row.
Eigen::MatrixXd attention_queries(const Eigen::MatrixXd& X, const AttentionWeights& w,
                                  const AttentionOptions& options, Eigen::Index first = 0);
Eigen::MatrixXd attention_keys(const Eigen::MatrixXd& X, const AttentionWeights& w,
                               const AttentionOptions& options);
Eigen::MatrixXd attention_values(const Eigen::MatrixXd& X, const AttentionWeights& w);

// The gradients of a loss L with respect to every input and intermediate of self_attention,
// given dContext = dL/dcontext (n x d_v). Shapes follow the forward's: dScores is dL/d of the
// trace's scores (after the 1/sqrt(d_k), before the temperature), 0 where masked. Only for the
// standard softmax without RoPE: other options are refused by name.
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
