#include "attn/train/query_step.hpp"

#include <cmath>

#include "attn/train/cross_entropy.hpp"

namespace attn::train {

QueryStepWorkspace::QueryStepWorkspace(const ModelConfig& config) {
  const Eigen::Index d = config.width, dh = d / config.heads, n = config.max_length;
  X.resize(n, d);
  dX.resize(n, d);
  for (auto* v : {&xq, &concat, &hq, &zq, &dz, &dhq, &dconcat}) v->resize(d);
  logits.resize(config.classes);
  dlogits.resize(config.classes);
  heads.resize(static_cast<std::size_t>(config.heads));
  for (auto& h : heads) {
    h.q.resize(dh);
    h.dq.resize(dh);
    h.u.resize(d);
    h.w.resize(d);
    h.ax.resize(d);
    h.dsx.resize(d);
    h.a.resize(n);
    h.da.resize(n);
    h.ds.resize(n);
  }
}

double query_step(const ModelConfig& config, const Params& p, const Eigen::MatrixXd& position,
                  const std::vector<int>& tokens, int query, int target, double weight,
                  Params& g, Eigen::RowVectorXd& probs, QueryStepWorkspace& ws) {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
  const Eigen::Index d = config.width, dh = d / config.heads;
  const double scale = 1.0 / std::sqrt(static_cast<double>(dh));
  auto X = ws.X.topRows(n);  // n x d, embedding + position
  auto dX = ws.dX.topRows(n);

  // ---- forward, query row only
  for (Eigen::Index i = 0; i < n; ++i) X.row(i) = position.row(i) + p.embedding.row(tokens[i]);
  ws.xq = X.row(query);
  for (std::size_t h = 0; h < p.heads.size(); ++h) {
    const HeadParams& hp = p.heads[h];
    QueryStepWorkspace::Head& r = ws.heads[h];
    auto a = r.a.head(n);
    r.q.noalias() = ws.xq * hp.Wq;
    r.q += hp.bq;
    // scores_j = (x_j W_K + b_K) . q * scale, then a stable softmax (as attn::softmax_rows)
    r.u.noalias() = hp.Wk * r.q.transpose();
    a.noalias() = X * r.u;
    a = (a.array() + hp.bk.dot(r.q)) * scale;
    const double max = a.maxCoeff();
    a = (a.array() - max).exp();
    a /= a.sum();
    // context = a^T (X W_V + b_V) = (a^T X) W_V + (sum a) b_V
    r.ax.noalias() = a.transpose() * X;
    auto context = ws.concat.segment(static_cast<Eigen::Index>(h) * dh, dh);
    context.noalias() = r.ax * hp.Wv;
    context += a.sum() * hp.bv;
  }
  ws.hq = ws.xq;  // residual
  ws.hq.noalias() += ws.concat * p.Wo;
  if (config.layer_norm)
    ws.zq = layer_norm_forward(ws.hq, p.gamma, p.beta, ws.norm);
  else
    ws.zq = ws.hq;
  ws.logits.noalias() = ws.zq * p.Wr;
  ws.logits += p.br;
  const double loss = cross_entropy_forward(ws.logits, target, probs);

  // ---- backward
  ws.dlogits = probs;  // cross-entropy: probs - onehot(target)
  ws.dlogits(target) -= 1.0;
  ws.dlogits *= weight;
  g.Wr.noalias() += ws.zq.transpose() * ws.dlogits;
  g.br += ws.dlogits;
  ws.dz.noalias() = ws.dlogits * p.Wr.transpose();
  if (config.layer_norm)
    ws.dhq = layer_norm_backward(ws.dz, p.gamma, ws.norm, g.gamma, g.beta);
  else
    ws.dhq = ws.dz;
  g.Wo.noalias() += ws.concat.transpose() * ws.dhq;
  ws.dconcat.noalias() = ws.dhq * p.Wo.transpose();
  dX.setZero();
  dX.row(query) = ws.dhq;  // the residual passes dH straight through
  for (std::size_t h = 0; h < p.heads.size(); ++h) {
    const HeadParams& hp = p.heads[h];
    HeadParams& gh = g.heads[h];
    QueryStepWorkspace::Head& r = ws.heads[h];
    const auto a = r.a.head(n);
    auto da = r.da.head(n), ds = r.ds.head(n);
    const auto dc = ws.dconcat.segment(static_cast<Eigen::Index>(h) * dh, dh);
    // context = a^T V: d a_j = dc . v_j = x_j (W_V dc^T) + b_V . dc;  dV = a dc (an outer product)
    r.w.noalias() = hp.Wv * dc.transpose();
    da.noalias() = X * r.w;
    da.array() += hp.bv.dot(dc);
    gh.Wv.noalias() += r.ax.transpose() * dc;  // X^T dV
    gh.bv += a.sum() * dc;
    dX.noalias() += a * r.w.transpose();  // dV W_V^T
    // softmax: ds_j = a_j (da_j - a . da)
    ds = (a.array() * (da.array() - a.dot(da))).matrix();
    // scores = q K^T * scale: dq = scale ds^T K;  dK = scale ds q (an outer product)
    r.dsx.noalias() = ds.transpose() * X;
    const double ds_sum = ds.sum();
    r.dq.noalias() = r.dsx * hp.Wk;
    r.dq += ds_sum * hp.bk;
    r.dq *= scale;
    gh.Wk.noalias() += scale * (r.dsx.transpose() * r.q);  // X^T dK
    gh.bk += (scale * ds_sum) * r.q;
    dX.noalias() += scale * (ds * r.u.transpose());  // dK W_K^T
    // q = x_q W_Q + b_Q
    gh.Wq.noalias() += ws.xq.transpose() * r.dq;
    gh.bq += r.dq;
    dX.row(query).noalias() += r.dq * hp.Wq.transpose();
  }
  for (Eigen::Index i = 0; i < n; ++i) g.embedding.row(tokens[i]) += dX.row(i);
  return loss;
}

double query_step(const ModelConfig& config, const Params& p, const Eigen::MatrixXd& position,
                  const std::vector<int>& tokens, int query, int target, double weight,
                  Params& g, Eigen::RowVectorXd& probs) {
  QueryStepWorkspace ws(config);
  return query_step(config, p, position, tokens, query, target, weight, g, probs, ws);
}

}  // namespace attn::train
