// The position-wise feed-forward network: the same two-layer ReLU MLP applied
// to every token on its own, FFN(x) = max(0, x W1 + b1) W2 + b2.
#pragma once

#include <Eigen/Dense>
#include <optional>

namespace attn {

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

FeedForwardTrace feed_forward_trace(const Eigen::MatrixXd& X, const FeedForwardParams& p);
Eigen::MatrixXd feed_forward(const Eigen::MatrixXd& X, const FeedForwardParams& p);

}  // namespace attn
