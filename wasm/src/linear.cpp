#include "attn/linear.hpp"

#include "attn/validate.hpp"

namespace attn {

Eigen::MatrixXd linear(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W,
                       const std::optional<Eigen::VectorXd>& b, const LinearNames& names) {
  require_matrix(X, names.x);
  require_matrix(W, names.w);
  require_rows_match_cols(W, names.w, X, names.x);
  require_bias(b, names.b, W, names.w);
  // Rows as tokens here: X W directly, which the kernels run well for the lessons' several
  // tokens, rather than transposing X into linear_forward's layout and the result back.
  Eigen::MatrixXd Y = matmul(X, W);
  if (b) Y.rowwise() += b->transpose();
  require_finite_result(Y, names.x + " " + names.w + (b ? " + " + names.b : ""));
  return Y;
}

void linear_forward(const MatrixRef& W, const Eigen::RowVectorXd& b, const MatrixRef& Xt,
                    MatrixOut Yt) {
  matmul_tn_into(W, Xt, Yt);
  Yt.colwise() += b.transpose();
}

WeightGradient::WeightGradient(Eigen::Index capacity, Eigen::Index in, Eigen::Index out)
    : x_(capacity, in), dy_(capacity, out) {}

void WeightGradient::add(const MatrixRef& Xt, const MatrixRef& dYt, Eigen::MatrixXd& dW,
                         double scale) {
  const Eigen::Index m = Xt.cols();
  if (count_ + m > x_.rows()) flush(dW);
  if (m > x_.rows()) {  // more tokens than fit at all (tests, the lessons' backward): at once
    // Through the same kernel as flush(): an Eigen product here would link Eigen's whole GEMM
    // into the lessons' engine.wasm (which the SIMD build otherwise does without).
    const Eigen::MatrixXd x = scale * Xt.transpose(), dy = dYt.transpose();
    matmul_tn_add(x, dy, dW);
    return;
  }
  // Plain loops: Eigen's assignment of a transposed dynamic block is a generic, slow loop.
  for (Eigen::Index j = 0; j < m; ++j) {
    for (Eigen::Index k = 0; k < Xt.rows(); ++k) x_(count_ + j, k) = scale * Xt(k, j);
    for (Eigen::Index k = 0; k < dYt.rows(); ++k) dy_(count_ + j, k) = dYt(k, j);
  }
  count_ += m;
}

void WeightGradient::flush(Eigen::MatrixXd& dW) {
  if (count_ > 0) matmul_tn_add(x_.topRows(count_), dy_.topRows(count_), dW);
  count_ = 0;
}

void linear_backward(const MatrixRef& W, const MatrixRef& Xt, const MatrixRef& dYt, MatrixOut dXt,
                     Eigen::RowVectorXd& db, WeightGradient& pending, Eigen::MatrixXd& dW) {
  pending.add(Xt, dYt, dW);
  db += dYt.rowwise().sum().transpose();
  matmul_into(W, dYt, dXt);
}

}  // namespace attn
