// Sampling (attn/lm/sampling.hpp) against hand-computed distributions: logits [2, 1, 0] give
// softmax e^0, e^-1, e^-2 over their sum 1.503215 = [0.665241, 0.244728, 0.090031]; at
// temperature 2, e^0, e^-0.5, e^-1 over 1.974410 = [0.506480, 0.307196, 0.186324].
#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

#include "attn/lm/sampling.hpp"

using namespace attn::lm;

namespace {

void require_near(const std::vector<double>& actual, const std::vector<double>& expected) {
  REQUIRE(actual.size() == expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    INFO("entry " << i);
    CHECK(actual[i] == Approx(expected[i]).margin(1e-6));
  }
}

const std::vector<double> kLogits{2, 1, 0};

}  // namespace

TEST_CASE("sampling: temperature by hand", "[lm][sampling]") {
  require_near(softmax_with_temperature(kLogits, 1.0), {0.665241, 0.244728, 0.090031});
  require_near(softmax_with_temperature(kLogits, 2.0), {0.506480, 0.307196, 0.186324});
  // Near 0 the largest logit takes everything; huge logits do not overflow.
  require_near(softmax_with_temperature(kLogits, 1e-3), {1, 0, 0});
  require_near(softmax_with_temperature({1000, 999, 998}, 1.0), {0.665241, 0.244728, 0.090031});
  CHECK_THROWS_AS(softmax_with_temperature(kLogits, 0.0), std::invalid_argument);
}

TEST_CASE("sampling: top-k by hand", "[lm][sampling]") {
  const auto p = softmax_with_temperature(kLogits, 1.0);
  // The two largest, renormalised: 0.665241 / 0.909969 = 0.731059 = sigmoid(1).
  require_near(top_k(p, 2), {0.731059, 0.268941, 0});
  require_near(top_k(p, 1), {1, 0, 0});
  // A tie keeps the lower index: [0.25, 0.25, 0.5] at k = 2 keeps entries 2 and 0.
  require_near(top_k({0.25, 0.25, 0.5}, 2), {1.0 / 3, 0, 2.0 / 3});
  // k = the vocabulary (or 0, off): the distribution itself, exactly.
  CHECK(top_k(p, 3) == p);
  CHECK(top_k(p, 0) == p);
}

TEST_CASE("sampling: top-p by hand", "[lm][sampling]") {
  const auto p = softmax_with_temperature(kLogits, 1.0);
  // 0.665 < 0.7, then 0.665 + 0.245 = 0.910 >= 0.7: two kept.
  require_near(top_p(p, 0.7), {0.731059, 0.268941, 0});
  // 0.665 >= 0.6 already: one kept.
  require_near(top_p(p, 0.6), {1, 0, 0});
  require_near(top_p(p, 0.95), p);  // all three needed
  CHECK(top_p(p, 1.0) == p);        // p = 1: plain softmax, exactly
  CHECK_THROWS_AS(top_p(p, 0.0), std::invalid_argument);
}

TEST_CASE("sampling: temperature, then top-k, then top-p, then renormalised", "[lm][sampling]") {
  // T = 2: [0.506480, 0.307196, 0.186324]; top-2: [0.622459, 0.377541, 0] (sigmoid(0.5));
  // top-p 0.7: 0.622 < 0.7, both kept; top-p 0.5: the first alone.
  require_near(filtered_distribution(kLogits, {2.0, 2, 0.7}), {0.622459, 0.377541, 0});
  require_near(filtered_distribution(kLogits, {2.0, 2, 0.5}), {1, 0, 0});
  // Temperature comes first: top-p 0.6 keeps one token at T = 1 (0.665 >= 0.6) but two at
  // T = 2 (0.506 < 0.6 <= 0.506 + 0.307).
  require_near(filtered_distribution(kLogits, {1.0, 0, 0.6}), {1, 0, 0});
  require_near(filtered_distribution(kLogits, {2.0, 0, 0.6}), {0.622459, 0.377541, 0});
  // Off: plain softmax.
  CHECK(filtered_distribution(kLogits, {1.0, 3, 1.0}) == softmax_with_temperature(kLogits, 1.0));
}

TEST_CASE("sampling: a seeded draw is reproducible and never picks probability 0",
          "[lm][sampling]") {
  const std::vector<double> p{0.5, 0.0, 0.3, 0.2};
  attn::train::Rng a(7), b(7);
  std::vector<int> counts(4, 0);
  for (int i = 0; i < 2000; ++i) {
    const int x = draw(p, a);
    CHECK(x == draw(p, b));
    ++counts[static_cast<std::size_t>(x)];
  }
  CHECK(counts[1] == 0);
  // 2,000 draws: each share within 4 standard deviations (sqrt(p(1-p)/2000) <= 0.012).
  CHECK(counts[0] / 2000.0 == Approx(0.5).margin(0.045));
  CHECK(counts[2] / 2000.0 == Approx(0.3).margin(0.045));
  CHECK(counts[3] / 2000.0 == Approx(0.2).margin(0.045));
  CHECK_THROWS_AS(draw({0.0, 0.0}, a), std::invalid_argument);
}
