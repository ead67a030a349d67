#include "attn/train/embedding.hpp"

namespace attn::train {

// Plain loops: a token's row of the table (and of the positions) is strided in these
// column-major matrices, where Eigen's generic row-to-column assignment is slow.

void embedding_forward(const Eigen::MatrixXd& table, const std::vector<int>& tokens,
                       const Eigen::MatrixXd& position, MatrixOut Xt) {
  const Eigen::Index d = Xt.rows();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto t = static_cast<Eigen::Index>(i);
    double* x = Xt.data() + t * Xt.outerStride();
    for (Eigen::Index r = 0; r < d; ++r) x[r] = position(t, r) + table(tokens[i], r);
  }
}

void embedding_backward(const MatrixRef& dXt, const std::vector<int>& tokens,
                        Eigen::MatrixXd& dtable) {
  const Eigen::Index d = dXt.rows();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const double* dx = dXt.data() + static_cast<Eigen::Index>(i) * dXt.outerStride();
    for (Eigen::Index r = 0; r < d; ++r) dtable(tokens[i], r) += dx[r];
  }
}

}  // namespace attn::train
