#include "attn/train/self_attention.hpp"

#include <algorithm>
#include <cmath>

namespace attn::train {

namespace {

// dXt += scale * L R^T (L: d x m, R: n x m): column k gains scale * R(k, i) * L[:, i] for each
// query i. Plain loops over contiguous columns, which the compiler vectorises (SSE2 natively,
// simd128 in wasm); as one product of dynamic-size blocks Eigen would take its blocked
// matrix-product path, several times the arithmetic for a single query.
void add_outer_products(const MatrixRef& L, const MatrixRef& R, double scale, MatrixOut dXt) {
  const Eigen::Index d = L.rows();
  for (Eigen::Index i = 0; i < L.cols(); ++i) {
    const double* l = L.data() + i * L.outerStride();
    for (Eigen::Index k = 0; k < R.rows(); ++k) {
      const double s = scale * R(k, i);
      double* c = dXt.data() + k * dXt.outerStride();
      for (Eigen::Index r = 0; r < d; ++r) c[r] += s * l[r];
    }
  }
}

}  // namespace

SelfAttentionWorkspace::Head::Head(Eigen::Index d, Eigen::Index dk, Eigen::Index dv, Eigen::Index n,
                                   Eigen::Index q, Eigen::Index capacity)
    : Q(dk, q),
      U(d, q),
      A(n, q),
      AX(d, q),
      W(d, q),
      dA(n, q),
      dSX(d, q),
      dQ(dk, q),
      dXq(d, q),
      dWq(capacity, d, dk),
      dWk(capacity, d, dk),
      dWv(capacity, d, dv) {}

SelfAttentionWorkspace::SelfAttentionWorkspace(Eigen::Index d, int count, Eigen::Index max_tokens,
                                               Eigen::Index max_queries,
                                               Eigen::Index gradient_capacity) {
  const Eigen::Index dh = d / count;
  heads.assign(static_cast<std::size_t>(count),
               Head(d, dh, dh, max_tokens, max_queries, gradient_capacity));
  for (auto* m : {&concat, &dconcat}) m->resize(d, max_queries);
  dWo = WeightGradient(gradient_capacity, d, d);
}

void self_attention_forward(const MatrixRef& Xt, Queries q, const std::vector<HeadParams>& heads,
                            const Eigen::MatrixXd& Wo, MatrixOut Yt, SelfAttentionWorkspace& ws) {
  attention_forward(Xt.middleCols(q.first, q.count), Xt, Mask{}, heads, Wo, Yt, ws);
}

void self_attention_backward(const MatrixRef& Xt, Queries q, const std::vector<HeadParams>& heads,
                             const Eigen::MatrixXd& Wo, const MatrixRef& dYt, MatrixOut dXt,
                             std::vector<HeadParams>& gheads, Eigen::MatrixXd& dWo,
                             SelfAttentionWorkspace& ws) {
  attention_backward(Xt.middleCols(q.first, q.count), Xt, Mask{}, heads, Wo, dYt,
                     dXt.middleCols(q.first, q.count), dXt, gheads, dWo, ws);
}

void attention_head_forward(const MatrixRef& Xq, const MatrixRef& Xt, Mask mask,
                            const HeadParams& p, double scale, MatrixOut C,
                            SelfAttentionWorkspace::Head& r) {
  const Eigen::Index n = Xt.cols(), m = Xq.cols();
  auto Q = r.Q.leftCols(m);
  auto U = r.U.leftCols(m);
  auto A = r.A.topLeftCorner(n, m);
  auto AX = r.AX.leftCols(m);
  linear_forward(p.Wq, p.bq, Xq, Q);
  matmul_into(p.Wk, Q, U);
  matmul_tn_into(Xt, U, A);  // x_j . (W_K q): the scores without the key bias and scale
  for (Eigen::Index i = 0; i < m; ++i) {
    // Then a stable softmax of each query's scores (the largest shifted to 0), over the keys
    // the mask lets it see; the hidden keys get weight 0, so that nothing flows back to them.
    const Eigen::Index seen = mask.causal ? std::min(n, mask.first + i + 1) : n;
    auto a = A.col(i).head(seen);
    a = (a.array() + p.bk.transpose().dot(Q.col(i))) * scale;
    const double max = a.maxCoeff();
    a = (a.array() - max).exp();
    a /= a.sum();
    A.col(i).tail(n - seen).setZero();
  }
  matmul_into(Xt, A, AX);
  matmul_tn_into(p.Wv, AX, C);
  for (Eigen::Index i = 0; i < m; ++i) C.col(i) += A.col(i).sum() * p.bv.transpose();
}

void attention_forward(const MatrixRef& Xq, const MatrixRef& Xt, Mask mask,
                       const std::vector<HeadParams>& heads, const Eigen::MatrixXd& Wo,
                       MatrixOut Yt, SelfAttentionWorkspace& ws) {
  const Eigen::Index m = Xq.cols(), dh = heads[0].Wq.cols();
  const double scale = 1.0 / std::sqrt(static_cast<double>(dh));
  for (std::size_t h = 0; h < heads.size(); ++h)
    attention_head_forward(Xq, Xt, mask, heads[h], scale,
                           ws.concat.middleRows(static_cast<Eigen::Index>(h) * dh, dh).leftCols(m),
                           ws.heads[h]);
  matmul_tn_into(Wo, ws.concat.leftCols(m), Yt);
}

void attention_head_backward(const MatrixRef& Xq, const MatrixRef& Xt, const HeadParams& p,
                             double scale, const MatrixRef& dC, MatrixOut dXqt, MatrixOut dXt,
                             HeadParams& g, SelfAttentionWorkspace::Head& r) {
  // A mask needs nothing here: a hidden key's weight is 0, so its every term below is 0.
  const Eigen::Index n = Xt.cols(), m = Xq.cols();
  const auto Q = r.Q.leftCols(m);
  const auto U = r.U.leftCols(m);
  const auto A = r.A.topLeftCorner(n, m);
  auto W = r.W.leftCols(m);
  auto dA = r.dA.topLeftCorner(n, m);
  auto dSX = r.dSX.leftCols(m);
  auto dQ = r.dQ.leftCols(m);
  // C = A V with V = X W_V + b_V:  dV = A^T dC, so dW_V = X^T dV = (A X)^T dC, outer products
  // of AX's and dC's columns;  dX += dV W_V^T = (W_V dC) A^T;  and dA_ij = dc_i . v_j =
  // x_j . (W_V dc_i) + b_V . dc_i.
  r.dWv.add(r.AX.leftCols(m), dC, g.Wv);
  matmul_into(p.Wv, dC, W);
  matmul_tn_into(Xt, W, dA);
  for (Eigen::Index i = 0; i < m; ++i) {
    g.bv += A.col(i).sum() * dC.col(i).transpose();
    dA.col(i).array() += p.bv.transpose().dot(dC.col(i));
  }
  add_outer_products(W, A, 1.0, dXt);
  // Softmax of each query's scores: ds_j = a_j (da_j - a . da), in place of dA.
  for (Eigen::Index i = 0; i < m; ++i) {
    auto ds = dA.col(i);
    const auto a = A.col(i);
    ds = (a.array() * (ds.array() - a.dot(ds))).matrix();
  }
  // scores = Q K^T * scale with K = X W_K + b_K:  dQ = scale dS K = scale (dS X W_K + (sum dS)
  // b_K);  dW_K = X^T dK = scale (dS X)^T Q, outer products again;  dX += dK W_K^T =
  // scale U dS^T (U = W_K Q^T from the forward pass).
  matmul_into(Xt, dA, dSX);
  matmul_tn_into(p.Wk, dSX, dQ);
  for (Eigen::Index i = 0; i < m; ++i) {
    const double ds_sum = dA.col(i).sum();
    dQ.col(i) += ds_sum * p.bk.transpose();
    g.bk += (scale * ds_sum) * Q.col(i).transpose();
  }
  dQ *= scale;
  r.dWk.add(dSX, Q, g.Wk, scale);
  add_outer_products(U, dA, scale, dXt);
  // Q = X_q W_Q + b_Q: only the query tokens.
  auto dXq = r.dXq.leftCols(m);
  linear_backward(p.Wq, Xq, dQ, dXq, g.bq, r.dWq, g.Wq);
  dXqt += dXq;
}

void attention_backward(const MatrixRef& Xq, const MatrixRef& Xt, Mask,
                        const std::vector<HeadParams>& heads, const Eigen::MatrixXd& Wo,
                        const MatrixRef& dYt, MatrixOut dXqt, MatrixOut dXt,
                        std::vector<HeadParams>& gheads, Eigen::MatrixXd& dWo,
                        SelfAttentionWorkspace& ws) {
  const Eigen::Index m = Xq.cols(), dh = heads[0].Wq.cols();
  const double scale = 1.0 / std::sqrt(static_cast<double>(dh));
  // Y = concat W_O
  ws.dWo.add(ws.concat.leftCols(m), dYt, dWo);
  matmul_into(Wo, dYt, ws.dconcat.leftCols(m));
  for (std::size_t h = 0; h < heads.size(); ++h)
    attention_head_backward(
        Xq, Xt, heads[h], scale,
        ws.dconcat.middleRows(static_cast<Eigen::Index>(h) * dh, dh).leftCols(m), dXqt, dXt,
        gheads[h], ws.heads[h]);
}

void flush(SelfAttentionWorkspace::Head& r, HeadParams& g) {
  r.dWq.flush(g.Wq);
  r.dWk.flush(g.Wk);
  r.dWv.flush(g.Wv);
}

void flush(SelfAttentionWorkspace& ws, std::vector<HeadParams>& gheads, Eigen::MatrixXd& dWo) {
  for (std::size_t h = 0; h < gheads.size(); ++h) flush(ws.heads[h], gheads[h]);
  ws.dWo.flush(dWo);
}

}  // namespace attn::train
