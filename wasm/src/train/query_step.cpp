#include "attn/train/query_step.hpp"

#include <cmath>

#include "attn/matmul.hpp"
#include "attn/train/cross_entropy.hpp"

namespace attn::train {

namespace {

using ConstColumn = Eigen::Map<const Eigen::MatrixXd>;
using Column = Eigen::Map<Eigen::MatrixXd>;

// The matrix-vector products go through attn::matmul's kernels (the wasm SIMD build's own;
// Eigen's are scalar there), into the workspace. x and y are contiguous vectors.
// y = A x
void times(const attn::MatrixRef& A, const double* x, double* y) {
  attn::matmul_into(A, ConstColumn(x, A.cols(), 1), Column(y, A.rows(), 1));
}
// y = A^T x, i.e. y^T = x^T A (a row vector times A)
void times_t(const attn::MatrixRef& A, const double* x, double* y) {
  attn::matmul_tn_into(A, ConstColumn(x, A.rows(), 1), Column(y, A.cols(), 1));
}

}  // namespace

QueryStepWorkspace::QueryStepWorkspace(const ModelConfig& config, int batch) {
  const Eigen::Index d = config.width, dh = d / config.heads, n = config.max_length;
  auto outer = [batch](Eigen::Index in, Eigen::Index out) {
    return Outer{Eigen::MatrixXd(batch, in), Eigen::MatrixXd(batch, out)};
  };
  Wr = outer(d, config.classes);
  Wo = outer(d, d);
  Wq.assign(static_cast<std::size_t>(config.heads), outer(d, dh));
  Wk = Wv = Wq;
  X.resize(n, d);
  dXt.resize(d, n);
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
                  const std::vector<int>& tokens, int query, int target, double weight, Params& g,
                  Eigen::RowVectorXd& probs, QueryStepWorkspace& ws) {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
  const Eigen::Index d = config.width, dh = d / config.heads;
  const double scale = 1.0 / std::sqrt(static_cast<double>(dh));
  auto X = ws.X.topRows(n);  // n x d, embedding + position
  auto dXt = ws.dXt.leftCols(n);

  // ---- forward, query row only
  for (Eigen::Index i = 0; i < n; ++i) X.row(i) = position.row(i) + p.embedding.row(tokens[i]);
  ws.xq = X.row(query);
  for (std::size_t h = 0; h < p.heads.size(); ++h) {
    const HeadParams& hp = p.heads[h];
    QueryStepWorkspace::Head& r = ws.heads[h];
    auto a = r.a.head(n);
    times_t(hp.Wq, ws.xq.data(), r.q.data());
    r.q += hp.bq;
    // scores_j = (x_j W_K + b_K) . q * scale, then a stable softmax (as attn::softmax_rows)
    times(hp.Wk, r.q.data(), r.u.data());
    times(X, r.u.data(), a.data());
    a = (a.array() + hp.bk.dot(r.q)) * scale;
    const double max = a.maxCoeff();
    a = (a.array() - max).exp();
    a /= a.sum();
    // context = a^T (X W_V + b_V) = (a^T X) W_V + (sum a) b_V
    times_t(X, a.data(), r.ax.data());
    auto context = ws.concat.segment(static_cast<Eigen::Index>(h) * dh, dh);
    times_t(hp.Wv, r.ax.data(), context.data());
    context += a.sum() * hp.bv;
  }
  times_t(p.Wo, ws.concat.data(), ws.hq.data());
  ws.hq += ws.xq;  // residual
  if (config.layer_norm)
    ws.zq = layer_norm_forward(ws.hq, p.gamma, p.beta, ws.norm);
  else
    ws.zq = ws.hq;
  times_t(p.Wr, ws.zq.data(), ws.logits.data());
  ws.logits += p.br;
  const double loss = cross_entropy_forward(ws.logits, target, probs);

  // ---- backward
  ws.dlogits = probs;  // cross-entropy: probs - onehot(target)
  ws.dlogits(target) -= 1.0;
  ws.dlogits *= weight;
  const Eigen::Index row = ws.sentences++;
  ws.Wr.x.row(row) = ws.zq;
  ws.Wr.dy.row(row) = ws.dlogits;
  g.br += ws.dlogits;
  times(p.Wr, ws.dlogits.data(), ws.dz.data());
  if (config.layer_norm)
    ws.dhq = layer_norm_backward(ws.dz, p.gamma, ws.norm, g.gamma, g.beta);
  else
    ws.dhq = ws.dz;
  ws.Wo.x.row(row) = ws.concat;
  ws.Wo.dy.row(row) = ws.dhq;
  times(p.Wo, ws.dhq.data(), ws.dconcat.data());
  dXt.setZero();
  dXt.col(query) = ws.dhq.transpose();  // the residual passes dH straight through
  for (std::size_t h = 0; h < p.heads.size(); ++h) {
    const HeadParams& hp = p.heads[h];
    HeadParams& gh = g.heads[h];
    QueryStepWorkspace::Head& r = ws.heads[h];
    const auto a = r.a.head(n);
    auto da = r.da.head(n), ds = r.ds.head(n);
    const auto dc = ws.dconcat.segment(static_cast<Eigen::Index>(h) * dh, dh);
    // context = a^T V: d a_j = dc . v_j = x_j (W_V dc^T) + b_V . dc;  dV = a dc (an outer product)
    times(hp.Wv, dc.data(), r.w.data());
    times(X, r.w.data(), da.data());
    da.array() += hp.bv.dot(dc);
    ws.Wv[h].x.row(row) = r.ax;  // X^T dV = (a^T X)^T dc
    ws.Wv[h].dy.row(row) = dc;
    gh.bv += a.sum() * dc;
    dXt.noalias() += r.w * a.transpose();  // (dV W_V^T)^T
    // softmax: ds_j = a_j (da_j - a . da)
    ds = (a.array() * (da.array() - a.dot(da))).matrix();
    // scores = q K^T * scale: dq = scale ds^T K;  dK = scale ds q (an outer product)
    times_t(X, ds.data(), r.dsx.data());
    const double ds_sum = ds.sum();
    times_t(hp.Wk, r.dsx.data(), r.dq.data());
    r.dq += ds_sum * hp.bk;
    r.dq *= scale;
    ws.Wk[h].x.row(row) = scale * r.dsx;  // X^T dK = scale (ds^T X)^T q
    ws.Wk[h].dy.row(row) = r.q;
    gh.bk += (scale * ds_sum) * r.q;
    dXt.noalias() += scale * (r.u * ds.transpose());  // (dK W_K^T)^T
    // q = x_q W_Q + b_Q
    ws.Wq[h].x.row(row) = ws.xq;
    ws.Wq[h].dy.row(row) = r.dq;
    gh.bq += r.dq;
    times(hp.Wq, r.dq.data(), r.w.data());  // w is free again
    dXt.col(query) += r.w;
  }
  for (Eigen::Index i = 0; i < n; ++i) g.embedding.row(tokens[i]) += dXt.col(i).transpose();
  return loss;
}

void add_weight_gradients(QueryStepWorkspace& ws, Params& g) {
  const Eigen::Index k = ws.sentences;
  auto add = [k](const QueryStepWorkspace::Outer& o, Eigen::MatrixXd& dW) {
    attn::matmul_tn_add(o.x.topRows(k), o.dy.topRows(k), dW);
  };
  add(ws.Wr, g.Wr);
  add(ws.Wo, g.Wo);
  for (std::size_t h = 0; h < g.heads.size(); ++h) {
    add(ws.Wq[h], g.heads[h].Wq);
    add(ws.Wk[h], g.heads[h].Wk);
    add(ws.Wv[h], g.heads[h].Wv);
  }
  ws.sentences = 0;
}

double query_step(const ModelConfig& config, const Params& p, const Eigen::MatrixXd& position,
                  const std::vector<int>& tokens, int query, int target, double weight, Params& g,
                  Eigen::RowVectorXd& probs) {
  QueryStepWorkspace ws(config);
  const double loss = query_step(config, p, position, tokens, query, target, weight, g, probs, ws);
  add_weight_gradients(ws, g);
  return loss;
}

}  // namespace attn::train
