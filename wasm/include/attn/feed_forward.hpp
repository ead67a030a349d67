// The position-wise feed-forward network: the same two-layer ReLU MLP applied
// to every token on its own, FFN(x) = max(0, x W1 + b1) W2 + b2.
//
// One implementation in two layouts, as attn/linear.hpp and attn/layer_norm.hpp: the training
// form below (tokens as columns, buffers kept by the caller, with its backward pass) is the
// computation; the engine's form (rows as tokens, checked input, a trace for the lessons) checks
// its input and runs the training form on X^T. The training form must not allocate per
// sentence, and the models need its backward pass, which the lessons do not.
#pragma once

#include <Eigen/Dense>
#include <optional>

#include "attn/linear.hpp"

namespace attn {

// The engine's form (lessons, JS API): X has one row per token; biases optional.
struct FeedForwardParams {
  Eigen::MatrixXd W1;  // d x d_ff
  std::optional<Eigen::VectorXd> b1;
  Eigen::MatrixXd W2;  // d_ff x d_out
  std::optional<Eigen::VectorXd> b2;
};

struct FeedForwardTrace {
  Eigen::MatrixXd hidden;     // X W1 + b1
  Eigen::MatrixXd activated;  // ReLU(hidden)
  Eigen::MatrixXd output;     // activated W2 + b2
};

// Checks its input and names any problem (std::invalid_argument).
FeedForwardTrace feed_forward_trace(const Eigen::MatrixXd& X, const FeedForwardParams& p);
Eigen::MatrixXd feed_forward(const Eigen::MatrixXd& X, const FeedForwardParams& p);

// The training form (the translator's encoder and decoder layers): tokens are columns, every
// tensor present (what an optimiser updates), no input checks (the model makes every shape).
struct FeedForwardWeights {
  Eigen::MatrixXd W1, W2;     // d x f, f x d_out
  Eigen::RowVectorXd b1, b2;  // 1 x f, 1 x d_out
};

// What a forward pass leaves for its backward pass and the backward pass's buffers, sized once
// for up to max_tokens tokens; a call uses the first columns.
struct FeedForwardCache {
  FeedForwardCache() = default;
  // gradient_capacity: tokens that may pass backward between two flush_weight_gradients.
  FeedForwardCache(Eigen::Index width, Eigen::Index hidden, Eigen::Index out,
                   Eigen::Index max_tokens, Eigen::Index gradient_capacity);

  Eigen::MatrixXd hidden, active, dactive;  // f x tokens: x W1 + b1, its ReLU, d loss / d ReLU
  Eigen::MatrixXd dX;                       // d x tokens
  WeightGradient dW1, dW2;
};

// Xt: d x n -> Out: d_out x n, Out = W2^T max(0, W1^T Xt + b1^T) + b2^T.
void feed_forward_forward(const FeedForwardWeights& p, const MatrixRef& Xt, MatrixOut Out,
                          FeedForwardCache& cache);

// dOut (d_out x n) -> dXt += the gradient through the network; the parameters' gradients
// accumulate into g (W1's and W2's once flush_weight_gradients is called).
void feed_forward_backward(const FeedForwardWeights& p, const MatrixRef& Xt, const MatrixRef& dOut,
                           MatrixOut dXt, FeedForwardWeights& g, FeedForwardCache& cache);

void flush_weight_gradients(FeedForwardCache& cache, FeedForwardWeights& g);

}  // namespace attn
