#include "attn/feed_forward.hpp"

#include "attn/linear.hpp"

namespace attn {

FeedForwardTrace feed_forward_trace(const Eigen::MatrixXd& X, const FeedForwardParams& p) {
  FeedForwardTrace t;
  t.hidden = linear(X, p.W1, p.b1, {"X", "W1", "b1"});
  t.activated = t.hidden.cwiseMax(0.0);
  t.output = linear(t.activated, p.W2, p.b2, {"the hidden layer", "W2", "b2"});
  return t;
}

Eigen::MatrixXd feed_forward(const Eigen::MatrixXd& X, const FeedForwardParams& p) {
  return feed_forward_trace(X, p).output;
}

}  // namespace attn
