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
  t.mean.resize(X.rows());
  t.variance.resize(X.rows());
  t.normalized.resize(X.rows(), X.cols());
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    auto row = t.normalized.row(i);
    const Moments m = normalize(X.row(i), row, p.eps);
    t.mean(i) = m.mean;
    t.variance(i) = m.variance;
  }
  require_finite_result(t.variance, "the variance of X");
  t.output = t.normalized;
  if (p.gamma) t.output = t.output.array().rowwise() * p.gamma->transpose().array();
  if (p.beta) t.output.rowwise() += p.beta->transpose();
  require_finite_result(t.output, "layer norm");
  return t;
}

Eigen::MatrixXd layer_norm(const Eigen::MatrixXd& X, const LayerNormParams& p) {
  return layer_norm_trace(X, p).output;
}

void layer_norm_forward(const MatrixRef& Xt, const Eigen::RowVectorXd& gamma,
                        const Eigen::RowVectorXd& beta, MatrixOut Yt, LayerNormCache& cache) {
  for (Eigen::Index j = 0; j < Xt.cols(); ++j) {
    auto xhat = cache.xhat.col(j);
    cache.inv_std(j) = normalize(Xt.col(j), xhat, kLayerNormEps).inv_std;
    Yt.col(j) = xhat.cwiseProduct(gamma.transpose()) + beta.transpose();
  }
}

void layer_norm_backward(const MatrixRef& dYt, const Eigen::RowVectorXd& gamma,
                         const LayerNormCache& cache, MatrixOut dXt, Eigen::RowVectorXd& dgamma,
                         Eigen::RowVectorXd& dbeta) {
  const double d = static_cast<double>(dYt.rows());
  for (Eigen::Index j = 0; j < dYt.cols(); ++j) {
    const auto xhat = cache.xhat.col(j);
    const auto dy = dYt.col(j);
    dgamma += dy.cwiseProduct(xhat).transpose();
    dbeta += dy.transpose();
    // dxhat = dy * gamma is formed into dXt's column, then turned into dx in place.
    auto dx = dXt.col(j);
    dx = dy.cwiseProduct(gamma.transpose());
    const double sum_dxhat = dx.sum();
    const double sum_dxhat_xhat = dx.dot(xhat);
    dx = (cache.inv_std(j) / d) *
         (d * dx.array() - sum_dxhat - xhat.array() * sum_dxhat_xhat).matrix();
  }
}

}  // namespace attn
