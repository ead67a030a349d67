// Multi-head attention (self-attention, and the general form with queries from another
// sequence and an optional causal mask) with an output projection, forward and backward, for a
// block of query tokens: the training step asks for one (the token the loss reads), the page's
// attention maps for all of them. Every token is a key and a value either way.
//
// The core's one attention layer: the trainer, the translator and the lessons' backward pass
// (attn::self_attention_backward) all run attention_head_forward / attention_head_backward;
// docs/architecture.md says why the lessons' forward pass keeps a form of its own.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "attn/attention.hpp"
#include "attn/linear.hpp"
#include "attn/rope.hpp"

namespace attn::train {

// One head's projections; d = model width, dh = d / heads.
struct HeadParams {
  Eigen::MatrixXd Wq, Wk, Wv;     // d x dh
  Eigen::RowVectorXd bq, bk, bv;  // 1 x dh
};

// The query tokens [first, first + count) of a sentence.
struct Queries {
  Eigen::Index first = 0, count = 1;
};

// Everything one sentence's forward pass leaves for its backward pass, and the buffers of the
// backward pass, sized once for a model (up to max_tokens tokens, max_queries of them queries)
// so that a training step allocates nothing per sentence. Matrices are tokens-as-columns
// (attn/linear.hpp); a call uses the top-left block its sentence needs.
struct SelfAttentionWorkspace {
  struct Head {
    Head() = default;
    // A head of query/key width key_width and value width value_width over tokens of width
    // `width` (the models: both width / heads; the engine's lessons: any).
    // keys: room for the keys formed, which RoPE needs (HeadOptions); without, they never are.
    Head(Eigen::Index width, Eigen::Index key_width, Eigen::Index value_width,
         Eigen::Index max_tokens, Eigen::Index max_queries, Eigen::Index gradient_capacity,
         bool keys = false);
    Eigen::MatrixXd Q;    // dh x queries
    Eigen::MatrixXd U;    // d x queries, W_K q: the keys enter only through x_j . U
    Eigen::MatrixXd A;    // tokens x queries: column i = where query i looks (sums to 1)
    Eigen::MatrixXd AX;   // d x queries, X A: the attention-weighted input
    Eigen::MatrixXd W;    // d x queries, W_V dC (backward)
    Eigen::MatrixXd dA;   // tokens x queries: d loss / d weights, then d loss / d scores
    Eigen::MatrixXd dSX;  // d x queries, X dS (backward)
    Eigen::MatrixXd dQ;   // dh x queries
    Eigen::MatrixXd dXq;  // d x queries, scratch for the query tokens' part of dX
    // With keys formed (RoPE) only, else empty: K (dh x tokens, turned), dK, and dXk (d x
    // tokens, scratch for the keys' part of dX).
    Eigen::MatrixXd K, dK, dXk;
    Eigen::Index first = 0;  // with RoPE: the position of the first query (the backward's turn)
    WeightGradient dWq, dWk, dWv;
  };
  SelfAttentionWorkspace() = default;
  // gradient_capacity: query tokens that may pass backward between two flushes (flush()).
  SelfAttentionWorkspace(Eigen::Index width, int heads, Eigen::Index max_tokens,
                         Eigen::Index max_queries, Eigen::Index gradient_capacity,
                         bool keys = false);

  std::vector<Head> heads;
  Eigen::MatrixXd concat;   // d x queries, [C_1; ...; C_H]
  Eigen::MatrixXd dconcat;  // d x queries
  WeightGradient dWo;
};

// Xt: d x n (every token) -> Yt: d x count, the layer's output at the queries:
//   per head  Q = X_q W_Q + b_Q,  scores = Q (X W_K + b_K)^T / sqrt(dh),  A = softmax(scores),
//             C = A (X W_V + b_V),   and  Y = [C_1 ... C_H] W_O.
// Computed as scores = (X (W_K Q^T) + b_K . q) / sqrt(dh) and C = (A X) W_V + b_V (rows of A
// sum to 1): the keys and values X W_K, X W_V are never formed, which for one query costs
// O(n d + d^2) instead of O(n d^2).
void self_attention_forward(const MatrixRef& Xt, Queries q, const std::vector<HeadParams>& heads,
                            const Eigen::MatrixXd& Wo, MatrixOut Yt, SelfAttentionWorkspace& ws);

// dYt: d x count -> dXt (d x n) += the gradient through every token; the parameters' gradients
// accumulate into gheads and dWo (the weight matrices' once flush() is called).
void self_attention_backward(const MatrixRef& Xt, Queries q, const std::vector<HeadParams>& heads,
                             const Eigen::MatrixXd& Wo, const MatrixRef& dYt, MatrixOut dXt,
                             std::vector<HeadParams>& gheads, Eigen::MatrixXd& dWo,
                             SelfAttentionWorkspace& ws);

// The general layer the two above are: queries from one sequence, keys and values from another.
// An encoder-decoder's cross-attention reads its queries from the decoder (Xqt) and its keys and
// values from the encoder's output (Xt); self-attention passes its own query tokens as Xqt.
// With a causal mask query i (token first + i of the sequence the keys come from) looks only at
// keys 0 .. first + i: a decoder writing word i cannot see the words after it.
struct Mask {
  bool causal = false;
  Eigen::Index first = 0;
};

// Xqt: d x m (queries), Xt: d x n (keys and values) -> Yt: d x m, as self_attention_forward.
void attention_forward(const MatrixRef& Xqt, const MatrixRef& Xt, Mask mask,
                       const std::vector<HeadParams>& heads, const Eigen::MatrixXd& Wo,
                       MatrixOut Yt, SelfAttentionWorkspace& ws);

// dYt: d x m -> dXqt (d x m) += the gradient through the queries, dXt (d x n) += through the keys
// and values (the two may be views of one matrix, as in self-attention); the parameters' as in
// self_attention_backward.
void attention_backward(const MatrixRef& Xqt, const MatrixRef& Xt, Mask mask,
                        const std::vector<HeadParams>& heads, const Eigen::MatrixXd& Wo,
                        const MatrixRef& dYt, MatrixOut dXqt, MatrixOut dXt,
                        std::vector<HeadParams>& gheads, Eigen::MatrixXd& dWo,
                        SelfAttentionWorkspace& ws);

// What a head may do beyond the plain layer (the language model's options, attn/lm/model.hpp):
// turn its queries and keys by position (RoPE: query i as at position mask.first + i, key j as
// at j; the table must hold those positions, and the head's workspace room for keys), and
// weigh by softmax plus one (attn/softmax.hpp), whose weights may sum to less than 1. The
// defaults are the plain layer, computed exactly as without them.
struct HeadOptions {
  const RopeTable* rope = nullptr;
  SoftmaxKind softmax = SoftmaxKind::Standard;
};

// One head of attention_forward, the layer every attention of the core runs (the models'
// through attention_forward, the engine's lessons through attn::self_attention):
//   C = softmax(scale * (Q K^T)) V at the m query tokens, C: dv x m,
// with Q = X_q W_Q + b_Q, K = X W_K + b_K, V = X W_V + b_V. The models' scale is 1 / sqrt(dh);
// the lessons may also leave the scores unscaled or divide them by a temperature.
void attention_head_forward(const MatrixRef& Xqt, const MatrixRef& Xt, Mask mask,
                            const HeadParams& p, double scale, MatrixOut C,
                            SelfAttentionWorkspace::Head& r);

// The same with the queries' projections from q and the keys' and values' from kv (grouped-query
// attention: the heads of a group share one kv; attention_head_forward above passes p as both),
// and the options above.
void attention_head_forward(const MatrixRef& Xqt, const MatrixRef& Xt, Mask mask,
                            const HeadParams& q, const HeadParams& kv, double scale, MatrixOut C,
                            SelfAttentionWorkspace::Head& r, const HeadOptions& options);

// dC (dv x m) of the last attention_head_forward on r -> dXqt += through the queries, dXt +=
// through the keys and values (may be views of one matrix); the head's parameters' gradients
// accumulate into g (its weight matrices' once flush() is called).
void attention_head_backward(const MatrixRef& Xqt, const MatrixRef& Xt, const HeadParams& p,
                             double scale, const MatrixRef& dC, MatrixOut dXqt, MatrixOut dXt,
                             HeadParams& g, SelfAttentionWorkspace::Head& r);

// The same for the general forward pass (the same q, kv and options): the queries' gradients
// into gq, the keys' and values' into gkv (a group's heads all add to their shared one).
void attention_head_backward(const MatrixRef& Xqt, const MatrixRef& Xt, const HeadParams& q,
                             const HeadParams& kv, double scale, const MatrixRef& dC,
                             MatrixOut dXqt, MatrixOut dXt, HeadParams& gq, HeadParams& gkv,
                             SelfAttentionWorkspace::Head& r, const HeadOptions& options);

// Adds the weight gradients kept in r since the last flush to g.
void flush(SelfAttentionWorkspace::Head& r, HeadParams& g);
// The same for the general backward pass: W_Q's to gq, W_K's and W_V's to gkv.
void flush(SelfAttentionWorkspace::Head& r, HeadParams& gq, HeadParams& gkv);

// Adds the weight gradients kept in ws since the last flush to gheads and dWo. group: heads per
// key/value head (grouped-query attention), whose W_K and W_V gradients go to the first head of
// their group, gheads[h - h % group].
void flush(SelfAttentionWorkspace& ws, std::vector<HeadParams>& gheads, Eigen::MatrixXd& dWo,
           int group = 1);

}  // namespace attn::train
