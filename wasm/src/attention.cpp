// The lessons' form of the core's one attention layer (rows are tokens, checked input with
// named errors, every intermediate kept for a lesson to show).
//
// Its backward pass is the layer the models train with: dX, dW and db come from
// attn::train::attention_head_backward (tokens as columns, buffers reused, K and V never
// formed); only the intermediates lesson 8 shows (dWeights, dScores, dQ, dK, dV) are computed
// here, from their definitions. The forward pass stays a computation of its own, step by step as
// the lesson shows it, because the lessons' numbers must agree with each other as shown: the
// weights are exactly softmax(scores / T) and the context exactly weights V, to the last bit
// (the fuzzer holds them to 1e-15). The training layer reassociates both (the scores as
// x_j . (W_K q) + b_K . q, the context as W_V^T (X A) + b_V), which is what makes it fast and
// what keeps it from matching the shown scores and V bit for bit. Tests join the two forms
// (docs/architecture.md).
#include "attn/attention.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "attn/linear.hpp"
#include "attn/matmul.hpp"
#include "attn/residual.hpp"
#include "attn/rope.hpp"
#include "attn/softmax.hpp"
#include "attn/train/self_attention.hpp"
#include "attn/validate.hpp"

namespace attn {

Eigen::Index trace_numbers(Eigen::Index n, Eigen::Index d, Eigen::Index dk, Eigen::Index dv) {
  // Scores and weights are n x n each; Q, K, V, the context and the output are n rows.
  return 2 * n * n + n * (2 * dk + 2 * dv + d);
}

Eigen::Index trace_numbers(const Eigen::MatrixXd& X, const AttentionWeights& w) {
  return trace_numbers(X.rows(), X.cols(), w.Wq.cols(), w.Wv.cols());
}

Eigen::Index gradient_numbers(const Eigen::MatrixXd& X, const AttentionWeights& w) {
  // dX is n x d; dW_Q, dW_K, dW_V are d x d_k, d x d_k, d x d_v, with their biases; dQ, dK, dV
  // are n rows; dScores and dWeights n x n.
  const Eigen::Index n = X.rows(), d = X.cols(), dk = w.Wq.cols(), dv = w.Wv.cols();
  return n * d + (d + 1) * (2 * dk + dv) + n * (2 * dk + dv) + 2 * n * n;
}

namespace {

// What self_attention checks before it computes anything: the inputs, their shapes and biases
// (require_attention_inputs; the backward pass's training layer, which runs first, reads the
// biases unchecked: a b_Q of the wrong length read past its end, the fuzzer found), and the
// per-call limit on what the trace holds.
void check_inputs(const Eigen::MatrixXd& X, const AttentionWeights& w,
                  const AttentionOptions& options) {
  require_attention_inputs(X, w, options);
  require_numbers(static_cast<double>(trace_numbers(X, w)),
                  "attention over " + count(X.rows(), "token", "tokens"));
}

// The engine's head as the training layer's parameters, its weight matrices moved, not copied
// (at 512 x 1,023 they are 25 MB); an absent bias is a bias of zeros. give_back() returns them.
train::HeadParams take_head(AttentionWeights& w) {
  auto row = [](const std::optional<Eigen::VectorXd>& b, Eigen::Index size) {
    return b ? Eigen::RowVectorXd(b->transpose()) : Eigen::RowVectorXd::Zero(size);
  };
  const Eigen::Index dk = w.Wq.cols(), dv = w.Wv.cols();
  return {std::move(w.Wq), std::move(w.Wk), std::move(w.Wv),
          row(w.bq, dk),   row(w.bk, dk),   row(w.bv, dv)};
}

void give_back(train::HeadParams& head, AttentionWeights& w) {
  w.Wq = std::move(head.Wq);
  w.Wk = std::move(head.Wk);
  w.Wv = std::move(head.Wv);
}

}  // namespace

void require_attention_inputs(const Eigen::MatrixXd& X, const AttentionWeights& w,
                              const AttentionOptions& options) {
  require_positive(options.temperature, "temperature");
  require_matrix(X, "X");
  require_dimension(X.rows(), "X", "rows (tokens)");
  require_matrix(w.Wq, "W_Q");
  require_matrix(w.Wk, "W_K");
  require_matrix(w.Wv, "W_V");
  require_rows_match_cols(w.Wq, "W_Q", X, "X");
  require_rows_match_cols(w.Wk, "W_K", X, "X");
  require_rows_match_cols(w.Wv, "W_V", X, "X");
  // Each score is a dot product of a query with a key, so they need the same width.
  if (w.Wk.cols() != w.Wq.cols())
    throw std::invalid_argument("W_K has " + count(w.Wk.cols(), "column", "columns") +
                                " but W_Q has " + std::to_string(w.Wq.cols()) +
                                "; queries and keys must have the same width d_k");
  require_bias(w.bq, "b_Q", w.Wq, "W_Q");
  require_bias(w.bk, "b_K", w.Wk, "W_K");
  require_bias(w.bv, "b_V", w.Wv, "W_V");
  // Checked whether or not RoPE is on: a NaN base is a mistake either way.
  rope_frequencies(w.Wq.cols(), options.rope_base, "ropeBase");
}

Eigen::MatrixXd attention_queries(const Eigen::MatrixXd& X, const AttentionWeights& w,
                                  const AttentionOptions& options, Eigen::Index first) {
  Eigen::MatrixXd Q = linear(X, w.Wq, w.bq, {"X", "W_Q", "b_Q"});
  if (options.positions == Positions::Rope)
    rope_in_place(Q, options.rope_base, "ropeBase", first, "the turned queries (RoPE)");
  return Q;
}

Eigen::MatrixXd attention_keys(const Eigen::MatrixXd& X, const AttentionWeights& w,
                               const AttentionOptions& options) {
  Eigen::MatrixXd K = linear(X, w.Wk, w.bk, {"X", "W_K", "b_K"});
  if (options.positions == Positions::Rope)
    rope_in_place(K, options.rope_base, "ropeBase", 0, "the turned keys (RoPE)");
  return K;
}

Eigen::MatrixXd attention_values(const Eigen::MatrixXd& X, const AttentionWeights& w) {
  return linear(X, w.Wv, w.bv, {"X", "W_V", "b_V"});
}

AttentionTrace self_attention(const Eigen::MatrixXd& X, const AttentionWeights& w,
                              const AttentionOptions& options, const std::string& where) {
  try {
    check_inputs(X, w, options);

    AttentionTrace t;
    t.Q = attention_queries(X, w, options);
    t.K = attention_keys(X, w, options);
    t.V = attention_values(X, w);

    // Without the 1/sqrt(d_k), scores grow with d_k and the softmax saturates.
    t.scores = matmul_nt(t.Q, t.K);
    if (options.scale) t.scores /= std::sqrt(static_cast<double>(t.Q.cols()));
    require_finite_result(t.scores, "the scores Q K^T");
    if (options.causal) {
      const double masked = -std::numeric_limits<double>::infinity();
      for (Eigen::Index i = 0; i < t.scores.rows(); ++i)
        for (Eigen::Index j = i + 1; j < t.scores.cols(); ++j) t.scores(i, j) = masked;
    }

    t.weights = options.softmax == SoftmaxKind::PlusOne
                    ? softmax_plus_one_rows(t.scores, options.temperature)
                    : softmax_rows(t.scores, options.temperature);
    t.context = matmul(t.weights, t.V);
    if (t.V.cols() == X.cols()) t.output = residual(X, t.context, "the context");
    return t;
  } catch (const std::invalid_argument& e) {
    if (where.empty()) throw;
    throw std::invalid_argument(where + e.what());
  }
}

AttentionGradients self_attention_backward(const Eigen::MatrixXd& X, AttentionWeights w,
                                           const AttentionOptions& options,
                                           const Eigen::MatrixXd& dContext) {
  // The training layer below knows neither; their gradients are not written.
  if (options.positions != Positions::None || options.softmax != SoftmaxKind::Standard)
    throw std::invalid_argument(
        "the backward pass is written for the standard softmax without RoPE; set positions to "
        "'none' and softmax to 'standard'");
  check_inputs(X, w, options);
  // What it returns is held to the per-call limit as the forward's trace is (validate.hpp): at
  // 1,024 x 409 its 4.3 million gradients (with the trace and the training layer's buffers it
  // needs to compute them) took wasm memory from 16 MB to 184 MB, past the ~150 MB any call may
  // take (docs/testing.md, "Bounds").
  require_numbers(static_cast<double>(gradient_numbers(X, w)),
                  "the backward pass over " + count(X.rows(), "token", "tokens"));
  require_matrix(dContext, "dContext");
  const Eigen::Index n = X.rows(), d = X.cols(), dk = w.Wq.cols(), dv = w.Wv.cols();
  if (dContext.rows() != n || dContext.cols() != dv)
    throw std::invalid_argument(
        "dContext is " + std::to_string(dContext.rows()) + " x " + std::to_string(dContext.cols()) +
        " but the context (weights V) is " + std::to_string(n) + " x " + std::to_string(dv) +
        "; dContext must have the context's shape: one row per token, one column per column "
        "of W_V");

  // Two parts, one after the other, each freeing what it made before the next begins (together,
  // the training layer's buffers and the lessons' trace were most of those 184 MB).
  AttentionGradients g;
  // The gradients of X, the weights and the biases: the training layer's backward pass, after
  // its forward pass (which keeps what the backward reads). It multiplies the raw scores q . k
  // by one factor: 1 / sqrt(d_k) unless unscaled, and 1 / T.
  const double root = options.scale ? std::sqrt(static_cast<double>(dk)) : 1.0;
  {
    train::HeadParams head = take_head(w);
    const double scale = 1.0 / root / options.temperature;
    train::SelfAttentionWorkspace::Head ws(d, dk, dv, n, n, 0);
    const Eigen::MatrixXd Xt = X.transpose();
    Eigen::MatrixXd Ct(dv, n);
    train::attention_head_forward(Xt, Xt, train::Mask{options.causal, 0}, head, scale, Ct, ws);
    train::HeadParams dp{Eigen::MatrixXd::Zero(d, dk), Eigen::MatrixXd::Zero(d, dk),
                         Eigen::MatrixXd::Zero(d, dv), Eigen::RowVectorXd::Zero(dk),
                         Eigen::RowVectorXd::Zero(dk), Eigen::RowVectorXd::Zero(dv)};
    Eigen::MatrixXd dXt = Eigen::MatrixXd::Zero(d, n);
    const Eigen::MatrixXd dCt = dContext.transpose();
    train::attention_head_backward(Xt, Xt, head, scale, dCt, dXt, dXt, dp, ws);
    train::flush(ws, dp);
    give_back(head, w);
    g.dX = dXt.transpose();
    g.dWq = std::move(dp.Wq);
    g.dWk = std::move(dp.Wk);
    g.dWv = std::move(dp.Wv);
    g.dbq = dp.bq.transpose();
    g.dbk = dp.bk.transpose();
    g.dbv = dp.bv.transpose();
  }
  // The intermediates lesson 8 shows, from their definitions, on the lessons' own trace (its
  // scores and output are not needed here, so they go at once). context = weights V:
  {
    AttentionTrace t = self_attention(X, w, options);
    t.scores.resize(0, 0);
    t.output.reset();
    g.dWeights = matmul_nt(dContext, t.V);
    g.dV = matmul_tn(t.weights, dContext);
    g.dScores = softmax_rows_backward(t.weights, g.dWeights, options.temperature);
    // scores = Q K^T / sqrt(d_k): the same factor reaches Q and K (applied to the products,
    // which are n x d_k, rather than to a scaled n x n copy of dScores).
    g.dQ = matmul(g.dScores, t.K) / root;
    g.dK = matmul_tn(g.dScores, t.Q) / root;
  }

  // Finite inputs can still overflow in the products: every gradient returned is checked (a bias
  // gradient sums a column, and overflowed alone when the matrices did not; the fuzzer found it).
  for (const auto& [m, name] : {std::pair<const Eigen::MatrixXd&, const char*>{g.dX, "dX"},
                                {g.dWq, "dW_Q"},
                                {g.dWk, "dW_K"},
                                {g.dWv, "dW_V"},
                                {g.dQ, "dQ"},
                                {g.dK, "dK"},
                                {g.dV, "dV"},
                                {g.dScores, "dScores"},
                                {g.dWeights, "dWeights"}})
    require_finite_result(m, std::string("the gradient ") + name);
  for (const auto& [v, name] : {std::pair<const Eigen::VectorXd&, const char*>{g.dbq, "db_Q"},
                                {g.dbk, "db_K"},
                                {g.dbv, "db_V"}})
    require_finite_result(v, std::string("the gradient ") + name);
  return g;
}

}  // namespace attn
