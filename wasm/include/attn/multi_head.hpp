// Multi-head attention: several heads attend independently, their contexts are
// concatenated side by side and mixed back by W_O.
#pragma once

#include <Eigen/Dense>
#include <optional>
#include <vector>

#include "attn/attention.hpp"

namespace attn {

struct MultiHeadTrace {
  std::vector<AttentionTrace> heads;  // per head: Q, K, V, scores, weights, context (no output)
  Eigen::MatrixXd concat;             // n x (sum of the heads' d_v)
  Eigen::MatrixXd output;             // concat W_O + b_O
};

// W_O has one row per concatenated column; its column count is the output width.
MultiHeadTrace multi_head_attention(const Eigen::MatrixXd& X,
                                    const std::vector<AttentionWeights>& heads,
                                    const Eigen::MatrixXd& Wo,
                                    const std::optional<Eigen::VectorXd>& bo = std::nullopt,
                                    const AttentionOptions& options = {});

}  // namespace attn
