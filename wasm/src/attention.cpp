#include "attn/attention.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

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

}  // namespace attn
