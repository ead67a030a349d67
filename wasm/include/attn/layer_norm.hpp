// Layer normalisation (Ba et al., 2016): each row (token) is shifted to mean 0
// and scaled to variance 1 over its features, then stretched by gamma and shifted by beta.
#pragma once

#include <Eigen/Dense>
#include <optional>

namespace attn {

struct LayerNormParams {
  std::optional<Eigen::VectorXd> gamma;  // one per column; default all 1
  std::optional<Eigen::VectorXd> beta;   // one per column; default all 0
  double eps = 1e-5;                     // keeps a constant row from dividing by 0; must be > 0
};

struct LayerNormTrace {
  Eigen::VectorXd mean;        // one per row
  Eigen::VectorXd variance;    // one per row, population variance (divide by d)
  Eigen::MatrixXd normalized;  // (x - mean) / sqrt(variance + eps)
  Eigen::MatrixXd output;      // gamma * normalized + beta
};

LayerNormTrace layer_norm_trace(const Eigen::MatrixXd& X, const LayerNormParams& p = {});
Eigen::MatrixXd layer_norm(const Eigen::MatrixXd& X, const LayerNormParams& p = {});

}  // namespace attn
