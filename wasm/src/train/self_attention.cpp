#include "attn/train/self_attention.hpp"

#include <algorithm>
#include <cmath>

#include "attn/softmax.hpp"

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
                                   Eigen::Index q, Eigen::Index capacity, bool keys)
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
      dWv(capacity, d, dv) {
  if (!keys) return;
  K.resize(dk, n);
  dK.resize(dk, n);
  dXk.resize(d, n);
}

SelfAttentionWorkspace::SelfAttentionWorkspace(Eigen::Index d, int count, Eigen::Index max_tokens,
                                               Eigen::Index max_queries,
                                               Eigen::Index gradient_capacity, bool keys) {
  const Eigen::Index dh = d / count;
  heads.assign(static_cast<std::size_t>(count),
               Head(d, dh, dh, max_tokens, max_queries, gradient_capacity, keys));
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

namespace {

// The head with RoPE (kRope) or without: two functions, so that the lessons' engine.wasm, whose
// head never turns, links none of the turning (it grew by 4 KB when one function held both).
template <bool kRope>
void head_forward(const MatrixRef& Xq, const MatrixRef& Xt, Mask mask, const HeadParams& q,
                  const HeadParams& kv, double scale, MatrixOut C, SelfAttentionWorkspace::Head& r,
                  const HeadOptions& o) {
  const Eigen::Index n = Xt.cols(), m = Xq.cols();
  const bool plus_one = o.softmax == SoftmaxKind::PlusOne;
  auto Q = r.Q.leftCols(m);
  auto U = r.U.leftCols(m);
  auto A = r.A.topLeftCorner(n, m);
  auto AX = r.AX.leftCols(m);
  linear_forward(q.Wq, q.bq, Xq, Q);
  if constexpr (kRope) {
    // A turn depends on the key's position, so the keys are formed (with their bias) and turned,
    // and each score is k_j . q_i.
    auto K = r.K.leftCols(n);
    linear_forward(kv.Wk, kv.bk, Xt, K);
    rope_columns(*o.rope, mask.first, Q);
    rope_columns(*o.rope, 0, K);
    r.first = mask.first;
    matmul_tn_into(K, Q, A);
  } else {
    matmul_into(kv.Wk, Q, U);
    matmul_tn_into(Xt, U, A);  // x_j . (W_K q): the scores without the key bias and scale
  }
  for (Eigen::Index i = 0; i < m; ++i) {
    // Then a stable softmax of each query's scores (the largest shifted to 0), over the keys
    // the mask lets it see; the hidden keys get weight 0, so that nothing flows back to them.
    const Eigen::Index seen = mask.causal ? std::min(n, mask.first + i + 1) : n;
    auto a = A.col(i).head(seen);
    if constexpr (kRope)
      a *= scale;
    else
      a = (a.array() + kv.bk.transpose().dot(Q.col(i))) * scale;
    const double shift = softmax_shift(a.maxCoeff(), plus_one);
    a = (a.array() - shift).exp();
    a /= a.sum() + softmax_extra(shift, plus_one);
    A.col(i).tail(n - seen).setZero();
  }
  matmul_into(Xt, A, AX);
  matmul_tn_into(kv.Wv, AX, C);
  for (Eigen::Index i = 0; i < m; ++i) C.col(i) += A.col(i).sum() * kv.bv.transpose();
}

}  // namespace

void attention_head_forward(const MatrixRef& Xq, const MatrixRef& Xt, Mask mask,
                            const HeadParams& p, double scale, MatrixOut C,
                            SelfAttentionWorkspace::Head& r) {
  head_forward<false>(Xq, Xt, mask, p, p, scale, C, r, {});
}

void attention_head_forward(const MatrixRef& Xq, const MatrixRef& Xt, Mask mask,
                            const HeadParams& q, const HeadParams& kv, double scale, MatrixOut C,
                            SelfAttentionWorkspace::Head& r,
                            [[maybe_unused]] const HeadOptions& o) {
  if (o.rope)
    head_forward<true>(Xq, Xt, mask, q, kv, scale, C, r, o);
  else
    head_forward<false>(Xq, Xt, mask, q, kv, scale, C, r, o);
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

namespace {

template <bool kRope>
void head_backward(const MatrixRef& Xq, const MatrixRef& Xt, const HeadParams& q,
                   const HeadParams& kv, double scale, const MatrixRef& dC, MatrixOut dXqt,
                   MatrixOut dXt, HeadParams& gq, HeadParams& gkv, SelfAttentionWorkspace::Head& r,
                   [[maybe_unused]] const HeadOptions& o) {
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
  r.dWv.add(r.AX.leftCols(m), dC, gkv.Wv);
  matmul_into(kv.Wv, dC, W);
  matmul_tn_into(Xt, W, dA);
  for (Eigen::Index i = 0; i < m; ++i) {
    gkv.bv += A.col(i).sum() * dC.col(i).transpose();
    dA.col(i).array() += kv.bv.transpose().dot(dC.col(i));
  }
  add_outer_products(W, A, 1.0, dXt);
  // Softmax of each query's scores: ds_j = a_j (da_j - a . da), in place of dA. Softmax plus one
  // has the same Jacobian over the real scores (its extra score is a constant), only with
  // weights that sum to less than 1, so the sum of ds is no longer 0.
  for (Eigen::Index i = 0; i < m; ++i) {
    auto ds = dA.col(i);
    const auto a = A.col(i);
    ds = (a.array() * (ds.array() - a.dot(ds))).matrix();
  }
  if constexpr (kRope) {
    // scores = scale * K~^T Q~ with the turned Q~ = R Q, K~ = R K:  dQ~ = scale K~ dS,
    // dK~ = scale Q~ dS^T, each turned back (R^T) to the gradient of the unturned projection;
    // then K = X W_K + b_K as a linear layer.
    const auto K = r.K.leftCols(n);
    auto dK = r.dK.leftCols(n);
    matmul_into(K, dA, dQ);
    dQ *= scale;
    dK.setZero();
    add_outer_products(Q, dA, scale, dK);
    rope_columns(*o.rope, r.first, dQ, true);
    rope_columns(*o.rope, 0, dK, true);
    auto dXk = r.dXk.leftCols(n);
    linear_backward(kv.Wk, Xt, dK, dXk, gkv.bk, r.dWk, gkv.Wk);
    dXt += dXk;
  } else {
    // scores = Q K^T * scale with K = X W_K + b_K:  dQ = scale dS K = scale (dS X W_K + (sum
    // dS) b_K);  dW_K = X^T dK = scale (dS X)^T Q, outer products again;  dX += dK W_K^T =
    // scale U dS^T (U = W_K Q^T from the forward pass).
    matmul_into(Xt, dA, dSX);
    matmul_tn_into(kv.Wk, dSX, dQ);
    for (Eigen::Index i = 0; i < m; ++i) {
      const double ds_sum = dA.col(i).sum();
      dQ.col(i) += ds_sum * kv.bk.transpose();
      gkv.bk += (scale * ds_sum) * Q.col(i).transpose();
    }
    dQ *= scale;
    r.dWk.add(dSX, Q, gkv.Wk, scale);
    add_outer_products(U, dA, scale, dXt);
  }
  // Q = X_q W_Q + b_Q: only the query tokens.
  auto dXq = r.dXq.leftCols(m);
  linear_backward(q.Wq, Xq, dQ, dXq, gq.bq, r.dWq, gq.Wq);
  dXqt += dXq;
}

}  // namespace

void attention_head_backward(const MatrixRef& Xq, const MatrixRef& Xt, const HeadParams& p,
                             double scale, const MatrixRef& dC, MatrixOut dXqt, MatrixOut dXt,
                             HeadParams& g, SelfAttentionWorkspace::Head& r) {
  head_backward<false>(Xq, Xt, p, p, scale, dC, dXqt, dXt, g, g, r, {});
}

void attention_head_backward(const MatrixRef& Xq, const MatrixRef& Xt, const HeadParams& q,
                             const HeadParams& kv, double scale, const MatrixRef& dC,
                             MatrixOut dXqt, MatrixOut dXt, HeadParams& gq, HeadParams& gkv,
                             SelfAttentionWorkspace::Head& r,
                             [[maybe_unused]] const HeadOptions& o) {
  if (o.rope)
    head_backward<true>(Xq, Xt, q, kv, scale, dC, dXqt, dXt, gq, gkv, r, o);
  else
    head_backward<false>(Xq, Xt, q, kv, scale, dC, dXqt, dXt, gq, gkv, r, o);
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

void flush(SelfAttentionWorkspace::Head& r, HeadParams& g) { flush(r, g, g); }

void flush(SelfAttentionWorkspace::Head& r, HeadParams& gq, HeadParams& gkv) {
  r.dWq.flush(gq.Wq);
  r.dWk.flush(gkv.Wk);
  r.dWv.flush(gkv.Wv);
}

void flush(SelfAttentionWorkspace& ws, std::vector<HeadParams>& gheads, Eigen::MatrixXd& dWo,
           int group) {
  const std::size_t r = static_cast<std::size_t>(group);
  for (std::size_t h = 0; h < gheads.size(); ++h) flush(ws.heads[h], gheads[h], gheads[h - h % r]);
  ws.dWo.flush(dWo);
}

}  // namespace attn::train
