// The residual ("Add") connection: a sublayer's result is added to its input,
// so each token keeps its own meaning plus what it gathered.
#pragma once

#include <Eigen/Dense>
#include <string>

namespace attn {

// X + Y; both must have the same shape.
Eigen::MatrixXd residual(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                         const std::string& y_name = "the sublayer output");

}  // namespace attn
