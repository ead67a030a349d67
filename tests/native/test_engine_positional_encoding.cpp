// Sinusoidal positional encoding against hand values.
#include <catch2/catch.hpp>
#include <cmath>

#include "attn/positional_encoding.hpp"
#include "helpers.hpp"

TEST_CASE("positional encoding, n = 3, d = 4, by hand") {
  // Columns 0,1 use frequency 1/10000^(0/4) = 1; columns 2,3 use 1/10000^(2/4) = 1/100.
  // pos 0: [sin 0, cos 0, sin 0, cos 0] = [0, 1, 0, 1]
  // pos 1: [sin 1, cos 1, sin 0.01, cos 0.01] = [0.8414710, 0.5403023, 0.0099998, 0.9999500]
  // pos 2: [sin 2, cos 2, sin 0.02, cos 0.02] = [0.9092974, -0.4161468, 0.0199987, 0.9998000]
  const Eigen::MatrixXd pe = attn::positional_encoding(3, 4);
  INFO(show(pe));
  CHECK(near(pe,
             mat({{0, 1, 0, 1},
                  {0.8414710, 0.5403023, 0.0099998, 0.9999500},
                  {0.9092974, -0.4161468, 0.0199987, 0.9998000}}),
             1e-7));
}

TEST_CASE("positional encoding with an odd width: the last sine has no cosine partner") {
  // d = 3: column 2 uses frequency 10000^(-2/3) = 1/464.1589.
  const Eigen::MatrixXd pe = attn::positional_encoding(2, 3);
  CHECK(pe(1, 2) == Approx(std::sin(1.0 / 464.1588834)).epsilon(1e-9));
  CHECK(pe.cols() == 3);
}

TEST_CASE("positional encoding: entries lie in [-1, 1] and positions differ") {
  const Eigen::MatrixXd pe = attn::positional_encoding(50, 16);
  CHECK(pe.cwiseAbs().maxCoeff() <= 1.0);
  for (int i = 0; i < 50; ++i)
    for (int j = i + 1; j < 50; ++j) CHECK((pe.row(i) - pe.row(j)).norm() > 1e-3);
}

TEST_CASE("positional encoding rejects bad sizes") {
  CHECK_THROWS_WITH(attn::positional_encoding(0, 4),
                    "n (the number of positions) must be at least 1, got 0");
  CHECK_THROWS_WITH(attn::positional_encoding(3, -1), "d (the width) must be at least 1, got -1");
  CHECK_THROWS_WITH(attn::positional_encoding(100000, 4),
                    "the encoding has 100,000 positions, which exceeds the limit of 1,024");
  CHECK_THROWS_WITH(attn::positional_encoding(4, 1025),
                    "the encoding has 1,025 columns, which exceeds the limit of 1,024");
}
