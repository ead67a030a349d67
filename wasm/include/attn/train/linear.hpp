// Affine layer Y = X W + b, used for the query/key/value projections and the read-out.
#pragma once

#include <Eigen/Dense>

namespace attn::train {

// X: n x in, W: in x out, b: 1 x out  ->  Y: n x out
Eigen::MatrixXd linear_forward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W,
                               const Eigen::RowVectorXd& b);

// dY: n x out  ->  dX: n x in (returned); dW (in x out) and db (1 x out) are
// accumulated (+=), so a batch can sum its sentences' gradients in place.
Eigen::MatrixXd linear_backward(const Eigen::MatrixXd& dY, const Eigen::MatrixXd& X,
                                const Eigen::MatrixXd& W, Eigen::MatrixXd& dW,
                                Eigen::RowVectorXd& db);

}  // namespace attn::train
