#include "attn/train/model.hpp"

#include "attn/train/cross_entropy.hpp"
#include "attn/train/embedding.hpp"

namespace attn::train {

namespace {

// The queries layer l is run for: the caller's in the last layer, every token below it.
Queries layer_queries(const ClassifierParams& p, std::size_t l, Queries queries, Eigen::Index n) {
  return l + 1 == p.layers.size() ? queries : Queries{0, n};
}

}  // namespace

ModelWorkspace::ModelWorkspace(const ClassifierConfig& config, int sentences, int queries)
    : dWr(sentences, config.width, config.classes) {
  const Eigen::Index d = config.width, n = config.max_length;
  for (auto* m : {&Xt, &dXt}) m->resize(d, n);
  layers.resize(static_cast<std::size_t>(config.layers));
  for (std::size_t l = 0; l < layers.size(); ++l) {
    Layer& layer = layers[l];
    const Eigen::Index q = l + 1 == layers.size() ? queries : n;
    layer.attention = SelfAttentionWorkspace(config.width, config.heads, n, q, sentences * q);
    for (auto* m : {&layer.Ht, &layer.dHt, &layer.Zt, &layer.dZt}) m->resize(d, q);
    layer.norm.xhat.resize(d, q);
    layer.norm.inv_std.resize(q);
  }
  for (auto* v : {&logits, &dlogits, &probs}) v->resize(config.classes);
}

double model_forward(const ClassifierConfig& config, const ClassifierParams& p,
                     const Eigen::MatrixXd& position, const std::vector<int>& tokens,
                     Queries queries, int query, int target, ModelWorkspace& ws) {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
  embedding_forward(p.embedding, tokens, position, ws.Xt.leftCols(n));
  for (std::size_t l = 0; l < p.layers.size(); ++l) {
    const LayerParams& layer = p.layers[l];
    ModelWorkspace::Layer& w = ws.layers[l];
    const Queries q = layer_queries(p, l, queries, n);
    const auto in = l == 0 ? ws.Xt.leftCols(n) : ws.layers[l - 1].Zt.leftCols(n);
    auto Ht = w.Ht.leftCols(q.count);
    auto Zt = w.Zt.leftCols(q.count);
    self_attention_forward(in, q, layer.heads, layer.Wo, Ht, w.attention);
    Ht += in.middleCols(q.first, q.count);
    if (config.layer_norm)
      layer_norm_forward(Ht, layer.gamma, layer.beta, Zt, w.norm);
    else
      Zt = Ht;
  }
  linear_forward(p.Wr, p.br, ws.layers.back().Zt.col(query - queries.first), ws.logits);
  if (target < 0) {
    // No answer known (a learner's own sentence): probabilities only.
    ws.probs = (ws.logits.array() - ws.logits.maxCoeff()).exp();
    ws.probs /= ws.probs.sum();
    return 0.0;
  }
  return cross_entropy_forward(ws.logits, target, ws.probs);
}

void model_backward(const ClassifierConfig& config, const ClassifierParams& p,
                    const std::vector<int>& tokens, Queries queries, int query, int target,
                    double weight, ClassifierParams& g, ModelWorkspace& ws) {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
  cross_entropy_backward(ws.probs, target, weight, ws.dlogits);
  // Only the question's token is read out: the other queries' columns of dZ are 0.
  ModelWorkspace::Layer& top = ws.layers.back();
  auto dZtop = top.dZt.leftCols(queries.count);
  dZtop.setZero();
  const Eigen::Index j = query - queries.first;
  linear_backward(p.Wr, top.Zt.col(j), ws.dlogits, dZtop.col(j), g.br, ws.dWr, g.Wr);
  for (std::size_t l = p.layers.size(); l-- > 0;) {
    const LayerParams& layer = p.layers[l];
    LayerParams& gl = g.layers[l];
    ModelWorkspace::Layer& w = ws.layers[l];
    const Queries q = layer_queries(p, l, queries, n);
    auto dHt = w.dHt.leftCols(q.count);
    const auto dZt = w.dZt.leftCols(q.count);
    if (config.layer_norm)
      layer_norm_backward(dZt, layer.gamma, w.norm, dHt, gl.gamma, gl.beta);
    else
      dHt = dZt;
    const auto in = l == 0 ? ws.Xt.leftCols(n) : ws.layers[l - 1].Zt.leftCols(n);
    auto din = l == 0 ? ws.dXt.leftCols(n) : ws.layers[l - 1].dZt.leftCols(n);
    // H = X_q + attention(X): the residual passes dH straight through to the query tokens.
    din.setZero();
    din.middleCols(q.first, q.count) = dHt;
    self_attention_backward(in, q, layer.heads, layer.Wo, dHt, din, gl.heads, gl.Wo, w.attention);
  }
  embedding_backward(ws.dXt.leftCols(n), tokens, g.embedding);
}

void add_weight_gradients(ModelWorkspace& ws, ClassifierParams& g) {
  ws.dWr.flush(g.Wr);
  for (std::size_t l = 0; l < ws.layers.size(); ++l)
    flush(ws.layers[l].attention, g.layers[l].heads, g.layers[l].Wo);
}

}  // namespace attn::train
