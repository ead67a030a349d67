// Multi-head self-attention with an output projection, forward and backward.
#pragma once

#include <Eigen/Dense>
#include <vector>

namespace attn::train {

// One head's projections; d = model width, dh = d / heads.
struct HeadParams {
  Eigen::MatrixXd Wq, Wk, Wv;     // d x dh
  Eigen::RowVectorXd bq, bk, bv;  // 1 x dh
};

// What the backward pass needs from the forward pass of one head.
struct HeadCache {
  Eigen::MatrixXd Q, K, V;  // n x dh
  Eigen::MatrixXd A;        // n x n attention weights, row i = where token i looks
};

struct SelfAttentionCache {
  std::vector<HeadCache> heads;
  Eigen::MatrixXd concat;  // n x d, [C_1 ... C_H]
};

// X: n x d  ->  C: n x dh
// Q = X Wq + bq, K = X Wk + bk, V = X Wv + bv, A = softmax_rows(Q K^T / sqrt(dh)), C = A V
Eigen::MatrixXd attention_head_forward(const Eigen::MatrixXd& X, const HeadParams& p,
                                       HeadCache& cache);

// dC: n x dh  ->  dX: n x d (returned); parameter gradients accumulate into g.
Eigen::MatrixXd attention_head_backward(const Eigen::MatrixXd& dC, const Eigen::MatrixXd& X,
                                        const HeadParams& p, const HeadCache& cache, HeadParams& g);

// X: n x d  ->  Y: n x d,  Y = [C_1 ... C_H] Wo   (Wo: d x d)
Eigen::MatrixXd self_attention_forward(const Eigen::MatrixXd& X,
                                       const std::vector<HeadParams>& heads,
                                       const Eigen::MatrixXd& Wo, SelfAttentionCache& cache);

// dY: n x d  ->  dX: n x d (returned); gradients accumulate into gheads and dWo.
Eigen::MatrixXd self_attention_backward(const Eigen::MatrixXd& dY, const Eigen::MatrixXd& X,
                                        const std::vector<HeadParams>& heads,
                                        const Eigen::MatrixXd& Wo, const SelfAttentionCache& cache,
                                        std::vector<HeadParams>& gheads, Eigen::MatrixXd& dWo);

}  // namespace attn::train
