// Dot product and cosine similarity against hand values from the dot-product lesson's 2-D words.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "attn/similarity.hpp"
#include "helpers.hpp"

TEST_CASE("dot products of the dot-product lesson's 2-D words") {
  // Apple = (2, 2), phones = (2, 2), love = (-4, 3), juice = (4, 0) (by hand):
  CHECK(attn::dot(vec({2, 2}), vec({2, 2})) == 8);    // 4 + 4
  CHECK(attn::dot(vec({2, 2}), vec({-4, 3})) == -2);  // -8 + 6
  CHECK(attn::dot(vec({2, 2}), vec({4, 0})) == 8);    // 8 + 0
}

TEST_CASE("similarity: dot, norms, cosine, angle and terms") {
  // a = (3, 4), b = (4, 3): dot 24, |a| = |b| = 5, cos = 24/25 = 0.96,
  // angle = acos(0.96) = 16.2602 degrees (by hand / calculator).
  const attn::Similarity s = attn::similarity(vec({3, 4}), vec({4, 3}));
  CHECK(s.dot == 24);
  CHECK(s.norm_a == Approx(5));
  CHECK(s.norm_b == Approx(5));
  REQUIRE(s.cosine);
  CHECK(*s.cosine == Approx(0.96));
  REQUIRE(s.angle_degrees);
  CHECK(*s.angle_degrees == Approx(16.2602).margin(1e-4));
  CHECK(s.terms == vec({12, 12}));
}

TEST_CASE("similarity: orthogonal, opposite and identical directions") {
  CHECK(*attn::similarity(vec({1, 0}), vec({0, 5})).angle_degrees == Approx(90));
  CHECK(*attn::similarity(vec({1, 1}), vec({-2, -2})).angle_degrees == Approx(180));
  // Rounding could push cos a hair above 1 (acos -> NaN); it is clamped.
  const attn::Similarity same = attn::similarity(vec({0.1, 0.2, 0.3}), vec({0.1, 0.2, 0.3}));
  CHECK(*same.cosine == Approx(1.0));
  CHECK(*same.angle_degrees == Approx(0.0).margin(1e-6));
}

TEST_CASE("similarity with a zero vector has no cosine (not NaN)") {
  const attn::Similarity s = attn::similarity(vec({0, 0}), vec({1, 2}));
  CHECK(s.dot == 0);
  CHECK(s.norm_a == 0);
  CHECK_FALSE(s.cosine);
  CHECK_FALSE(s.angle_degrees);
}

TEST_CASE("similarity of huge vectors: norms do not overflow") {
  const attn::Similarity s = attn::similarity(vec({1e200, 0}), vec({1e100, 1e100}));
  CHECK(s.norm_a == Approx(1e200));
  CHECK(*s.cosine == Approx(std::sqrt(0.5)));
}

TEST_CASE("dot and similarity reject bad input") {
  CHECK_THROWS_WITH(attn::dot(vec({1, 2}), vec({1, 2, 3})),
                    "a has 2 entries but b has 3 entries; they must have the same length");
  CHECK_THROWS_WITH(attn::dot(vec({1, 2}), vec({1})),
                    "a has 2 entries but b has 1 entry; they must have the same length");
  CHECK_THROWS_WITH(attn::dot(Eigen::VectorXd(), vec({1})), "a is empty");
  CHECK_THROWS_WITH(attn::dot(vec({1, kNaN}), vec({1, 2})),
                    "a has NaN at entry 2; every entry must be a finite number");
  CHECK_THROWS_WITH(attn::similarity(vec({1, 2}), vec({1, -kInf})),
                    "b has -Infinity at entry 2; every entry must be a finite number");
  CHECK_THROWS_WITH(attn::dot(vec({1e308, 1e308}), vec({10, 10})),
                    Catch::Matchers::StartsWith("the dot product overflowed"));
}

TEST_CASE("similarity of tiny vectors: the cosine does not underflow with the dot product") {
  // a = b = (1e-200, 0): a.b = 1e-400 underflows to 0, but the vectors are parallel:
  // cos 1, angle 0. The dot product itself stays the plain (underflowed) sum.
  const attn::Similarity same = attn::similarity(vec({1e-200, 0}), vec({1e-200, 0}));
  CHECK(same.dot == 0);
  CHECK(same.norm_a == Approx(1e-200));
  CHECK(*same.cosine == 1.0);
  CHECK(*same.angle_degrees == 0.0);
  // 150 degrees apart, tiny: a = 1e-160 (1, 0), b = 1e-160 (-sqrt(3)/2, 1/2). a.b = -8.66e-321 is
  // subnormal (a few significant bits), so dividing it by the norms gives a rough cosine;
  // cos 150 = -sqrt(3)/2 = -0.8660254 (by hand).
  const double h = std::sqrt(3.0) / 2;
  const attn::Similarity wide = attn::similarity(vec({1e-160, 0}), vec({-h * 1e-160, 0.5e-160}));
  CHECK(*wide.cosine == Approx(-h).epsilon(1e-14));
  CHECK(*wide.angle_degrees == Approx(150).epsilon(1e-12));
}

TEST_CASE("similarity of vectors of very different sizes") {
  // a huge, b tiny, 60 degrees apart: a = 1e300 (1, 0), b = 1e-300 (1/2, sqrt(3)/2).
  // a.b = 0.5 is exact; |a| |b| = 1 only after dividing one norm at a time.
  const double h = std::sqrt(3.0) / 2;
  const attn::Similarity s = attn::similarity(vec({1e300, 0}), vec({0.5e-300, h * 1e-300}));
  CHECK(s.dot == Approx(0.5));
  CHECK(*s.cosine == Approx(0.5).epsilon(1e-14));
  CHECK(*s.angle_degrees == Approx(60).epsilon(1e-12));
  // A term that underflows beside one that does not (a = (1e-170, 1), b = (1e-170, -1e-300)):
  // a.b = 1e-340 - 1e-300 = -1e-300 to double precision, |a| = 1, |b| = 1e-170, so
  // cos = -1e-130 (by hand): the vectors are orthogonal to within 1e-130.
  const attn::Similarity m = attn::similarity(vec({1e-170, 1}), vec({1e-170, -1e-300}));
  CHECK(*m.cosine == Approx(-1e-130).epsilon(1e-12));
}

TEST_CASE("similarity: the scaled cosine equals a.b / (|a| |b|) for ordinary vectors") {
  std::mt19937 rng(7);
  for (int n = 1; n <= 8; ++n)
    for (int k = 0; k < 100; ++k) {
      const Eigen::VectorXd a = random_matrix(rng, n, 1, 10.0);
      const Eigen::VectorXd b = random_matrix(rng, n, 1, 10.0);
      const attn::Similarity s = attn::similarity(a, b);
      CHECK(*s.cosine == Approx(a.dot(b) / a.norm() / b.norm()).margin(1e-14));
    }
}

TEST_CASE("similarity: a length too large to represent is an error, not Infinity") {
  // |(1.5e308, 1.5e308)| = 2.1e308 > DBL_MAX (about 1.8e308), while a.b with a tiny b is finite.
  CHECK_THROWS_WITH(attn::similarity(vec({1.5e308, 1.5e308}), vec({1e-300, 0})),
                    "the length of a overflowed (a result is too large to represent); use smaller "
                    "numbers");
  CHECK_THROWS_WITH(attn::similarity(vec({0, 0}), vec({-1.5e308, 1.5e308})),
                    Catch::Matchers::StartsWith("the length of b overflowed"));
  // The largest lengths that fit are kept: |(1e308, 1e308)| = 1.414e308.
  CHECK(attn::similarity(vec({1e308, 1e308}), vec({1e-300, 0})).norm_a ==
        Approx(std::sqrt(2.0) * 1e308));
}
