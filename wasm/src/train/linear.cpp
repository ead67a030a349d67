#include "attn/train/linear.hpp"

namespace attn::train {

Eigen::MatrixXd linear_forward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W,
                               const Eigen::RowVectorXd& b) {
  Eigen::MatrixXd Y = X * W;
  Y.rowwise() += b;
  return Y;
}

Eigen::MatrixXd linear_backward(const Eigen::MatrixXd& dY, const Eigen::MatrixXd& X,
                                const Eigen::MatrixXd& W, Eigen::MatrixXd& dW,
                                Eigen::RowVectorXd& db) {
  dW.noalias() += X.transpose() * dY;
  db += dY.colwise().sum();
  return dY * W.transpose();
}

}  // namespace attn::train
