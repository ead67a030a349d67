#include "attn/layer_norm.hpp"

#include "attn/validate.hpp"

namespace attn {

LayerNormTrace layer_norm_trace(const Eigen::MatrixXd& X, const LayerNormParams& p) {
  require_matrix(X, "X");
  require_positive(p.eps, "eps");
  // gamma and beta act per feature, like a bias: one entry per column of X.
  require_bias(p.gamma, "gamma", X, "X");
  require_bias(p.beta, "beta", X, "X");

  LayerNormTrace t;
  t.mean = X.rowwise().mean();
  const Eigen::MatrixXd centered = X.colwise() - t.mean;
  t.variance = centered.array().square().rowwise().sum() / static_cast<double>(X.cols());
  require_finite_result(t.variance, "the variance of X");
  t.normalized = centered.array().colwise() / (t.variance.array() + p.eps).sqrt();
  t.output = t.normalized;
  if (p.gamma) t.output = t.output.array().rowwise() * p.gamma->transpose().array();
  if (p.beta) t.output.rowwise() += p.beta->transpose();
  require_finite_result(t.output, "layer norm");
  return t;
}

Eigen::MatrixXd layer_norm(const Eigen::MatrixXd& X, const LayerNormParams& p) {
  return layer_norm_trace(X, p).output;
}

}  // namespace attn
