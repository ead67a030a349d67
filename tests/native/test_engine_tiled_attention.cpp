// Tiled attention (FlashAttention's online softmax) against hand values tile by tile, and against
// the plain path (self_attention) on every block size for short inputs and a few at n = 1,024.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "attn/tiled_attention.hpp"
#include "budget.hpp"
#include "helpers.hpp"

using attn::AttentionOptions;
using attn::AttentionWeights;
using Eigen::MatrixXd;

namespace {

// X = [[1, 0], [0, 1], [1, 1]] with identity weights and no scaling: Q = K = V = X and the
// scores are X X^T = [[1, 0, 1], [0, 1, 1], [1, 1, 2]].
const MatrixXd kThree = mat({{1, 0}, {0, 1}, {1, 1}});
AttentionWeights identity_head() {
  const MatrixXd I = MatrixXd::Identity(2, 2);
  return {I, I, I, std::nullopt, std::nullopt, std::nullopt};
}

// |a - b| at most `relative` times b's largest entry, everywhere (an entry of the context can
// cancel to near 0, so it is no scale of its own error).
bool close(const MatrixXd& a, const MatrixXd& b, double relative) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         (a - b).cwiseAbs().maxCoeff() <= relative * b.cwiseAbs().maxCoeff();
}

}  // namespace

TEST_CASE("three tokens in blocks of two: every tile's running max, sum and output by hand") {
  AttentionOptions o;
  o.scale = false;
  const attn::TiledAttention t = attn::attention_tiled(kThree, identity_head(), o, 2, true);
  // Tiles in order: queries 0-1 x keys 0-1, queries 0-1 x key 2, query 2 x keys 0-1, 2 x 2.
  REQUIRE(t.tiles.size() == 4);
  const double E = std::exp(1.0);
  const auto& first = t.tiles[0];
  CHECK((first.query_start == 0 && first.query_end == 2 && first.key_start == 0 &&
         first.key_end == 2));
  // Row 0 scores [1, 0]: m = 1, l = e^0 + e^-1 = 1.367879, O = (v0 + e^-1 v1) / l
  // = [e/(e+1), 1/(e+1)] = [0.731059, 0.268941]. Row 1 scores [0, 1]: the mirror image.
  CHECK(first.max == vec({1, 1}));
  CHECK(near(first.sum, vec({1 + 1 / E, 1 + 1 / E}), 1e-15));
  CHECK(near(
      first.output,
      mat({{0.7310585786300049, 0.2689414213699951}, {0.2689414213699951, 0.7310585786300049}}),
      1e-15));
  // Key 2 scores 1 for both rows: the max stays 1, l gains e^0: 2 + e^-1 = 2.367879, and
  // O = (l_old O_old + v2) / l = [2, 1 + e^-1] / (2 + e^-1) = [2e, e+1] / (2e+1) for row 0.
  const auto& second = t.tiles[1];
  CHECK((second.key_start == 2 && second.key_end == 3));
  CHECK(second.max == vec({1, 1}));
  CHECK(near(second.sum, vec({2 + 1 / E, 2 + 1 / E}), 1e-15));
  CHECK(near(
      second.output,
      mat({{0.84463759650303638, 0.57768120174848181}, {0.57768120174848181, 0.84463759650303638}}),
      1e-15));
  // Row 2 against keys 0-1: scores [1, 1], m = 1, l = 2, O = [0.5, 0.5]. Then key 2 scores 2:
  // the max rises to 2, so what was summed is rescaled by e^(1 - 2): l = 2 e^-1 + 1 = 1.735759,
  // O = (2 e^-1 [0.5, 0.5] + v2) / l = (e + 1)/(e + 2) [1, 1] = 0.788058 [1, 1].
  CHECK(t.tiles[2].max == vec({1}));
  CHECK(t.tiles[2].sum == vec({2}));
  CHECK(t.tiles[2].output == mat({{0.5, 0.5}}));
  CHECK(t.tiles[3].max == vec({2}));
  CHECK(near(t.tiles[3].sum, vec({1 + 2 / E}), 1e-15));
  CHECK(near(t.tiles[3].output, mat({{0.78805844238291467, 0.78805844238291467}}), 1e-15));
  // The context is each row's output after its last tile, and self_attention's.
  CHECK(t.context.topRows(2) == second.output);
  CHECK(t.context.row(2) == t.tiles[3].output);
  CHECK(close(t.context, attn::self_attention(kThree, identity_head(), o).context, 1e-15));
  // Without trace, no tiles, the same context.
  CHECK(attn::attention_tiled(kThree, identity_head(), o, 2).tiles.empty());
}

TEST_CASE("tiled, causal: tiles wholly in the future are skipped") {
  AttentionOptions o;
  o.scale = false;
  o.causal = true;
  const attn::TiledAttention t = attn::attention_tiled(kThree, identity_head(), o, 2, true);
  // Queries 0-1 x key 2 is in both rows' future: three tiles, not four.
  REQUIRE(t.tiles.size() == 3);
  CHECK((t.tiles[1].query_start == 2 && t.tiles[1].key_start == 0));
  // Row 0 sees key 0 alone (score 1): m = 1, l = 1, O = v0. Row 1 sees keys 0, 1 (scores 0, 1):
  // O = [1/(e+1), e/(e+1)].
  CHECK(t.tiles[0].max == vec({1, 1}));
  CHECK(near(t.tiles[0].sum, vec({1, 1 + std::exp(-1.0)}), 1e-15));
  CHECK(near(t.tiles[0].output, mat({{1, 0}, {0.2689414213699951, 0.7310585786300049}}), 1e-15));
  CHECK(close(t.context, attn::self_attention(kThree, identity_head(), o).context, 1e-15));
}

TEST_CASE("tiled with softmax plusOne: every row starts from a key of score 0 and value 0") {
  AttentionOptions o;
  o.scale = false;
  o.softmax = attn::SoftmaxKind::PlusOne;
  const attn::TiledAttention t = attn::attention_tiled(kThree, identity_head(), o, 2, true);
  // Row 0: m = 0, l = 1, O = 0 to start; keys 0-1 score [1, 0]: m = 1, l = e^-1 + 1 + e^-1 =
  // 1.735759, O = (v0 + e^-1 v1) / l = [e, 1] / (e + 2) = [0.576117, 0.211942]. Key 2 scores 1:
  // l = 2 + 2 e^-1 = 2.735759, O = [2e, e + 1] / (2e + 2) = [e/(e+1), 1/2]: the plain weights
  // [e, 1, e] / (1 + 2e + 1) times V, which sum to (2e + 1)/(2e + 2) < 1.
  CHECK(t.tiles[0].max(0) == 1);
  CHECK(t.tiles[0].sum(0) == Approx(1.7357588823428847).epsilon(1e-15));
  CHECK(near(t.tiles[0].output.row(0), mat({{0.57611688476582912, 0.21194155761708547}}), 1e-15));
  CHECK(t.tiles[1].sum(0) == Approx(2.7357588823428847).epsilon(1e-15));
  CHECK(near(t.context.row(0), mat({{0.7310585786300049, 0.5}}), 1e-15));
  CHECK(close(t.context, attn::self_attention(kThree, identity_head(), o).context, 1e-15));
}

TEST_CASE("tiled equals self_attention within 1e-12 on every block size, n up to 64") {
  // Random heads of random widths, every option (causal, scale, temperature, biases, RoPE,
  // plusOne) drawn per n, every block size 1..n for each.
  std::mt19937 rng(314);
  std::uniform_int_distribution<int> width(1, 8), coin(0, 1);
  double worst = 0;
  for (const Eigen::Index n : {1, 2, 3, 4, 5, 7, 8, 12, 16, 17, 31, 64}) {
    for (int variant = 0; variant < 2; ++variant) {
      const Eigen::Index d = width(rng), dk = width(rng), dv = width(rng);
      const MatrixXd X = random_matrix(rng, n, d, 1.0);
      AttentionWeights w{random_matrix(rng, d, dk, 1.0),
                         random_matrix(rng, d, dk, 1.0),
                         random_matrix(rng, d, dv, 1.0),
                         std::nullopt,
                         std::nullopt,
                         std::nullopt};
      if (coin(rng))
        w.bq = random_matrix(rng, dk, 1).col(0), w.bv = random_matrix(rng, dv, 1).col(0);
      AttentionOptions o;
      o.causal = variant == 1;
      o.scale = coin(rng);
      o.temperature = coin(rng) ? 1.0 : 0.37;
      if (coin(rng)) o.positions = attn::Positions::Rope;
      if (coin(rng)) o.softmax = attn::SoftmaxKind::PlusOne;
      const MatrixXd plain = attn::self_attention(X, w, o).context;
      for (int block = 1; block <= n; ++block) {
        const MatrixXd tiled = attn::attention_tiled(X, w, o, block).context;
        INFO("n = " << n << ", block " << block << ", causal " << o.causal);
        REQUIRE(close(tiled, plain, 1e-12));
        worst =
            std::max(worst, (tiled - plain).cwiseAbs().maxCoeff() / plain.cwiseAbs().maxCoeff());
      }
    }
  }
  WARN("largest difference from self_attention, n <= 64: " << worst << " of the largest entry");
}

TEST_CASE("tiled equals self_attention within 1e-12 at n = 1,024") {
  // Block sizes from one token per tile (a million tiles) to one tile, causal and not. Under the
  // sanitizers over ATTN_TILED_TOKENS tokens instead (scripts/sanitize.sh: 192, where the same
  // ten cases take 0.6 s rather than 6 s for two at 1,024), block sizes cut to at most that.
  const long long tokens = budget_from_env("ATTN_TILED_TOKENS", 2);
  const Eigen::Index n = tokens > 0 ? std::min<Eigen::Index>(tokens, 1024) : 1024, d = 16;
  std::mt19937 rng(1024);
  const MatrixXd X = random_matrix(rng, n, d, 1.0);
  const AttentionWeights w{random_matrix(rng, d, d, 1.0),
                           random_matrix(rng, d, d, 1.0),
                           random_matrix(rng, d, d, 1.0),
                           std::nullopt,
                           std::nullopt,
                           std::nullopt};
  double worst = 0;
  for (const bool causal : {false, true}) {
    AttentionOptions o;
    o.causal = causal;
    const MatrixXd plain = attn::self_attention(X, w, o).context;
    for (const int block : {64, 1, 1000, 3, 1024}) {
      const int b = static_cast<int>(std::min<Eigen::Index>(block, n));
      const MatrixXd tiled = attn::attention_tiled(X, w, o, b).context;
      INFO("n = " << n << ", block " << b << ", causal " << causal);
      CHECK(close(tiled, plain, 1e-12));
      worst = std::max(worst, (tiled - plain).cwiseAbs().maxCoeff() / plain.cwiseAbs().maxCoeff());
    }
  }
  WARN("largest difference from self_attention, n = " << n << ": " << worst
                                                      << " of the largest entry");
}

TEST_CASE("tiled attention names each bad input") {
  AttentionOptions o;
  const AttentionWeights w = identity_head();
  for (int block : {0, -1, 4})
    CHECK_THROWS_WITH(attn::attention_tiled(kThree, w, o, block),
                      "blockSize must be a whole number from 1 to 3 (the tokens in X), got " +
                          std::to_string(block));
  CHECK_THROWS_WITH(attn::attention_tiled(MatrixXd::Ones(65, 2), w, o, 8, true),
                    "trace is kept for at most 64 tokens, but X has 65; leave trace off for longer "
                    "inputs");
  CHECK_NOTHROW(attn::attention_tiled(MatrixXd::Ones(65, 2), w, o, 8));
  // The same checks as self_attention, e.g.:
  AttentionWeights bad = w;
  bad.Wq = mat({{1}, {0}, {0}});
  CHECK_THROWS_WITH(attn::attention_tiled(kThree, bad, o, 1), "W_Q has 3 rows but X has 2 columns");
  o.temperature = 0;
  CHECK_THROWS_WITH(attn::attention_tiled(kThree, w, o, 1),
                    "temperature must be a finite number greater than 0, got 0");
  o.temperature = 1;
  o.rope_base = kNaN;
  CHECK_THROWS_WITH(attn::attention_tiled(kThree, w, o, 1),
                    "ropeBase must be a finite number greater than 0, got NaN");
  o.rope_base = 10000;
  // 1e154 squared overflows in q . k, as self_attention reports it.
  CHECK_THROWS_WITH(attn::attention_tiled(kThree * 1e154, w, o, 2),
                    Catch::Matchers::StartsWith("the scores Q K^T overflowed"));
  // A tiny temperature pushes a finite score past the largest double.
  o.temperature = 1e-300;
  CHECK_THROWS_WITH(attn::attention_tiled(kThree * 1e5, w, o, 2),
                    Catch::Matchers::StartsWith("scores row 1 / temperature overflowed"));
  // Bounded like every call: a trace of 64 tokens in blocks of 1 of width 1,024 holds
  // 64 x 64 tiles of 4 + 1 x (2 + 1,024) numbers, over 4,194,304.
  o.temperature = 1;
  const AttentionWeights wide{MatrixXd::Ones(1, 1), MatrixXd::Ones(1, 1), MatrixXd::Ones(1, 1024),
                              std::nullopt,         std::nullopt,         std::nullopt};
  CHECK_THROWS_WITH(attn::attention_tiled(MatrixXd::Ones(64, 1), wide, o, 1, true),
                    Catch::Matchers::StartsWith("tiled attention over 64 tokens would take"));
}
