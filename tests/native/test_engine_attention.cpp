// Scaled dot-product self-attention against the worked 2-token example (the one lesson 5
// walks through, every number checked by hand below) and
// invariants that must hold for any input.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>

#include "attn/attention.hpp"
#include "attn/rope.hpp"
#include "attn/train/self_attention.hpp"
#include "helpers.hpp"

using attn::AttentionOptions;
using attn::AttentionWeights;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// The worked 2-token example of lesson 5: two tokens of width 4, small whole-number weights.
AttentionWeights worked_weights() {
  AttentionWeights w;
  w.Wq = mat({{1, 4, 3, 1}, {1, 1, 3, 2}, {3, 4, 4, 3}, {1, 2, 2, 2}});
  w.Wk = mat({{2, 1, 2, 1}, {4, 1, 4, 2}, {3, 4, 4, 1}, {3, 4, 1, 2}});
  w.Wv = mat({{4, 2, 4, 4}, {3, 4, 1, 2}, {2, 2, 4, 1}, {4, 3, 1, 4}});
  return w;
}
const MatrixXd worked_X = mat({{6, 1, 4, 4}, {8, 4, 6, 3}});

}  // namespace

TEST_CASE("the worked 2-token example: four dimensions, exact to the last digit") {
  const auto t = attn::self_attention(worked_X, worked_weights());
  // Q1 = X1 W_Q: 6*1+1*1+4*3+4*1 = 23, 6*4+1*1+4*4+4*2 = 49, 6*3+1*3+4*4+4*2 = 45,
  // 6*1+1*2+4*3+4*2 = 28 (checked by hand).
  CHECK(t.Q.row(0) == mat({{23, 49, 45, 28}}));
  // Q2 = [33, 66, 66, 40] (checked by hand, e.g. 8*1+4*1+6*3+3*1 = 33).
  CHECK(t.Q.row(1) == mat({{33, 66, 66, 40}}));
  // K and V rows, checked by hand (K1[0] = 6*2+1*4+4*3+4*3 = 40,
  // V2[3] = 8*4+4*2+6*1+3*4 = 58).
  CHECK(t.K == mat({{40, 39, 36, 20}, {59, 48, 59, 28}}));
  CHECK(t.V == mat({{51, 36, 45, 46}, {68, 53, 63, 58}}));
  // Q1.K1 = 920+1911+1620+560 = 5011, /sqrt(4) = 2505.5; Q1.K2 = 1357+2352+2655+784 = 7148, /2 =
  // 3574.
  CHECK(t.scores(0, 0) == 2505.5);
  CHECK(t.scores(0, 1) == 3574.0);
  // exp(2505.5 - 3574) = exp(-1068.5) underflows to exactly 0 in double precision.
  CHECK(t.weights(0, 0) == 0.0);
  CHECK(t.weights(0, 1) == 1.0);
  CHECK(t.context.row(0) == mat({{68, 53, 63, 58}}));
  // Residual: [6,1,4,4] + [68,53,63,58] = [74,54,67,62].
  REQUIRE(t.output);
  CHECK(t.output->row(0) == mat({{74, 54, 67, 62}}));
}

TEST_CASE("the worked 2-token example without scaling: raw dot products 5011 and 7148") {
  AttentionOptions o;
  o.scale = false;
  const auto t = attn::self_attention(worked_X, worked_weights(), o);
  CHECK(t.scores(0, 0) == 5011.0);
  CHECK(t.scores(0, 1) == 7148.0);
}

TEST_CASE("three words cat = [1,2], sat = [3,1], mat = [2,3], identity weights, by hand") {
  // Plain dot-product attention (W = identity, no scaling), worked by hand:
  // 1. scores for cat: cat.cat = 1+4 = 5, cat.sat = 3+2 = 5, cat.mat = 2+6 = 8.
  // 2. softmax([5,5,8]): shift by 8 -> [-3,-3,0], exps [0.0497871, 0.0497871, 1], sum 1.0995741,
  //    weights [0.0452785, 0.0452785, 0.9094430].
  // 3. new cat = 0.0452785 [1,2] + 0.0452785 [3,1] + 0.9094430 [2,3]
  //    = [(4e^-3 + 2) / (2e^-3 + 1), 3 (1 + e^-3) / (1 + 2e^-3)] = [2 exactly, 2.8641645].
  AttentionWeights w;
  w.Wq = w.Wk = w.Wv = Eigen::MatrixXd::Identity(2, 2);
  AttentionOptions o;
  o.scale = false;
  const auto t = attn::self_attention(mat({{1, 2}, {3, 1}, {2, 3}}), w, o);
  CHECK(t.scores.row(0) == mat({{5, 5, 8}}));
  CHECK(near(t.weights.row(0), mat({{0.0452785, 0.0452785, 0.9094430}}), 1e-7));
  CHECK(t.context(0, 0) == Approx(2.0).epsilon(1e-14));
  CHECK(t.context(0, 1) == Approx(2.8641645).margin(1e-7));
}

TEST_CASE("biases are added to Q, K and V") {
  // X = [[1, 0]], W = I, b_Q = [1, 1], b_K = [0, 2], b_V = [3, 4]: Q = [2, 1], K = [1, 2], V = [4,
  // 4]; one token attends to itself with weight 1, so context = V and output = X + V = [5, 4].
  AttentionWeights w;
  w.Wq = w.Wk = w.Wv = Eigen::MatrixXd::Identity(2, 2);
  w.bq = vec({1, 1});
  w.bk = vec({0, 2});
  w.bv = vec({3, 4});
  const auto t = attn::self_attention(mat({{1, 0}}), w);
  CHECK(t.Q == mat({{2, 1}}));
  CHECK(t.K == mat({{1, 2}}));
  CHECK(t.scores(0, 0) == Approx(4 / std::sqrt(2.0)));  // (2*1 + 1*2) / sqrt(2)
  CHECK(t.weights(0, 0) == 1.0);
  CHECK(*t.output == mat({{5, 4}}));
}

TEST_CASE("output (the residual) is omitted when d_v differs from the width of X") {
  AttentionWeights w = worked_weights();
  w.Wv = mat({{1, 0}, {0, 1}, {1, 1}, {0, 0}});
  const auto t = attn::self_attention(worked_X, w);
  CHECK(t.context.cols() == 2);
  CHECK_FALSE(t.output);
}

TEST_CASE("causal mask: -infinity above the diagonal, zero weight on the future") {
  // The worked 2-token example with the mask: token 1 sees only itself (weight 1, context V1 =
  // [51,36,45,46]).
  AttentionOptions o;
  o.causal = true;
  const auto t = attn::self_attention(worked_X, worked_weights(), o);
  CHECK(t.scores(0, 1) == -kInf);
  CHECK(t.scores(0, 0) == 2505.5);
  CHECK(t.weights.row(0) == mat({{1, 0}}));
  CHECK(t.context.row(0) == mat({{51, 36, 45, 46}}));
}

TEST_CASE("invariants on random inputs") {
  std::mt19937 rng(2024);
  for (int trial = 0; trial < 50; ++trial) {
    const Eigen::Index n = 1 + trial % 7, d = 1 + trial % 5, dk = 1 + trial % 4;
    const Eigen::MatrixXd X = random_matrix(rng, n, d);
    const AttentionWeights w{random_matrix(rng, d, dk),
                             random_matrix(rng, d, dk),
                             random_matrix(rng, d, d),
                             std::nullopt,
                             std::nullopt,
                             std::nullopt};
    AttentionOptions o;
    o.temperature = 0.5 + (trial % 4) * 0.5;
    INFO("trial " << trial);

    const auto t = attn::self_attention(X, w, o);
    // Every row of weights is a probability distribution.
    CHECK(near(t.weights.rowwise().sum(), Eigen::VectorXd::Ones(n), 1e-12));
    CHECK(t.weights.minCoeff() >= 0.0);
    // context = weights V and output = X + context.
    CHECK(near(t.context, t.weights * t.V, 1e-12));
    CHECK(near(*t.output, X + t.context, 1e-12));

    // Causal: no weight on the future, and row i equals attention over tokens 0..i alone.
    AttentionOptions causal = o;
    causal.causal = true;
    const auto c = attn::self_attention(X, w, causal);
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = i + 1; j < n; ++j) CHECK(c.weights(i, j) == 0.0);
      const auto prefix = attn::self_attention(X.topRows(i + 1), w, o);
      CHECK(near(c.context.row(i), prefix.context.row(i), 1e-12));
    }

    // Permutation equivariance (no mask, no positional encoding): shuffling the
    // tokens shuffles the outputs the same way and changes nothing else.
    Eigen::PermutationMatrix<Eigen::Dynamic> P(n);
    P.setIdentity();
    std::shuffle(P.indices().data(), P.indices().data() + n, rng);
    const auto shuffled = attn::self_attention(P * X, w, o);
    CHECK(near(shuffled.context, P * t.context, 1e-12));
    CHECK(near(shuffled.weights, P * t.weights * P.transpose(), 1e-12));
  }
}

TEST_CASE("self-attention names each bad input") {
  AttentionWeights w = worked_weights();
  AttentionOptions o;
  w.Wq = mat({{1, 4, 3, 1}, {1, 1, 3, 2}, {3, 4, 4, 3}});
  CHECK_THROWS_WITH(attn::self_attention(worked_X, w), "W_Q has 3 rows but X has 4 columns");
  w = worked_weights();
  w.Wk = mat({{1}, {1}, {1}, {1}});
  CHECK_THROWS_WITH(
      attn::self_attention(worked_X, w),
      "W_K has 1 column but W_Q has 4; queries and keys must have the same width d_k");
  w = worked_weights();
  w.Wv = mat({{1, 1}, {1, 1}});
  CHECK_THROWS_WITH(attn::self_attention(worked_X, w), "W_V has 2 rows but X has 4 columns");
  w = worked_weights();
  w.bq = vec({1, 2, 3});
  CHECK_THROWS_WITH(attn::self_attention(worked_X, w), "b_Q has 3 entries but W_Q has 4 columns");
  w = worked_weights();
  w.bv = vec({1, 2, 3, kNaN});
  CHECK_THROWS_WITH(attn::self_attention(worked_X, w),
                    "b_V has NaN at entry 4; every entry must be a finite number");
  w = worked_weights();
  CHECK_THROWS_WITH(attn::self_attention(Eigen::MatrixXd(), w), "X is empty");
  CHECK_THROWS_WITH(attn::self_attention(mat({{6, 1, kNaN, 4}}), w),
                    "X has NaN at row 1, column 3; every entry must be a finite number");
  w.Wk(0, 0) = kInf;
  CHECK_THROWS_WITH(attn::self_attention(worked_X, w),
                    "W_K has Infinity at row 1, column 1; every entry must be a finite number");
  w = worked_weights();
  o.temperature = 0;
  CHECK_THROWS_WITH(attn::self_attention(worked_X, w, o),
                    "temperature must be a finite number greater than 0, got 0");
  o.temperature = 1;
  CHECK_THROWS_WITH(attn::self_attention(Eigen::MatrixXd::Zero(10000, 4), w),
                    "X has 10,000 rows (tokens), which exceeds the limit of 1,024");
  // 1,000 tokens of width 1,000: 2 * 1000^2 scores and weights + 1000 * 5000 = 7,000,000.
  const Eigen::MatrixXd wide = Eigen::MatrixXd::Zero(1000, 1000);
  AttentionWeights big{wide, wide, wide, {}, {}, {}};
  CHECK_THROWS_WITH(attn::self_attention(wide, big),
                    "attention over 1000 tokens would take 7,000,000 numbers, which exceeds the "
                    "limit of 4,194,304 (32 MB) per call");
  // Finite but huge: Q K^T overflows and is reported instead of becoming NaN weights.
  CHECK_THROWS_WITH(attn::self_attention(worked_X * 1e154, w, o),
                    Catch::Matchers::StartsWith("the scores Q K^T overflowed"));
}

TEST_CASE("the models' attention head gives the lessons' weights and context on every option") {
  // attn::train::attention_head_forward (tokens as columns, K and V never formed) against
  // self_attention (step by step as the lessons show it): causal or not, scaled or not, any
  // temperature, with or without biases, d_v = d or not. The same numbers up to rounding.
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> size(1, 5);
  for (int bits = 0; bits < 32; ++bits) {
    for (int k = 0; k < 10; ++k) {
      const Eigen::Index n = size(rng), d = size(rng), dk = size(rng);
      const Eigen::Index dv = bits & 16 ? d + size(rng) : d;
      AttentionWeights w{random_matrix(rng, d, dk),
                         random_matrix(rng, d, dk),
                         random_matrix(rng, d, dv),
                         std::nullopt,
                         std::nullopt,
                         std::nullopt};
      attn::train::HeadParams h{w.Wq,
                                w.Wk,
                                w.Wv,
                                Eigen::RowVectorXd::Zero(dk),
                                Eigen::RowVectorXd::Zero(dk),
                                Eigen::RowVectorXd::Zero(dv)};
      if (bits & 4) {
        h.bq = random_matrix(rng, 1, dk);
        h.bk = random_matrix(rng, 1, dk);
        h.bv = random_matrix(rng, 1, dv);
        w.bq = VectorXd(h.bq.transpose());
        w.bk = VectorXd(h.bk.transpose());
        w.bv = VectorXd(h.bv.transpose());
      }
      AttentionOptions o;
      o.causal = bits & 1;
      o.scale = bits & 2;
      o.temperature = bits & 8 ? std::uniform_real_distribution<double>(0.3, 3.0)(rng) : 1.0;
      const MatrixXd X = random_matrix(rng, n, d);
      const auto t = attn::self_attention(X, w, o);
      const double scale =
          (o.scale ? 1.0 / std::sqrt(static_cast<double>(dk)) : 1.0) / o.temperature;
      attn::train::SelfAttentionWorkspace::Head ws(d, dk, dv, n, n, 0);
      const MatrixXd Xt = X.transpose();
      MatrixXd Ct(dv, n);
      attn::train::attention_head_forward(Xt, Xt, attn::train::Mask{o.causal, 0}, h, scale, Ct, ws);
      INFO("options " << bits << ", case " << k);
      CHECK(near(ws.A.transpose(), t.weights, 1e-12));
      CHECK(near(Ct.transpose(), t.context, 1e-12 * std::max(1.0, t.context.norm())));
    }
  }
}

TEST_CASE("self-attention with softmax plusOne: a row may weigh less than the whole") {
  // X = I, identity weights, no scaling: scores [[1, 0], [0, 1]]; row 1's weights
  // [e, 1] / (1 + e + 1) = [e/(e+2), 1/(e+2)] = [0.576117, 0.211942], summing to 0.788058, and
  // the context is weights V = the weights (V = I).
  AttentionWeights w;
  w.Wq = w.Wk = w.Wv = Eigen::MatrixXd::Identity(2, 2);
  AttentionOptions o;
  o.scale = false;
  o.softmax = attn::SoftmaxKind::PlusOne;
  const auto t = attn::self_attention(mat({{1, 0}, {0, 1}}), w, o);
  CHECK(near(t.weights.row(0), mat({{0.57611688476582912, 0.21194155761708547}}), 1e-16));
  CHECK(t.weights.row(0).sum() == Approx(0.78805844238291467).epsilon(1e-15));
  CHECK(t.context == t.weights);
  // The worked example's scores 2505.5 and 3574: token 1 still takes V2 whole.
  const auto big = attn::self_attention(worked_X, worked_weights(), [] {
    AttentionOptions p;
    p.softmax = attn::SoftmaxKind::PlusOne;
    return p;
  }());
  CHECK(big.weights.row(0) == mat({{0, 1}}));
  CHECK(big.context.row(0) == mat({{68, 53, 63, 58}}));
}

TEST_CASE("self-attention with RoPE turns Q and K after their projection, nothing else") {
  std::mt19937 rng(8);
  const Eigen::MatrixXd X = random_matrix(rng, 6, 5);
  const AttentionWeights w{random_matrix(rng, 5, 4), random_matrix(rng, 5, 4),
                           random_matrix(rng, 5, 3), vec({0.5, -1, 2, 0}),
                           vec({1, 1, -1, 0.25}),    std::nullopt};
  AttentionOptions o;
  o.positions = attn::Positions::Rope;
  o.rope_base = 50;
  const auto t = attn::self_attention(X, w, o);
  const auto plain = attn::self_attention(X, w);
  CHECK(t.Q == attn::rope(plain.Q, 50));
  CHECK(t.K == attn::rope(plain.K, 50));
  CHECK(t.V == plain.V);
  CHECK(near(t.scores, t.Q * t.K.transpose() / 2, 1e-12));  // sqrt(d_k) = 2
  // The turn is by position, so the first token (position 0) keeps its query and key.
  CHECK(t.Q.row(0) == plain.Q.row(0));
  // An odd d_k is fine: its last column is left unturned.
  const Eigen::MatrixXd W3 = random_matrix(rng, 5, 3);
  const AttentionWeights odd{W3, W3, w.Wv, std::nullopt, std::nullopt, std::nullopt};
  CHECK(attn::self_attention(X, odd, o).Q.col(2) == attn::self_attention(X, odd).Q.col(2));
  o.rope_base = -1;
  CHECK_THROWS_WITH(attn::self_attention(X, w, o),
                    "ropeBase must be a finite number greater than 0, got -1");
}

TEST_CASE("the backward pass refuses RoPE and plusOne by name") {
  AttentionOptions o;
  o.positions = attn::Positions::Rope;
  const Eigen::MatrixXd dC = Eigen::MatrixXd::Ones(2, 4);
  const char* message =
      "the backward pass is written for the standard softmax without RoPE; set positions to "
      "'none' and softmax to 'standard'";
  CHECK_THROWS_WITH(attn::self_attention_backward(worked_X, worked_weights(), o, dC), message);
  o = {};
  o.softmax = attn::SoftmaxKind::PlusOne;
  CHECK_THROWS_WITH(attn::self_attention_backward(worked_X, worked_weights(), o, dC), message);
}
