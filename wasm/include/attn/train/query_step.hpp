// One training sentence's loss and gradient, computed only along the path the loss reads.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "attn/train/params.hpp"

namespace attn::train {

// The same loss and gradient as model_forward + model_backward (model.hpp), which
// tests/native/test_train_query_step.cpp checks to 1e-12, at a fraction of the work:
// the read-out looks at one row (the query), so only that row's query vector, scores,
// weights and context are needed, and the keys and values enter the loss only through
// products with vectors: scores = X (W_K q^T) + b_K . q, context = (a X) W_V + b_V, and
// their gradients are outer products. Per sentence that is O(n d + d^2) instead of
// O(n d^2 + n^2 d). Trainer::step uses it; the page's attention maps still come from
// model_forward, which computes every row.
//
// Accumulates weight * gradient into g; probs receives the read-out softmax (1 x classes).
double query_step(const ModelConfig& config, const Params& p, const Eigen::MatrixXd& position,
                  const std::vector<int>& tokens, int query, int target, double weight,
                  Params& g, Eigen::RowVectorXd& probs);

}  // namespace attn::train
