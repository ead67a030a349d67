// The linear map X W + b and the residual connection X + Y.
#include <catch2/catch.hpp>
#include <limits>

#include "attn/linear.hpp"
#include "attn/residual.hpp"
#include "helpers.hpp"

TEST_CASE("linear: X W + b, by hand") {
  // [1 2] [1 0 2]   [1+6  0+8  2+10]   [7  8 12]          + b = [1, 0, -1] -> [8 8 11]
  // [3 4] [3 4 5] = [3+12 0+16 6+20] = [15 16 26]                              [16 16 25]
  const Eigen::MatrixXd X = mat({{1, 2}, {3, 4}});
  const Eigen::MatrixXd W = mat({{1, 0, 2}, {3, 4, 5}});
  CHECK(attn::linear(X, W) == mat({{7, 8, 12}, {15, 16, 26}}));
  CHECK(attn::linear(X, W, vec({1, 0, -1})) == mat({{8, 8, 11}, {16, 16, 25}}));
}

TEST_CASE("linear rejects mismatched, empty and non-finite input") {
  const Eigen::MatrixXd X = mat({{1, 2}, {3, 4}});
  CHECK_THROWS_WITH(attn::linear(X, mat({{1, 2, 3}})), "W has 1 row but X has 2 columns");
  CHECK_THROWS_WITH(attn::linear(X, mat({{1}, {2}, {3}}), std::nullopt, {"X", "W_Q", "b_Q"}),
                    "W_Q has 3 rows but X has 2 columns");
  CHECK_THROWS_WITH(attn::linear(X, mat({{1, 0}, {0, 1}}), vec({1, 2, 3})),
                    "b has 3 entries but W has 2 columns");
  CHECK_THROWS_WITH(attn::linear(Eigen::MatrixXd(), X), "X is empty");
  CHECK_THROWS_WITH(attn::linear(X, Eigen::MatrixXd(2, 0)), "W is empty");
  CHECK_THROWS_WITH(attn::linear(mat({{1, kNaN}}), mat({{1}, {2}})),
                    "X has NaN at row 1, column 2; every entry must be a finite number");
  CHECK_THROWS_WITH(attn::linear(X, mat({{1, 0}, {0, kInf}})),
                    "W has Infinity at row 2, column 2; every entry must be a finite number");
  CHECK_THROWS_WITH(attn::linear(X, mat({{1, 0}, {0, 1}}), vec({1, kNaN})),
                    "b has NaN at entry 2; every entry must be a finite number");
  CHECK_THROWS_WITH(attn::linear(mat({{1e308, 1e308}}), mat({{10}, {10}})),
                    "X W overflowed (a result is too large to represent); use smaller numbers");
}

TEST_CASE("residual: X + Y, same shape only") {
  // Token 1 of the worked 2-token example plus its context: [6,1,4,4] + [68,53,63,58] =
  // [74,54,67,62].
  CHECK(attn::residual(mat({{6, 1, 4, 4}}), mat({{68, 53, 63, 58}})) == mat({{74, 54, 67, 62}}));
  CHECK_THROWS_WITH(attn::residual(mat({{1, 2}}), mat({{1, 2, 3}})),
                    "X is 1 x 2 but the sublayer output is 1 x 3");
}
