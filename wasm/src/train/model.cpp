#include "attn/train/model.hpp"

#include "attn/train/cross_entropy.hpp"
#include "attn/train/embedding.hpp"

namespace attn::train {

ModelWorkspace::ModelWorkspace(const ModelConfig& config, int sentences, int queries)
    : attention(config.width, config.heads, config.max_length, queries, sentences),
      dWr(sentences, config.width, config.classes) {
  const Eigen::Index d = config.width, n = config.max_length;
  for (auto* m : {&Xt, &dXt}) m->resize(d, n);
  for (auto* m : {&Ht, &dHt, &Zt, &dZt}) m->resize(d, queries);
  norm.xhat.resize(d, queries);
  norm.inv_std.resize(queries);
  for (auto* v : {&logits, &dlogits, &probs}) v->resize(config.classes);
}

double model_forward(const ModelConfig& config, const Params& p, const Eigen::MatrixXd& position,
                     const std::vector<int>& tokens, Queries queries, int query, int target,
                     ModelWorkspace& ws) {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size()), m = queries.count;
  auto Xt = ws.Xt.leftCols(n);
  auto Ht = ws.Ht.leftCols(m);
  auto Zt = ws.Zt.leftCols(m);
  embedding_forward(p.embedding, tokens, position, Xt);
  self_attention_forward(Xt, queries, p.heads, p.Wo, Ht, ws.attention);
  Ht += Xt.middleCols(queries.first, m);
  if (config.layer_norm)
    layer_norm_forward(Ht, p.gamma, p.beta, Zt, ws.norm);
  else
    Zt = Ht;
  linear_forward(p.Wr, p.br, Zt.col(query - queries.first), ws.logits);
  if (target < 0) {
    // No answer known (a learner's own sentence): probabilities only.
    ws.probs = (ws.logits.array() - ws.logits.maxCoeff()).exp();
    ws.probs /= ws.probs.sum();
    return 0.0;
  }
  return cross_entropy_forward(ws.logits, target, ws.probs);
}

void model_backward(const ModelConfig& config, const Params& p, const std::vector<int>& tokens,
                    Queries queries, int query, int target, double weight, Params& g,
                    ModelWorkspace& ws) {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size()), m = queries.count;
  const auto Xt = ws.Xt.leftCols(n);
  auto dXt = ws.dXt.leftCols(n);
  auto dHt = ws.dHt.leftCols(m);
  auto dZt = ws.dZt.leftCols(m);
  cross_entropy_backward(ws.probs, target, weight, ws.dlogits);
  // Only the question's token is read out: the other queries' columns of dZ are 0.
  dZt.setZero();
  const Eigen::Index j = query - queries.first;
  linear_backward(p.Wr, ws.Zt.col(j), ws.dlogits, dZt.col(j), g.br, ws.dWr, g.Wr);
  if (config.layer_norm)
    layer_norm_backward(dZt, p.gamma, ws.norm, dHt, g.gamma, g.beta);
  else
    dHt = dZt;
  // H = X_q + attention(X): the residual passes dH straight through to the query tokens.
  dXt.setZero();
  dXt.middleCols(queries.first, m) = dHt;
  self_attention_backward(Xt, queries, p.heads, p.Wo, dHt, dXt, g.heads, g.Wo, ws.attention);
  embedding_backward(dXt, tokens, g.embedding);
}

void add_weight_gradients(ModelWorkspace& ws, Params& g) {
  ws.dWr.flush(g.Wr);
  flush(ws.attention, g.heads, g.Wo);
}

}  // namespace attn::train
