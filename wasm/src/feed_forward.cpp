#include "attn/feed_forward.hpp"

#include "attn/validate.hpp"

namespace attn {

FeedForwardTrace feed_forward_trace(const Eigen::MatrixXd& X, const FeedForwardParams& p) {
  require_matrix(X, "X");
  require_matrix(p.W1, "W1");
  require_rows_match_cols(p.W1, "W1", X, "X");
  require_bias(p.b1, "b1", p.W1, "W1");
  require_matrix(p.W2, "W2");
  require_rows_match_cols(p.W2, "W2", p.W1, "the hidden layer");
  require_bias(p.b2, "b2", p.W2, "W2");
  // An absent bias is a bias of zeros: adding 0.0 changes no entry.
  const Eigen::Index n = X.rows(), d = X.cols(), f = p.W1.cols(), out = p.W2.cols();
  const FeedForwardWeights w{
      p.W1, p.W2, p.b1 ? Eigen::RowVectorXd(p.b1->transpose()) : Eigen::RowVectorXd::Zero(f),
      p.b2 ? Eigen::RowVectorXd(p.b2->transpose()) : Eigen::RowVectorXd::Zero(out)};
  FeedForwardCache cache(d, f, out, n, 0);
  Eigen::MatrixXd Out(out, n);
  feed_forward_forward(w, X.transpose(), Out, cache);
  FeedForwardTrace t;
  t.hidden = cache.hidden.transpose();
  require_finite_result(t.hidden, std::string("X W1") + (p.b1 ? " + b1" : ""));
  t.activated = cache.active.transpose();
  t.output = Out.transpose();
  require_finite_result(t.output, std::string("the hidden layer W2") + (p.b2 ? " + b2" : ""));
  return t;
}

Eigen::MatrixXd feed_forward(const Eigen::MatrixXd& X, const FeedForwardParams& p) {
  return feed_forward_trace(X, p).output;
}

FeedForwardCache::FeedForwardCache(Eigen::Index d, Eigen::Index f, Eigen::Index out, Eigen::Index n,
                                   Eigen::Index capacity)
    : hidden(f, n),
      active(f, n),
      dactive(f, n),
      dX(d, n),
      dW1(capacity, d, f),
      dW2(capacity, f, out) {}

void feed_forward_forward(const FeedForwardWeights& p, const MatrixRef& Xt, MatrixOut Out,
                          FeedForwardCache& w) {
  const Eigen::Index n = Xt.cols();
  auto hidden = w.hidden.leftCols(n);
  auto active = w.active.leftCols(n);
  linear_forward(p.W1, p.b1, Xt, hidden);
  active = hidden.cwiseMax(0.0);
  linear_forward(p.W2, p.b2, active, Out);
}

void feed_forward_backward(const FeedForwardWeights& p, const MatrixRef& Xt, const MatrixRef& dOut,
                           MatrixOut dXt, FeedForwardWeights& g, FeedForwardCache& w) {
  const Eigen::Index n = Xt.cols();
  auto dactive = w.dactive.leftCols(n);
  auto dX = w.dX.leftCols(n);
  linear_backward(p.W2, w.active.leftCols(n), dOut, dactive, g.b2, w.dW2, g.W2);
  // ReLU passes the gradient where its input was positive (0 at exactly 0).
  dactive = (w.hidden.leftCols(n).array() > 0.0).select(dactive, 0.0);
  linear_backward(p.W1, Xt, dactive, dX, g.b1, w.dW1, g.W1);
  dXt += dX;
}

void flush_weight_gradients(FeedForwardCache& w, FeedForwardWeights& g) {
  w.dW1.flush(g.W1);
  w.dW2.flush(g.W2);
}

}  // namespace attn
