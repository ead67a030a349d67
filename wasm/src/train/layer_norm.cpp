#include "attn/train/layer_norm.hpp"

#include <cmath>

namespace attn::train {

Eigen::MatrixXd layer_norm_forward(const Eigen::MatrixXd& X, const Eigen::RowVectorXd& gamma,
                                   const Eigen::RowVectorXd& beta, LayerNormCache& cache) {
  const Eigen::Index n = X.rows();
  const double d = static_cast<double>(X.cols());
  cache.xhat.resize(n, X.cols());
  cache.inv_std.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double mean = X.row(i).mean();
    const Eigen::RowVectorXd centered = X.row(i).array() - mean;
    const double var = centered.squaredNorm() / d;
    cache.inv_std(i) = 1.0 / std::sqrt(var + kLayerNormEps);
    cache.xhat.row(i) = centered * cache.inv_std(i);
  }
  Eigen::MatrixXd Y = cache.xhat.array().rowwise() * gamma.array();
  Y.rowwise() += beta;
  return Y;
}

Eigen::MatrixXd layer_norm_backward(const Eigen::MatrixXd& dY, const Eigen::RowVectorXd& gamma,
                                    const LayerNormCache& cache, Eigen::RowVectorXd& dgamma,
                                    Eigen::RowVectorXd& dbeta) {
  const Eigen::MatrixXd& xhat = cache.xhat;
  const double d = static_cast<double>(dY.cols());
  dgamma += (dY.array() * xhat.array()).colwise().sum().matrix();
  dbeta += dY.colwise().sum();
  const Eigen::MatrixXd dxhat = dY.array().rowwise() * gamma.array();
  Eigen::MatrixXd dX(dY.rows(), dY.cols());
  for (Eigen::Index i = 0; i < dY.rows(); ++i) {
    const double sum_dxhat = dxhat.row(i).sum();
    const double sum_dxhat_xhat = dxhat.row(i).dot(xhat.row(i));
    dX.row(i) =
        (cache.inv_std(i) / d) *
        (d * dxhat.row(i).array() - sum_dxhat - xhat.row(i).array() * sum_dxhat_xhat).matrix();
  }
  return dX;
}

}  // namespace attn::train
