#include "attn/train/embedding.hpp"

namespace attn::train {

Eigen::MatrixXd embedding_forward(const Eigen::MatrixXd& table, const std::vector<int>& tokens,
                                  const Eigen::MatrixXd& position) {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
  Eigen::MatrixXd X = position.topRows(n);
  for (Eigen::Index i = 0; i < n; ++i) X.row(i) += table.row(tokens[i]);
  return X;
}

void embedding_backward(const Eigen::MatrixXd& dX, const std::vector<int>& tokens,
                        Eigen::MatrixXd& dtable) {
  for (Eigen::Index i = 0; i < dX.rows(); ++i) dtable.row(tokens[i]) += dX.row(i);
}

}  // namespace attn::train
