// One training sentence's loss and gradient, computed only along the path the loss reads.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "attn/train/layer_norm.hpp"
#include "attn/train/params.hpp"

namespace attn::train {

// Every intermediate of query_step, allocated once for a model's shape (sentences up to
// config.max_length), so that the training loop allocates nothing per sentence: at width 16
// a sentence is ~4,500 multiply-adds, and malloc/free cost as much as the arithmetic.
// Vectors of length n (one entry per token) use their first n entries.
struct QueryStepWorkspace {
  struct Head {
    Eigen::RowVectorXd q;       // 1 x dh, the query row's query vector
    Eigen::VectorXd u;          // d, W_K q^T
    Eigen::VectorXd a;          // n, its attention weights
    Eigen::RowVectorXd ax;      // 1 x d, a^T X
    Eigen::VectorXd w, da, ds;  // d, n, n: backward through the context and the softmax
    Eigen::RowVectorXd dsx;     // 1 x d, ds^T X
    Eigen::RowVectorXd dq;      // 1 x dh
  };
  QueryStepWorkspace() = default;
  // sentences: how many query_step calls may precede add_weight_gradients.
  explicit QueryStepWorkspace(const ModelConfig& config, int sentences = 1);

  Eigen::MatrixXd X;    // max_length x d: embedding + position
  Eigen::MatrixXd dXt;  // d x max_length: its gradient, one column per token (contiguous)
  Eigen::RowVectorXd xq, concat, hq, zq;  // 1 x d
  Eigen::RowVectorXd logits, dlogits;     // 1 x classes
  Eigen::RowVectorXd dz, dhq, dconcat;    // 1 x d
  std::vector<Head> heads;
  LayerNormCache norm;

  // The weight gradients are sums of outer products, one per sentence (x^T dy). Their factors
  // are kept here, one row per sentence, and add_weight_gradients adds each sum as one matrix
  // product (attn::matmul_tn_add: in wasm its SIMD kernel, where the outer products one at a
  // time would run a double per instruction).
  struct Outer {
    Eigen::MatrixXd x, dy;  // sentences x in, sentences x out:  dW += x^T dy
  };
  Outer Wr, Wo;                   // read-out, output projection
  std::vector<Outer> Wq, Wk, Wv;  // per head
  Eigen::Index sentences = 0;     // rows filled so far
};

// The same loss and gradient as model_forward + model_backward (model.hpp), which
// tests/native/test_train_query_step.cpp checks to 1e-12, at a fraction of the work:
// the read-out looks at one row (the query), so only that row's query vector, scores,
// weights and context are needed, and the keys and values enter the loss only through
// products with vectors: scores = X (W_K q^T) + b_K . q, context = (a X) W_V + b_V, and
// their gradients are outer products. Per sentence that is O(n d + d^2) instead of
// O(n d^2 + n^2 d). Trainer::step uses it; the page's attention maps still come from
// model_forward, which computes every row.
//
// Accumulates weight * gradient into g, the weight matrices' part once add_weight_gradients
// is called (see QueryStepWorkspace); probs receives the read-out softmax (1 x classes).
// ws must have been made for config (Trainer keeps one).
double query_step(const ModelConfig& config, const Params& p, const Eigen::MatrixXd& position,
                  const std::vector<int>& tokens, int query, int target, double weight, Params& g,
                  Eigen::RowVectorXd& probs, QueryStepWorkspace& ws);

// Adds the weight gradients collected in ws since the last call to g (Wr, Wo and each head's
// W_Q, W_K, W_V; every other gradient query_step adds at once), and empties ws.
void add_weight_gradients(QueryStepWorkspace& ws, Params& g);

// One sentence with a workspace of its own, its whole gradient added to g (tests, one-off use).
double query_step(const ModelConfig& config, const Params& p, const Eigen::MatrixXd& position,
                  const std::vector<int>& tokens, int query, int target, double weight, Params& g,
                  Eigen::RowVectorXd& probs);

}  // namespace attn::train
