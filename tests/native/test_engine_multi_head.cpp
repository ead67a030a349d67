// Multi-head attention against hand values and against single-head attention.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "attn/multi_head.hpp"
#include "helpers.hpp"

using attn::AttentionWeights;

TEST_CASE("two one-dimensional heads, by hand") {
  // X = I (2 tokens, d = 2). Head 1 projects on axis 1: Q = K = V = [[1],[0]];
  // scores (d_k = 1, sqrt = 1) [[1,0],[0,0]] -> weights [[e/(e+1), 1/(e+1)], [0.5, 0.5]]
  // = [[0.7310586, 0.2689414], [0.5, 0.5]]; context [[0.7310586], [0.5]].
  // Head 2 on axis 2 mirrors it: context [[0.5], [0.7310586]].
  // W_O = [[1,1],[1,-1]], b_O = [0,1]: row 1 = [1.2310586, 0.2310586 + 1], row 2 = [1.2310586,
  // -0.2310586 + 1].
  std::vector<AttentionWeights> heads(2);
  heads[0].Wq = heads[0].Wk = heads[0].Wv = mat({{1}, {0}});
  heads[1].Wq = heads[1].Wk = heads[1].Wv = mat({{0}, {1}});
  const attn::MultiHeadTrace t =
      attn::multi_head_attention(mat({{1, 0}, {0, 1}}), heads, mat({{1, 1}, {1, -1}}), vec({0, 1}));
  REQUIRE(t.heads.size() == 2);
  CHECK(near(t.heads[0].weights, mat({{0.7310586, 0.2689414}, {0.5, 0.5}}), 1e-7));
  CHECK(near(t.heads[1].weights, mat({{0.5, 0.5}, {0.2689414, 0.7310586}}), 1e-7));
  CHECK(near(t.concat, mat({{0.7310586, 0.5}, {0.5, 0.7310586}}), 1e-7));
  CHECK(near(t.output, mat({{1.2310586, 1.2310586}, {1.2310586, 0.7689414}}), 1e-7));
  CHECK_FALSE(t.heads[0].output);  // a head's residual is not part of multi-head attention
}

TEST_CASE("one head with W_O = identity equals self-attention's context") {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 20; ++trial) {
    const Eigen::Index n = 1 + trial % 5, d = 2 + trial % 4, dk = 1 + trial % 3,
                       dv = 1 + (trial + 1) % 4;
    const Eigen::MatrixXd X = random_matrix(rng, n, d);
    AttentionWeights w{random_matrix(rng, d, dk),
                       random_matrix(rng, d, dk),
                       random_matrix(rng, d, dv),
                       random_matrix(rng, dk, 1).col(0),
                       std::nullopt,
                       random_matrix(rng, dv, 1).col(0)};
    attn::AttentionOptions o;
    o.causal = trial % 2 == 0;
    const attn::MultiHeadTrace mh =
        attn::multi_head_attention(X, {w}, Eigen::MatrixXd::Identity(dv, dv), std::nullopt, o);
    const attn::AttentionTrace single = attn::self_attention(X, w, o);
    CHECK(mh.output == single.context);
    CHECK(mh.heads[0].weights == single.weights);
  }
}

TEST_CASE("multi-head errors name the head and W_O") {
  std::vector<AttentionWeights> heads(2);
  heads[0].Wq = heads[0].Wk = heads[0].Wv = mat({{1}, {0}});
  heads[1].Wq = heads[1].Wk = heads[1].Wv = mat({{0}, {1}});
  const Eigen::MatrixXd X = mat({{1, 0}, {0, 1}});
  CHECK_THROWS_WITH(attn::multi_head_attention(X, {}, mat({{1}})),
                    "multi-head attention needs at least one head");
  CHECK_THROWS_WITH(attn::multi_head_attention(X, heads, mat({{1, 0}, {0, 1}, {1, 1}})),
                    "W_O has 3 rows but the concatenation of the heads has 2 columns");
  CHECK_THROWS_WITH(attn::multi_head_attention(X, heads, mat({{1, 0}, {0, 1}}), vec({1})),
                    "b_O has 1 entry but W_O has 2 columns");
  heads[1].Wq = mat({{1}, {0}, {0}});
  CHECK_THROWS_WITH(attn::multi_head_attention(X, heads, mat({{1}, {1}})),
                    "head 2: W_Q has 3 rows but X has 2 columns");
}

TEST_CASE("multi-head attention is bounded in heads and in the numbers it computes") {
  AttentionWeights one;
  one.Wq = one.Wk = one.Wv = mat({{1}});
  CHECK_THROWS_WITH(attn::multi_head_attention(mat({{1}}), std::vector<AttentionWeights>(40, one),
                                               Eigen::MatrixXd::Ones(40, 1)),
                    "40 heads exceeds the limit of 16");
  // 5 heads over 700 tokens of width 1: each head holds 2 * 700^2 scores and weights plus
  // 700 * (1 + 1 + 2 * 1 + 1) for Q, K, V, context and output = 983,500; 5 heads 4,917,500.
  CHECK_THROWS_WITH(attn::multi_head_attention(Eigen::MatrixXd::Ones(700, 1),
                                               std::vector<AttentionWeights>(5, one),
                                               Eigen::MatrixXd::Ones(5, 1)),
                    "multi-head attention with 5 heads would take 4,917,500 numbers, which "
                    "exceeds the limit of 4,194,304 (32 MB) per call");
}
