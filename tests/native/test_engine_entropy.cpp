// Entropy of attention rows in bits, against values worked by hand.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "attn/entropy.hpp"
#include "helpers.hpp"

TEST_CASE("attention entropy: hand-checked rows") {
  // [0.5, 0.5]: -2 (0.5 log2 0.5) = 1 bit. [1, 0, 0]: 1 log2 1 = 0, and 0 log 0 counts as 0.
  // Uniform over 4: -4 (0.25 log2 0.25) = 2 bits.
  const Eigen::VectorXd h =
      attn::attention_entropy(mat({{0.5, 0.5, 0, 0}, {1, 0, 0, 0}, {0.25, 0.25, 0.25, 0.25}}));
  REQUIRE(h.size() == 3);
  CHECK(h(0) == 1.0);
  CHECK(h(1) == 0.0);
  CHECK(h(2) == 2.0);
  // [0.75, 0.25]: -(0.75 log2 0.75 + 0.25 log2 0.25) = 0.75 * 0.4150375 + 0.25 * 2 = 0.8112781.
  CHECK(attn::attention_entropy(mat({{0.75, 0.25}}))(0) == Approx(0.8112781).margin(1e-7));
  // The weights of the worked 2-token example, [0, 1] for token 1: one token only, 0 bits.
  CHECK(attn::attention_entropy(mat({{0, 1}}))(0) == 0.0);
}

TEST_CASE("attention entropy: a row that sums to 1 within 1e-9 is a distribution") {
  CHECK(attn::attention_entropy(mat({{0.5 + 4e-10, 0.5}}))(0) == Approx(1.0).margin(1e-9));
}

TEST_CASE("attention entropy rejects rows that are not distributions") {
  CHECK_THROWS_WITH(attn::attention_entropy(mat({{0.5, 0.5}, {1.5, -0.5}})),
                    "weights row 2 has -0.5 at column 2; attention weights are never negative");
  CHECK_THROWS_WITH(attn::attention_entropy(mat({{0.3, 0.3, 0.3}})),
                    "weights row 1 sums to 0.9; the weights of a row must sum to 1");
  CHECK_THROWS_WITH(attn::attention_entropy(mat({{0.5, 0.5 + 2e-9}})),
                    "weights row 1 sums to 1.000000002; the weights of a row must sum to 1");
  CHECK_THROWS_WITH(attn::attention_entropy(mat({{std::nan(""), 1}})),
                    "weights has NaN at row 1, column 1; every entry must be a finite number");
  CHECK_THROWS_WITH(attn::attention_entropy(Eigen::MatrixXd()), "weights is empty");
}
