// Layer normalisation (Ba et al., 2016): each token is shifted to mean 0 and scaled to
// variance 1 over its features, then stretched by gamma and shifted by beta.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <optional>

#include "attn/matmul.hpp"

namespace attn {

constexpr double kLayerNormEps = 1e-5;

struct LayerNormParams {
  std::optional<Eigen::VectorXd> gamma;  // one per column; default all 1
  std::optional<Eigen::VectorXd> beta;   // one per column; default all 0
  double eps = kLayerNormEps;            // keeps a constant row from dividing by 0; must be > 0
};

struct LayerNormTrace {
  Eigen::VectorXd mean;        // one per row
  Eigen::VectorXd variance;    // one per row, population variance (divide by d)
  Eigen::MatrixXd normalized;  // (x - mean) / sqrt(variance + eps)
  Eigen::MatrixXd output;      // gamma * normalized + beta
};

// The engine's form (lessons, JS API): X has one row per token. Checks its input.
LayerNormTrace layer_norm_trace(const Eigen::MatrixXd& X, const LayerNormParams& p = {});
Eigen::MatrixXd layer_norm(const Eigen::MatrixXd& X, const LayerNormParams& p = {});

struct Moments {
  double mean, variance, inv_std;  // inv_std = 1 / sqrt(variance + eps)
};

// One token's features x (a row or a column) -> xhat = (x - mean) * inv_std. Both forms
// normalise through this, so they agree by construction.
template <typename In, typename Out>
Moments normalize(const Eigen::MatrixBase<In>& x, Eigen::MatrixBase<Out>& xhat, double eps) {
  const double mean = x.mean();
  xhat = (x.array() - mean).matrix();
  const double variance = xhat.squaredNorm() / static_cast<double>(x.size());
  const double inv_std = 1.0 / std::sqrt(variance + eps);
  xhat *= inv_std;
  return {mean, variance, inv_std};
}

// The trainer's form (attn::train), with its backward pass; tokens are columns (see
// attn/linear.hpp for why). gamma, beta: 1 x d. The cache is sized by the caller for the most
// tokens it will see; a call uses its first m columns.
struct LayerNormCache {
  Eigen::MatrixXd xhat;     // d x tokens
  Eigen::VectorXd inv_std;  // tokens
};

// Xt: d x m -> Yt: d x m, Yt[:, j] = xhat_j * gamma + beta
void layer_norm_forward(const MatrixRef& Xt, const Eigen::RowVectorXd& gamma,
                        const Eigen::RowVectorXd& beta, MatrixOut Yt, LayerNormCache& cache);

// dYt: d x m -> dXt: d x m (written); dgamma, dbeta accumulate. Per token:
// dxhat = dy * gamma,  dx = inv_std / d * (d * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))
void layer_norm_backward(const MatrixRef& dYt, const Eigen::RowVectorXd& gamma,
                         const LayerNormCache& cache, MatrixOut dXt, Eigen::RowVectorXd& dgamma,
                         Eigen::RowVectorXd& dbeta);

}  // namespace attn
