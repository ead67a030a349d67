// Trainable layer normalisation over the features of each row, forward and backward.
#pragma once

#include <Eigen/Dense>

namespace attn::train {

struct LayerNormCache {
  Eigen::MatrixXd xhat;     // n x d, (x - mean) / sqrt(var + eps) per row
  Eigen::VectorXd inv_std;  // n, 1 / sqrt(var + eps) per row
};

constexpr double kLayerNormEps = 1e-5;

// X: n x d, gamma/beta: 1 x d  ->  Y: n x d, Y[i] = xhat[i] * gamma + beta
Eigen::MatrixXd layer_norm_forward(const Eigen::MatrixXd& X, const Eigen::RowVectorXd& gamma,
                                   const Eigen::RowVectorXd& beta, LayerNormCache& cache);

// dY: n x d  ->  dX: n x d (returned); dgamma, dbeta accumulate.
// Per row: dxhat = dY * gamma,
//          dX = inv_std / d * (d * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))
Eigen::MatrixXd layer_norm_backward(const Eigen::MatrixXd& dY, const Eigen::RowVectorXd& gamma,
                                    const LayerNormCache& cache, Eigen::RowVectorXd& dgamma,
                                    Eigen::RowVectorXd& dbeta);

}  // namespace attn::train
