#include "attn/train/model.hpp"

#include "attn/softmax.hpp"
#include "attn/train/cross_entropy.hpp"
#include "attn/train/embedding.hpp"
#include "attn/train/linear.hpp"

namespace attn::train {

double model_forward(const ModelConfig& config, const Params& p, const Eigen::MatrixXd& position,
                     const std::vector<int>& tokens, int query, int target, ForwardCache& cache) {
  cache.X = embedding_forward(p.embedding, tokens, position);
  cache.H = cache.X + self_attention_forward(cache.X, p.heads, p.Wo, cache.attention);
  cache.Z = config.layer_norm ? layer_norm_forward(cache.H, p.gamma, p.beta, cache.norm) : cache.H;
  const Eigen::RowVectorXd logits = linear_forward(cache.Z.row(query), p.Wr, p.br);
  if (target < 0) {
    // No answer known (a learner's own sentence): probabilities only.
    cache.probs = attn::softmax(logits.transpose()).transpose();
    return 0.0;
  }
  return cross_entropy_forward(logits, target, cache.probs);
}

void model_backward(const ModelConfig& config, const Params& p, const std::vector<int>& tokens,
                    int query, int target, const ForwardCache& cache, double weight, Params& g) {
  // Only the query row is read out, so only its row of dZ is non-zero.
  const Eigen::RowVectorXd dlogits = weight * cross_entropy_backward(cache.probs, target);
  Eigen::MatrixXd dZ = Eigen::MatrixXd::Zero(cache.Z.rows(), cache.Z.cols());
  dZ.row(query) = linear_backward(dlogits, cache.Z.row(query), p.Wr, g.Wr, g.br);
  const Eigen::MatrixXd dH =
      config.layer_norm ? layer_norm_backward(dZ, p.gamma, cache.norm, g.gamma, g.beta) : dZ;
  // H = X + attention(X): the residual passes dH straight through to X.
  const Eigen::MatrixXd dX =
      dH + self_attention_backward(dH, cache.X, p.heads, p.Wo, cache.attention, g.heads, g.Wo);
  embedding_backward(dX, tokens, g.embedding);
}

}  // namespace attn::train
