#include "attn/multi_head.hpp"

#include <stdexcept>
#include <string>

#include "attn/linear.hpp"
#include "attn/validate.hpp"

namespace attn {

MultiHeadTrace multi_head_attention(const Eigen::MatrixXd& X,
                                    const std::vector<AttentionWeights>& heads,
                                    const Eigen::MatrixXd& Wo,
                                    const std::optional<Eigen::VectorXd>& bo,
                                    const AttentionOptions& options) {
  if (heads.empty()) throw std::invalid_argument("multi-head attention needs at least one head");
  require_heads(heads.size());
  // Checked before any head runs: 16 heads of 1,024 tokens would otherwise hold 270 MB.
  double numbers = 0;
  for (const AttentionWeights& w : heads) numbers += static_cast<double>(trace_numbers(X, w));
  require_numbers(numbers, "multi-head attention with " +
                               count(static_cast<Eigen::Index>(heads.size()), "head", "heads"));
  MultiHeadTrace t;
  Eigen::Index width = 0;
  for (std::size_t h = 0; h < heads.size(); ++h) {
    t.heads.push_back(self_attention(X, heads[h], options, "head " + std::to_string(h + 1) + ": "));
    // Each head is a lens on its own subspace; its residual is the block's job, not the head's.
    t.heads.back().output.reset();
    width += t.heads.back().context.cols();
  }
  t.concat.resize(X.rows(), width);
  Eigen::Index col = 0;
  for (const AttentionTrace& head : t.heads) {
    t.concat.middleCols(col, head.context.cols()) = head.context;
    col += head.context.cols();
  }
  // linear() checks that W_O has one row per concatenated column.
  t.output = linear(t.concat, Wo, bo, {"the concatenation of the heads", "W_O", "b_O"});
  return t;
}

}  // namespace attn
