#include "attn/attention.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "attn/linear.hpp"
#include "attn/matmul.hpp"
#include "attn/residual.hpp"
#include "attn/softmax.hpp"
#include "attn/validate.hpp"

namespace attn {

Eigen::Index trace_numbers(const Eigen::MatrixXd& X, const AttentionWeights& w) {
  // Scores and weights are n x n each; Q, K, V, the context and the output are n rows.
  const Eigen::Index n = X.rows();
  return 2 * n * n + n * (w.Wq.cols() + w.Wk.cols() + 2 * w.Wv.cols() + X.cols());
}

AttentionTrace self_attention(const Eigen::MatrixXd& X, const AttentionWeights& w,
                              const AttentionOptions& options, const std::string& where) {
  try {
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

    require_numbers(static_cast<double>(trace_numbers(X, w)),
                    "attention over " + count(X.rows(), "token", "tokens"));

    AttentionTrace t;
    t.Q = linear(X, w.Wq, w.bq, {"X", "W_Q", "b_Q"});
    t.K = linear(X, w.Wk, w.bk, {"X", "W_K", "b_K"});
    t.V = linear(X, w.Wv, w.bv, {"X", "W_V", "b_V"});

    // Without the 1/sqrt(d_k), scores grow with d_k and the softmax saturates.
    t.scores = matmul_nt(t.Q, t.K);
    if (options.scale) t.scores /= std::sqrt(static_cast<double>(t.Q.cols()));
    require_finite_result(t.scores, "the scores Q K^T");
    if (options.causal) {
      const double masked = -std::numeric_limits<double>::infinity();
      for (Eigen::Index i = 0; i < t.scores.rows(); ++i)
        for (Eigen::Index j = i + 1; j < t.scores.cols(); ++j) t.scores(i, j) = masked;
    }

    t.weights = softmax_rows(t.scores, options.temperature);
    t.context = matmul(t.weights, t.V);
    if (t.V.cols() == X.cols()) t.output = residual(X, t.context, "the context");
    return t;
  } catch (const std::invalid_argument& e) {
    if (where.empty()) throw;
    throw std::invalid_argument(where + e.what());
  }
}

AttentionGradients self_attention_backward(const Eigen::MatrixXd& X, const AttentionWeights& w,
                                           const AttentionOptions& options,
                                           const Eigen::MatrixXd& dContext) {
  // The forward validates X, the weights and the options, and gives the intermediates.
  const AttentionTrace t = self_attention(X, w, options);
  require_matrix(dContext, "dContext");
  if (dContext.rows() != t.context.rows() || dContext.cols() != t.context.cols())
    throw std::invalid_argument(
        "dContext is " + std::to_string(dContext.rows()) + " x " + std::to_string(dContext.cols()) +
        " but the context (weights V) is " + std::to_string(t.context.rows()) + " x " +
        std::to_string(t.context.cols()) +
        "; dContext must have the context's shape: one row per token, one column per column "
        "of W_V");

  AttentionGradients g;
  // context = weights V
  g.dWeights = matmul_nt(dContext, t.V);
  g.dV = matmul_tn(t.weights, dContext);
  g.dScores = softmax_rows_backward(t.weights, g.dWeights, options.temperature);
  // scores = Q K^T / sqrt(d_k): the same factor reaches Q and K.
  Eigen::MatrixXd dRaw = g.dScores;
  if (options.scale) dRaw /= std::sqrt(static_cast<double>(t.Q.cols()));
  g.dQ = matmul(dRaw, t.K);
  g.dK = matmul_tn(dRaw, t.Q);
  // Q = X W_Q + b_Q, and alike for K and V; X reaches all three.
  g.dWq = matmul_tn(X, g.dQ);
  g.dWk = matmul_tn(X, g.dK);
  g.dWv = matmul_tn(X, g.dV);
  g.dbq = g.dQ.colwise().sum().transpose();
  g.dbk = g.dK.colwise().sum().transpose();
  g.dbv = g.dV.colwise().sum().transpose();
  g.dX = matmul_nt(g.dQ, w.Wq) + matmul_nt(g.dK, w.Wk) + matmul_nt(g.dV, w.Wv);
  // Finite inputs can still overflow in the products.
  for (const auto& [m, name] : {std::pair<const Eigen::MatrixXd&, const char*>{g.dX, "dX"},
                                {g.dWq, "dW_Q"},
                                {g.dWk, "dW_K"},
                                {g.dWv, "dW_V"}})
    require_finite_result(m, std::string("the gradient ") + name);
  return g;
}

}  // namespace attn
