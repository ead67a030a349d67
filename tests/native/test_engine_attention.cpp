// Scaled dot-product self-attention against the worked example of note 001 and
// invariants that must hold for any input.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>

#include "attn/attention.hpp"
#include "helpers.hpp"

using attn::AttentionOptions;
using attn::AttentionWeights;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Note 001, the two-token example.
AttentionWeights note001_weights() {
  AttentionWeights w;
  w.Wq = mat({{1, 4, 3, 1}, {1, 1, 3, 2}, {3, 4, 4, 3}, {1, 2, 2, 2}});
  w.Wk = mat({{2, 1, 2, 1}, {4, 1, 4, 2}, {3, 4, 4, 1}, {3, 4, 1, 2}});
  w.Wv = mat({{4, 2, 4, 4}, {3, 4, 1, 2}, {2, 2, 4, 1}, {4, 3, 1, 4}});
  return w;
}
const MatrixXd note001_X = mat({{6, 1, 4, 4}, {8, 4, 6, 3}});

}  // namespace

TEST_CASE("note 001: two tokens, four dimensions, exact to the last digit") {
  const auto t = attn::self_attention(note001_X, note001_weights());
  // Q1 = X1 W_Q: 6*1+1*1+4*3+4*1 = 23, 6*4+1*1+4*4+4*2 = 49, 6*3+1*3+4*4+4*2 = 45,
  // 6*1+1*2+4*3+4*2 = 28 (checked by hand; matches note 001).
  CHECK(t.Q.row(0) == mat({{23, 49, 45, 28}}));
  // Q2 = [33, 66, 66, 40] (note 001; checked by hand, e.g. 8*1+4*1+6*3+3*1 = 33).
  CHECK(t.Q.row(1) == mat({{33, 66, 66, 40}}));
  // K and V rows from note 001, re-checked by hand (K1[0] = 6*2+1*4+4*3+4*3 = 40,
  // V2[3] = 8*4+4*2+6*1+3*4 = 58).
  CHECK(t.K == mat({{40, 39, 36, 20}, {59, 48, 59, 28}}));
  CHECK(t.V == mat({{51, 36, 45, 46}, {68, 53, 63, 58}}));
  // Q1.K1 = 920+1911+1620+560 = 5011, /sqrt(4) = 2505.5; Q1.K2 = 1357+2352+2655+784 = 7148, /2 = 3574.
  CHECK(t.scores(0, 0) == 2505.5);
  CHECK(t.scores(0, 1) == 3574.0);
  // exp(2505.5 - 3574) = exp(-1068.5) underflows to exactly 0 in double precision.
  CHECK(t.weights(0, 0) == 0.0);
  CHECK(t.weights(0, 1) == 1.0);
  CHECK(t.context.row(0) == mat({{68, 53, 63, 58}}));
  // Residual: [6,1,4,4] + [68,53,63,58] = [74,54,67,62] (note 001).
  REQUIRE(t.output);
  CHECK(t.output->row(0) == mat({{74, 54, 67, 62}}));
}

TEST_CASE("note 001 without scaling: raw dot products 5011 and 7148") {
  AttentionOptions o;
  o.scale = false;
  const auto t = attn::self_attention(note001_X, note001_weights(), o);
  CHECK(t.scores(0, 0) == 5011.0);
  CHECK(t.scores(0, 1) == 7148.0);
}
