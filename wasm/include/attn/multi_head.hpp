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
//
// kv_heads: how many distinct key/value heads, for grouped-query attention (Ainslie et al.,
// 2023); absent: one per head (ordinary multi-head attention), 1: multi-query attention
// (Shazeer, 2019). It must divide the number of heads h. The heads then form kv_heads groups of
// r = h / kv_heads consecutive heads, and head i (from 0) uses key/value head floor(i / r),
// whose W_K, W_V (and b_K, b_V, if any) are given on the first head of its group, head
// r floor(i / r). The group's other heads leave them out (an empty W_K and W_V, no b_K, b_V):
// given there they would be unused, so that is an error. With kv_heads = h (or absent) the
// result is the ordinary one, bit for bit.
// Throws std::invalid_argument unless kv_heads divides heads ("kvHeads must divide the number
// of heads (4): 1, 2 or 4, got 3"); the language model's kvHeads option says the same.
void check_kv_heads(int heads, int kv_heads);

MultiHeadTrace multi_head_attention(const Eigen::MatrixXd& X,
                                    const std::vector<AttentionWeights>& heads,
                                    const Eigen::MatrixXd& Wo,
                                    const std::optional<Eigen::VectorXd>& bo = std::nullopt,
                                    const AttentionOptions& options = {},
                                    std::optional<int> kv_heads = std::nullopt);

}  // namespace attn
