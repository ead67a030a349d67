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

namespace {

// Four heads of width 1 over X = I (2 tokens, d = 2), for grouped-query attention with
// kvHeads = 2: heads 1 and 2 share head 1's keys and values, heads 3 and 4 head 3's.
std::vector<AttentionWeights> grouped_heads() {
  std::vector<AttentionWeights> heads(4);
  heads[0].Wq = heads[0].Wk = heads[0].Wv = mat({{1}, {0}});
  heads[1].Wq = mat({{0}, {1}});
  heads[2].Wq = mat({{1}, {1}});
  heads[2].Wk = mat({{0}, {1}});
  heads[2].Wv = mat({{0}, {2}});
  heads[3].Wq = mat({{-1}, {0}});
  return heads;
}

}  // namespace

TEST_CASE("grouped-query attention, 4 heads sharing 2 key/value heads, by hand") {
  // d_k = 1, so no scaling. Head 1: Q = K = V = [[1], [0]], scores [[1, 0], [0, 0]], weights
  // [[e/(e+1), 1/(e+1)], [1/2, 1/2]], context [[0.731059], [0.5]].
  // Head 2 (head 1's K and V): Q = [[0], [1]], scores [[0, 0], [1, 0]], context [[0.5],
  // [e/(e+1)]] = [[0.5], [0.731059]].
  // Head 3: Q = [[1], [1]], K = [[0], [1]], V = [[0], [2]]: scores [[0, 1], [0, 1]], weights
  // [1/(e+1), e/(e+1)] in both rows, context 2e/(e+1) = 1.462117 in both.
  // Head 4 (head 3's K and V): Q = [[-1], [0]], scores [[0, -1], [0, 0]]: context
  // [[2/(e+1)], [1]] = [[0.537883], [1]].
  // W_O = I: the output is the concatenation.
  const attn::MultiHeadTrace t = attn::multi_head_attention(
      mat({{1, 0}, {0, 1}}), grouped_heads(), Eigen::MatrixXd::Identity(4, 4), std::nullopt, {}, 2);
  INFO(show(t.output));
  CHECK(near(t.output,
             mat({{0.7310585786300049, 0.5, 1.4621171572600098, 0.53788284273999021},
                  {0.5, 0.7310585786300049, 1.4621171572600098, 1}}),
             1e-15));
  // Each group's heads show the same keys and values, those of its first head.
  CHECK(t.heads[1].K == t.heads[0].K);
  CHECK(t.heads[1].V == t.heads[0].V);
  CHECK(t.heads[3].K == mat({{0}, {1}}));
  CHECK(t.heads[3].V == mat({{0}, {2}}));
}

TEST_CASE("kvHeads = heads is ordinary multi-head attention, bit for bit; fewer equals copies") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    const Eigen::Index n = 1 + trial % 6, d = 1 + trial % 4, dk = 1 + trial % 3, dv = 2;
    const int h = 1 + trial % 4;
    const Eigen::MatrixXd X = random_matrix(rng, n, d);
    std::vector<AttentionWeights> heads(static_cast<std::size_t>(h));
    for (AttentionWeights& w : heads)
      w = {random_matrix(rng, d, dk),        random_matrix(rng, d, dk),
           random_matrix(rng, d, dv),        random_matrix(rng, dk, 1).col(0),
           random_matrix(rng, dk, 1).col(0), std::nullopt};
    const Eigen::MatrixXd Wo = random_matrix(rng, h * dv, 3);
    attn::AttentionOptions o;
    o.causal = trial % 2 == 0;
    const attn::MultiHeadTrace plain = attn::multi_head_attention(X, heads, Wo, std::nullopt, o);
    const attn::MultiHeadTrace same = attn::multi_head_attention(X, heads, Wo, std::nullopt, o, h);
    CHECK(same.output == plain.output);
    CHECK(same.concat == plain.concat);
    // Multi-query (kvHeads 1): the same as every head given head 1's W_K, W_V and b_K.
    std::vector<AttentionWeights> shared = heads, copied = heads;
    for (int i = 1; i < h; ++i) {
      shared[i].Wk.resize(0, 0), shared[i].Wv.resize(0, 0), shared[i].bk.reset();
      copied[i].Wk = heads[0].Wk, copied[i].Wv = heads[0].Wv, copied[i].bk = heads[0].bk;
    }
    CHECK(attn::multi_head_attention(X, shared, Wo, std::nullopt, o, 1).output ==
          attn::multi_head_attention(X, copied, Wo, std::nullopt, o).output);
  }
}

TEST_CASE("grouped-query attention names each bad grouping") {
  const Eigen::MatrixXd X = mat({{1, 0}, {0, 1}});
  const Eigen::MatrixXd Wo = Eigen::MatrixXd::Identity(4, 4);
  std::vector<AttentionWeights> heads = grouped_heads();
  for (int kv : {3, 0, -1, 5, 8})
    CHECK_THROWS_WITH(
        attn::multi_head_attention(X, heads, Wo, std::nullopt, {}, kv),
        "kvHeads must divide the number of heads (4): 1, 2 or 4, got " + std::to_string(kv));
  heads[1].Wk = mat({{1}, {0}});
  CHECK_THROWS_WITH(attn::multi_head_attention(X, heads, Wo, std::nullopt, {}, 2),
                    "head 2: leave out W_K: heads 1 and 2 share the keys and values given on head "
                    "1 (kvHeads 2)");
  heads = grouped_heads();
  heads[3].bv = vec({1});
  CHECK_THROWS_WITH(attn::multi_head_attention(X, heads, Wo, std::nullopt, {}, 2),
                    "head 4: leave out b_V: heads 3 and 4 share the keys and values given on head "
                    "3 (kvHeads 2)");
  heads = grouped_heads();
  heads[2].Wv.resize(0, 0);
  CHECK_THROWS_WITH(attn::multi_head_attention(X, heads, Wo, std::nullopt, {}, 2),
                    "head 3: W_V is missing; heads 3 and 4 share the keys and values given on "
                    "head 3");
  // Multi-query: head 1 gives them for all four.
  CHECK_THROWS_WITH(attn::multi_head_attention(X, grouped_heads(), Wo, std::nullopt, {}, 1),
                    "head 3: leave out W_K: heads 1 to 4 share the keys and values given on head "
                    "1 (kvHeads 1)");
  // Without kvHeads every head gives its own.
  CHECK_THROWS_WITH(attn::multi_head_attention(X, grouped_heads(), Wo),
                    "head 2: W_K is missing; each head needs its own W_K and W_V unless kvHeads "
                    "groups the heads");
}
