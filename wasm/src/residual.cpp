#include "attn/residual.hpp"

#include "attn/validate.hpp"

namespace attn {

Eigen::MatrixXd residual(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                         const std::string& y_name) {
  require_matrix(X, "X");
  require_matrix(Y, y_name);
  require_same_shape(X, "X", Y, y_name);
  Eigen::MatrixXd out = X + Y;
  require_finite_result(out, "X + " + y_name);
  return out;
}

}  // namespace attn
