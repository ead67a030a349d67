#include "attn/train/linear.hpp"

#include "attn/matmul.hpp"

namespace attn::train {

Eigen::MatrixXd linear_forward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W,
                               const Eigen::RowVectorXd& b) {
  Eigen::MatrixXd Y = attn::matmul(X, W);
  Y.rowwise() += b;
  return Y;
}

Eigen::MatrixXd linear_backward(const Eigen::MatrixXd& dY, const Eigen::MatrixXd& X,
                                const Eigen::MatrixXd& W, Eigen::MatrixXd& dW,
                                Eigen::RowVectorXd& db) {
  attn::matmul_tn_add(X, dY, dW);
  db += dY.colwise().sum();
  return attn::matmul_nt(dY, W);
}

}  // namespace attn::train
