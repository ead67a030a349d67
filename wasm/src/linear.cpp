#include "attn/linear.hpp"

#include "attn/matmul.hpp"
#include "attn/validate.hpp"

namespace attn {

Eigen::MatrixXd linear(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W,
                       const std::optional<Eigen::VectorXd>& b, const LinearNames& names) {
  require_matrix(X, names.x);
  require_matrix(W, names.w);
  require_rows_match_cols(W, names.w, X, names.x);
  require_bias(b, names.b, W, names.w);
  Eigen::MatrixXd Y = matmul(X, W);
  if (b) Y.rowwise() += b->transpose();
  require_finite_result(Y, names.x + " " + names.w + (b ? " + " + names.b : ""));
  return Y;
}

}  // namespace attn
