#include "attn/train/query_step.hpp"

#include <cmath>

#include "attn/train/cross_entropy.hpp"
#include "attn/train/layer_norm.hpp"
#include "attn/train/linear.hpp"

namespace attn::train {

namespace {

// Stable softmax of one row of scores (as attn::softmax_rows computes it at temperature 1).
Eigen::VectorXd softmax_of(const Eigen::VectorXd& s) {
  const double max = s.maxCoeff();
  Eigen::VectorXd a = s.unaryExpr([max](double v) { return std::exp(v - max); });
  return a / a.sum();
}

// What the backward pass needs from one head's forward pass.
struct HeadRow {
  Eigen::RowVectorXd q;   // 1 x dh, the query row's query vector
  Eigen::VectorXd u;      // d, W_K q^T
  Eigen::VectorXd a;      // n, its attention weights
  Eigen::RowVectorXd ax;  // 1 x d, a^T X
};

}  // namespace

double query_step(const ModelConfig& config, const Params& p, const Eigen::MatrixXd& position,
                  const std::vector<int>& tokens, int query, int target, double weight,
                  Params& g, Eigen::RowVectorXd& probs) {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
  const Eigen::Index d = config.width, dh = d / config.heads;
  const double scale = 1.0 / std::sqrt(static_cast<double>(dh));

  // ---- forward, query row only
  Eigen::MatrixXd X = position.topRows(n);  // n x d, embedding + position
  for (Eigen::Index i = 0; i < n; ++i) X.row(i) += p.embedding.row(tokens[i]);
  const Eigen::RowVectorXd xq = X.row(query);
  std::vector<HeadRow> rows(p.heads.size());
  Eigen::RowVectorXd concat(d);
  for (std::size_t h = 0; h < p.heads.size(); ++h) {
    const HeadParams& hp = p.heads[h];
    HeadRow& r = rows[h];
    r.q = xq * hp.Wq + hp.bq;
    // scores_j = (x_j W_K + b_K) . q * scale
    r.u = hp.Wk * r.q.transpose();
    r.a = softmax_of(((X * r.u).array() + hp.bk.dot(r.q)) * scale);
    // context = a^T (X W_V + b_V) = (a^T X) W_V + (sum a) b_V
    r.ax = r.a.transpose() * X;
    concat.segment(static_cast<Eigen::Index>(h) * dh, dh) = r.ax * hp.Wv + r.a.sum() * hp.bv;
  }
  const Eigen::RowVectorXd hq = xq + concat * p.Wo;  // residual
  LayerNormCache norm;
  const Eigen::MatrixXd zq =
      config.layer_norm ? layer_norm_forward(hq, p.gamma, p.beta, norm) : Eigen::MatrixXd(hq);
  const double loss = cross_entropy_forward(linear_forward(zq, p.Wr, p.br), target, probs);

  // ---- backward
  const Eigen::MatrixXd dlogits = weight * cross_entropy_backward(probs, target);
  const Eigen::MatrixXd dz = linear_backward(dlogits, zq, p.Wr, g.Wr, g.br);
  const Eigen::RowVectorXd dhq =
      config.layer_norm ? Eigen::RowVectorXd(layer_norm_backward(dz, p.gamma, norm, g.gamma, g.beta))
                        : Eigen::RowVectorXd(dz);
  g.Wo.noalias() += concat.transpose() * dhq;
  const Eigen::RowVectorXd dconcat = dhq * p.Wo.transpose();
  Eigen::MatrixXd dX = Eigen::MatrixXd::Zero(n, d);
  dX.row(query) = dhq;  // the residual passes dH straight through
  for (std::size_t h = 0; h < p.heads.size(); ++h) {
    const HeadParams& hp = p.heads[h];
    HeadParams& gh = g.heads[h];
    const HeadRow& r = rows[h];
    const Eigen::RowVectorXd dc = dconcat.segment(static_cast<Eigen::Index>(h) * dh, dh);
    // context = a^T V: d a_j = dc . v_j = x_j (W_V dc^T) + b_V . dc;  dV = a dc (an outer product)
    const Eigen::VectorXd w = hp.Wv * dc.transpose();
    const Eigen::VectorXd da = (X * w).array() + hp.bv.dot(dc);
    gh.Wv.noalias() += r.ax.transpose() * dc;  // X^T dV
    gh.bv += r.a.sum() * dc;
    dX.noalias() += r.a * w.transpose();  // dV W_V^T
    // softmax: ds_j = a_j (da_j - a . da)
    const Eigen::VectorXd ds = (r.a.array() * (da.array() - r.a.dot(da))).matrix();
    // scores = q K^T * scale: dq = scale ds^T K;  dK = scale ds q (an outer product)
    const Eigen::RowVectorXd dsx = ds.transpose() * X;
    const Eigen::RowVectorXd dq = scale * (dsx * hp.Wk + ds.sum() * hp.bk);
    gh.Wk.noalias() += scale * (dsx.transpose() * r.q);  // X^T dK
    gh.bk += (scale * ds.sum()) * r.q;
    dX.noalias() += scale * (ds * r.u.transpose());  // dK W_K^T
    // q = x_q W_Q + b_Q
    gh.Wq.noalias() += xq.transpose() * dq;
    gh.bq += dq;
    dX.row(query).noalias() += dq * hp.Wq.transpose();
  }
  for (Eigen::Index i = 0; i < n; ++i) g.embedding.row(tokens[i]) += dX.row(i);
  return loss;
}

}  // namespace attn::train
