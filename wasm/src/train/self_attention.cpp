#include "attn/train/self_attention.hpp"

#include <cmath>

#include "attn/matmul.hpp"
#include "attn/softmax.hpp"
#include "attn/train/linear.hpp"

namespace attn::train {

Eigen::MatrixXd attention_head_forward(const Eigen::MatrixXd& X, const HeadParams& p,
                                       HeadCache& cache) {
  cache.Q = linear_forward(X, p.Wq, p.bq);
  cache.K = linear_forward(X, p.Wk, p.bk);
  cache.V = linear_forward(X, p.Wv, p.bv);
  const double scale = 1.0 / std::sqrt(static_cast<double>(p.Wq.cols()));
  cache.A = attn::softmax_rows(attn::matmul_nt(cache.Q, cache.K) * scale);
  return attn::matmul(cache.A, cache.V);
}

Eigen::MatrixXd attention_head_backward(const Eigen::MatrixXd& dC, const Eigen::MatrixXd& X,
                                        const HeadParams& p, const HeadCache& cache,
                                        HeadParams& g) {
  const Eigen::MatrixXd& A = cache.A;
  const double scale = 1.0 / std::sqrt(static_cast<double>(p.Wq.cols()));
  // C = A V
  const Eigen::MatrixXd dA = attn::matmul_nt(dC, cache.V);
  const Eigen::MatrixXd dV = attn::matmul_tn(A, dC);
  // Softmax of each row: dS_ij = A_ij (dA_ij - sum_k dA_ik A_ik)
  const Eigen::VectorXd row_dot = (dA.array() * A.array()).rowwise().sum();
  const Eigen::MatrixXd dS = (A.array() * (dA.colwise() - row_dot).array()).matrix();
  // S = Q K^T * scale
  const Eigen::MatrixXd dQ = attn::matmul(dS, cache.K) * scale;
  const Eigen::MatrixXd dK = attn::matmul_tn(dS, cache.Q) * scale;
  Eigen::MatrixXd dX = linear_backward(dQ, X, p.Wq, g.Wq, g.bq);
  dX += linear_backward(dK, X, p.Wk, g.Wk, g.bk);
  dX += linear_backward(dV, X, p.Wv, g.Wv, g.bv);
  return dX;
}

Eigen::MatrixXd self_attention_forward(const Eigen::MatrixXd& X,
                                       const std::vector<HeadParams>& heads,
                                       const Eigen::MatrixXd& Wo, SelfAttentionCache& cache) {
  const Eigen::Index H = static_cast<Eigen::Index>(heads.size());
  cache.heads.resize(heads.size());
  cache.concat.resize(X.rows(), Wo.rows());
  for (Eigen::Index h = 0; h < H; ++h) {
    const Eigen::Index dh = heads[h].Wq.cols();
    cache.concat.middleCols(h * dh, dh) = attention_head_forward(X, heads[h], cache.heads[h]);
  }
  return attn::matmul(cache.concat, Wo);
}

Eigen::MatrixXd self_attention_backward(const Eigen::MatrixXd& dY, const Eigen::MatrixXd& X,
                                        const std::vector<HeadParams>& heads,
                                        const Eigen::MatrixXd& Wo, const SelfAttentionCache& cache,
                                        std::vector<HeadParams>& gheads, Eigen::MatrixXd& dWo) {
  attn::matmul_tn_add(cache.concat, dY, dWo);
  const Eigen::MatrixXd dconcat = attn::matmul_nt(dY, Wo);
  Eigen::MatrixXd dX = Eigen::MatrixXd::Zero(X.rows(), X.cols());
  for (std::size_t h = 0; h < heads.size(); ++h) {
    const Eigen::Index dh = heads[h].Wq.cols();
    const Eigen::MatrixXd dC = dconcat.middleCols(static_cast<Eigen::Index>(h) * dh, dh);
    dX += attention_head_backward(dC, X, heads[h], cache.heads[h], gheads[h]);
  }
  return dX;
}

}  // namespace attn::train
