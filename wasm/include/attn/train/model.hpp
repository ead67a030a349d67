// The tiny transformer: embedding + position -> self-attention -> residual
// -> optional layer norm -> read-out at the query position -> cross-entropy.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "attn/train/layer_norm.hpp"
#include "attn/train/params.hpp"
#include "attn/train/self_attention.hpp"

namespace attn::train {

// Everything one sentence's forward pass produced, kept for its backward pass.
struct ForwardCache {
  Eigen::MatrixXd X;             // n x d  embedding + position
  SelfAttentionCache attention;  // per head Q, K, V, A
  Eigen::MatrixXd H;             // n x d  X + attention(X)   (residual)
  LayerNormCache norm;
  Eigen::MatrixXd Z;         // n x d  layer_norm(H), or H without layer norm
  Eigen::RowVectorXd probs;  // 1 x classes, read-out softmax at the query row
};

// tokens: n ids (1 <= n <= max_length), query: the row that is asked,
// target: the right class, or -1 when unknown (then the loss is 0).
// logits = Z[query] Wr + br,  loss = cross-entropy(logits, target)
double model_forward(const ModelConfig& config, const Params& p, const Eigen::MatrixXd& position,
                     const std::vector<int>& tokens, int query, int target, ForwardCache& cache);

// Gradient of weight * loss, accumulated (+=) into g (shaped like p).
void model_backward(const ModelConfig& config, const Params& p, const std::vector<int>& tokens,
                    int query, int target, const ForwardCache& cache, double weight, Params& g);

}  // namespace attn::train
