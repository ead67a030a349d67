// Exact attention computed tile by tile, as FlashAttention does (Dao et al., 2022, algorithm 1):
// queries in blocks, keys in blocks, and an online softmax (Milakov & Gimelshein, 2018) that
// keeps per query only a running max m, a running sum l and a running output O, rescaled
// whenever a new tile raises the max. The n x n scores and weights are never stored: the
// largest score buffer is one row of one tile (block size numbers), so memory grows as n, not
// n^2 (docs/api.md: measured at n = 1,024).
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "attn/attention.hpp"

namespace attn {

// A trace holds every tile's running values, so it is kept only for short inputs.
constexpr Eigen::Index kMaxTracedTokens = 64;

// The running values of a query block's rows after one tile (queries [query_start, query_end)
// against keys [key_start, key_end), counted from 0, end excluded).
struct TileTrace {
  Eigen::Index query_start = 0, query_end = 0, key_start = 0, key_end = 0;
  Eigen::VectorXd max;     // m per row: the largest scaled score seen so far (>= 0 for plusOne)
  Eigen::VectorXd sum;     // l per row: sum of e^{s - m} over the keys seen so far
  Eigen::MatrixXd output;  // O per row: attention over the keys seen so far (normalised)
};

struct TiledAttention {
  Eigen::MatrixXd context;       // n x d_v: self_attention's context, to rounding
  std::vector<TileTrace> tiles;  // in the order computed; empty unless traced
};

// Queries and keys in blocks of block_size tokens (the last block may be shorter); a causal
// mask skips the tiles wholly above the diagonal. The same inputs, options and messages as
// self_attention, and: block_size a whole number from 1 to n; trace only for n <= 64.
// O is kept normalised (the attention output over the keys so far) rather than as FlashAttention
// 2's unnormalised sum, which could overflow: each update is a convex combination
// O <- a O + sum_j b_j v_j (a + sum b = 1; < 1 for plusOne), never larger than V's entries.
TiledAttention attention_tiled(const Eigen::MatrixXd& X, const AttentionWeights& w,
                               const AttentionOptions& options, int block_size, bool trace = false);

}  // namespace attn
