// The position-wise feed-forward network against hand values.
#include <catch2/catch.hpp>

#include "attn/feed_forward.hpp"
#include "helpers.hpp"

TEST_CASE("feed-forward: two linear maps with a ReLU between, by hand") {
  // X = [[1,-2],[2,1]], W1 = [[1,0,-1],[0,1,1]], b1 = [0,1,0]:
  //   hidden row 1 = [1, -2+1, -1-2] = [1, -1, -3] -> ReLU [1, 0, 0]
  //   hidden row 2 = [2, 1+1, -2+1]  = [2, 2, -1]  -> ReLU [2, 2, 0]
  // W2 = [[2],[3],[4]], b2 = [0.5]: row 1 = 2 + 0.5 = 2.5; row 2 = 4 + 6 + 0.5 = 10.5.
  attn::FeedForwardParams p{mat({{1, 0, -1}, {0, 1, 1}}), vec({0, 1, 0}), mat({{2}, {3}, {4}}),
                            vec({0.5})};
  const attn::FeedForwardTrace t = attn::feed_forward_trace(mat({{1, -2}, {2, 1}}), p);
  CHECK(t.hidden == mat({{1, -1, -3}, {2, 2, -1}}));
  CHECK(t.activated == mat({{1, 0, 0}, {2, 2, 0}}));
  CHECK(t.output == mat({{2.5}, {10.5}}));
  CHECK(attn::feed_forward(mat({{1, -2}, {2, 1}}), p) == t.output);
}

TEST_CASE("feed-forward rejects mismatched weights") {
  attn::FeedForwardParams p{mat({{1, 0, -1}, {0, 1, 1}}), std::nullopt, mat({{2}, {3}}),
                            std::nullopt};
  CHECK_THROWS_WITH(attn::feed_forward(mat({{1, 2}}), p),
                    "W2 has 2 rows but the hidden layer has 3 columns");
  CHECK_THROWS_WITH(attn::feed_forward(mat({{1, 2, 3}}), p), "W1 has 2 rows but X has 3 columns");
  p.W2 = mat({{1}, {1}, {1}});
  p.b1 = vec({1});
  CHECK_THROWS_WITH(attn::feed_forward(mat({{1, 2}}), p), "b1 has 1 entry but W1 has 3 columns");
}
