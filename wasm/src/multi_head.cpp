#include "attn/multi_head.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>

#include "attn/linear.hpp"
#include "attn/validate.hpp"

namespace attn {

namespace {

// Head i's `name` (W_K, W_V, b_K or b_V) is given where its group's first head gives them
// (given), or missing on that first head. snprintf, not std::string: the strings' code inlined
// at -O3 made the page's engine.wasm 3 KB larger.
[[noreturn]] void bad_grouping(int i, int r, int groups, const char* name, bool given) {
  char text[200];
  const int first = r * (i / r);
  if (!given && r == 1)
    std::snprintf(text, sizeof text,
                  "head %d: %s is missing; each head needs its own W_K and W_V unless kvHeads "
                  "groups the heads",
                  i + 1, name);
  else
    std::snprintf(text, sizeof text,
                  given ? "head %d: leave out %s: heads %d %s %d share the keys and values given "
                          "on head %d (kvHeads %d)"
                        : "head %d: %s is missing; heads %d %s %d share the keys and values given "
                          "on head %d",
                  i + 1, name, first + 1, r == 2 ? "and" : "to", first + r, first + 1, groups);
  throw std::invalid_argument(text);
}

// Checks the grouping (kvHeads, and W_K, W_V given on the first head of each group only) and
// returns the group size r.
int group_size(const std::vector<AttentionWeights>& heads, std::optional<int> kv_heads) {
  const int h = static_cast<int>(heads.size());
  const int groups = kv_heads.value_or(h);
  check_kv_heads(h, groups);
  const int r = h / groups;
  for (int i = 0; i < h; ++i) {
    const AttentionWeights& own = heads[static_cast<std::size_t>(i)];
    if (i % r == 0) {
      if (own.Wk.size() == 0) bad_grouping(i, r, groups, "W_K", false);
      if (own.Wv.size() == 0) bad_grouping(i, r, groups, "W_V", false);
      continue;
    }
    if (own.Wk.size()) bad_grouping(i, r, groups, "W_K", true);
    if (own.Wv.size()) bad_grouping(i, r, groups, "W_V", true);
    if (own.bk) bad_grouping(i, r, groups, "b_K", true);
    if (own.bv) bad_grouping(i, r, groups, "b_V", true);
  }
  return r;
}

// Head i's weights as it uses them: its own W_Q, b_Q and its group's W_K, W_V, b_K, b_V. Made
// one head at a time (a copy of one head's weights), so 16 heads cost no 16 copies.
AttentionWeights with_group_keys(const AttentionWeights& own, const AttentionWeights& first) {
  return {own.Wq, first.Wk, first.Wv, own.bq, first.bk, first.bv};
}

}  // namespace

void check_kv_heads(int h, int groups) {
  if (groups >= 1 && groups <= h && h % groups == 0) return;
  // "1, 2 or 4"
  char divisors[64] = "", text[160];
  for (int g = 1, at = 0; g <= h; ++g)
    if (h % g == 0)
      at += std::snprintf(divisors + at, sizeof divisors - at, "%s%d",
                          at == 0  ? ""
                          : g == h ? " or "
                                   : ", ",
                          g);
  std::snprintf(text, sizeof text, "kvHeads must divide the number of heads (%d): %s, got %d", h,
                divisors, groups);
  throw std::invalid_argument(text);
}

MultiHeadTrace multi_head_attention(const Eigen::MatrixXd& X,
                                    const std::vector<AttentionWeights>& heads,
                                    const Eigen::MatrixXd& Wo,
                                    const std::optional<Eigen::VectorXd>& bo,
                                    const AttentionOptions& options, std::optional<int> kv_heads) {
  if (heads.empty()) throw std::invalid_argument("multi-head attention needs at least one head");
  require_heads(heads.size());
  const int r = group_size(heads, kv_heads);
  const auto first_of = [&](std::size_t h) -> const AttentionWeights& {
    return heads[h - h % static_cast<std::size_t>(r)];
  };
  // Checked before any head runs: 16 heads of 1,024 tokens would otherwise hold 270 MB.
  double numbers = 0;
  for (std::size_t h = 0; h < heads.size(); ++h)
    numbers += static_cast<double>(
        trace_numbers(X.rows(), X.cols(), heads[h].Wq.cols(), first_of(h).Wv.cols()));
  require_numbers(numbers, "multi-head attention with " +
                               count(static_cast<Eigen::Index>(heads.size()), "head", "heads"));
  MultiHeadTrace t;
  Eigen::Index width = 0;
  for (std::size_t h = 0; h < heads.size(); ++h) {
    const std::string where = "head " + std::to_string(h + 1) + ": ";
    if (&first_of(h) == &heads[h])
      t.heads.push_back(self_attention(X, heads[h], options, where));
    else
      t.heads.push_back(self_attention(X, with_group_keys(heads[h], first_of(h)), options, where));
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
