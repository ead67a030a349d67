// Rotary position embedding (RoPE) against hand values, and the property it exists for: the
// score of a turned query and key depends on their distance alone.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "attn/rope.hpp"
#include "helpers.hpp"

using Eigen::MatrixXd;

TEST_CASE("rope of [1, 2, 3, 4] at positions 0, 1, 2, by hand") {
  // d = 4: pair (0, 1) turns by theta_0 = 10000^(0/4) = 1 radian per position, pair (2, 3) by
  // theta_1 = 10000^(-2/4) = 0.01. A pair (x, y) turned by a: (x cos a - y sin a, x sin a + y cos
  // a). Position 0: unturned. Position 1: (cos 1 - 2 sin 1, sin 1 + 2 cos 1) = (0.540302
  // - 1.682942, 0.841471 + 1.080605) = (-1.142640, 1.922076); (3 cos 0.01 - 4 sin 0.01, 3 sin 0.01
  // + 4 cos 0.01) = (2.999850 - 0.039999, 0.029999 + 3.999800) = (2.959851, 4.029800). Position 2
  // by the angles 2 and 0.02 the same way. To 17 digits from an independent Python script
  // (plain floats and math.cos / math.sin).
  const MatrixXd X = mat({{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4}});
  const MatrixXd R = attn::rope(X);
  INFO(show(R));
  CHECK(R.row(0) == X.row(0));
  CHECK(near(R.row(1),
             mat({{-1.1426396637476532, 1.922075596544176, 2.9598506679133294, 4.029799501669161}}),
             1e-15));
  CHECK(near(
      R.row(2),
      mat({{-2.234741690198506, 0.077003753731396896, 2.9194053532264008, 4.0591960267463101}}),
      1e-15));
  // Base 100: theta_1 = 100^(-1/2) = 0.1, so pair (2, 3) at position 1 turns by 0.1:
  // (3 cos 0.1 - 4 sin 0.1, 3 sin 0.1 + 4 cos 0.1) = (2.585679, 4.279517).
  CHECK(
      near(attn::rope(X, 100).row(1),
           mat({{-1.1426396637476532, 1.922075596544176, 2.5856788292467652, 4.2795169110525881}}),
           1e-15));
}

TEST_CASE("rope of an odd width turns the first d - 1 columns and leaves the last") {
  // d = 3: one pair, theta_0 = base^(0/2) = 1; column 3 is left as it is. So rows of [1, 2, 5]
  // are rope of [1, 2] with 5 beside: position 1 (-1.142640, 1.922076, 5) as above.
  const MatrixXd R = attn::rope(mat({{1, 2, 5}, {1, 2, 5}, {1, 2, 5}}));
  CHECK(R.col(2) == Eigen::VectorXd::Constant(3, 5.0));
  CHECK(near(R.row(1), mat({{-1.1426396637476532, 1.922075596544176, 5}}), 1e-15));
  CHECK(near(R.row(2), mat({{-2.234741690198506, 0.077003753731396896, 5}}), 1e-15));
  // The rotated part is rope of width d - 1 (its frequencies use d - 1, not d).
  std::mt19937 rng(5);
  const MatrixXd Y = random_matrix(rng, 40, 7);
  const MatrixXd turned = attn::rope(Y, 500);
  CHECK(turned.leftCols(6) == attn::rope(Y.leftCols(6), 500));
  CHECK(turned.col(6) == Y.col(6));
  CHECK(attn::rope(mat({{3}, {4}})) == mat({{3}, {4}}));  // width 1: nothing to turn
}

TEST_CASE("a turned query and key score by their distance alone (1,000 random pairs)") {
  // Q and K of 1,024 random rows (five draws of width and base); rope turns row m as at position m.
  // For rows m (query) and n (key) the score must be f(n - m) alone. Two checks, each over 1,000
  // random pairs of rows at random widths and bases, relative to |q| |k| (a score can cancel to ~0,
  // so its own size is no scale):
  //  1. against the closed form q . R((n - m) theta) k = sum over pairs of
  //     (q0 k0 + q1 k1) cos((n - m) theta_i) + (q1 k0 - q0 k1) sin((n - m) theta_i),
  //     which never turns either vector (derived by hand from R(a)q . R(b)k = q . R(b - a)k);
  //  2. the same query and key turned as at positions m + s and n + s (rope_in_place, which
  //     attention uses, turns a row as at any position) score the same, for a random shift s.
  std::mt19937 rng(20261208);
  std::uniform_int_distribution<int> position(0, 1023), shift(1, 4096), width(1, 64);
  std::uniform_real_distribution<double> log_base(std::log(2.0), std::log(1e6));
  double worst = 0;
  for (int trial = 0; trial < 1000; trial += 200) {
    const Eigen::Index d = width(rng);
    const double base = std::exp(log_base(rng));
    const MatrixXd Q = random_matrix(rng, 1024, d), K = random_matrix(rng, 1024, d);
    const MatrixXd RQ = attn::rope(Q, base), RK = attn::rope(K, base);
    for (int pair = 0; pair < 200; ++pair) {
      const int m = position(rng), n = position(rng), s = shift(rng);
      const double score = RQ.row(m).dot(RK.row(n));
      double closed = 0;
      for (Eigen::Index i = 0; i + 1 < d; i += 2) {
        const double theta =
            std::pow(base, -static_cast<double>(i) / static_cast<double>(d - d % 2));
        const double a = (n - m) * theta, q0 = Q(m, i), q1 = Q(m, i + 1), k0 = K(n, i),
                     k1 = K(n, i + 1);
        closed += (q0 * k0 + q1 * k1) * std::cos(a) + (q1 * k0 - q0 * k1) * std::sin(a);
      }
      if (d % 2) closed += Q(m, d - 1) * K(n, d - 1);
      MatrixXd q = Q.row(m), k = K.row(n);
      attn::rope_in_place(q, base, "base", m + s, "q");
      attn::rope_in_place(k, base, "base", n + s, "k");
      const double scale = Q.row(m).norm() * K.row(n).norm();
      INFO("trial " << trial + pair << ": d = " << d << ", base = " << base << ", m = " << m
                    << ", n = " << n << ", shift " << s);
      CHECK(std::abs(score - closed) <= 1e-9 * scale);
      CHECK(std::abs(q.row(0).dot(k.row(0)) - score) <= 1e-9 * scale);
      worst = std::max(worst, std::abs(score - closed) / scale);
    }
  }
  WARN("largest difference from the closed form: " << worst << " of |q| |k|");
}

TEST_CASE("rope names each bad input") {
  const MatrixXd X = mat({{1, 2}, {3, 4}});
  CHECK_THROWS_WITH(attn::rope(X, 0), "base must be a finite number greater than 0, got 0");
  CHECK_THROWS_WITH(attn::rope(X, -10000),
                    "base must be a finite number greater than 0, got -10000");
  CHECK_THROWS_WITH(attn::rope(X, kNaN), "base must be a finite number greater than 0, got NaN");
  CHECK_THROWS_WITH(attn::rope(X, kInf),
                    "base must be a finite number greater than 0, got Infinity");
  // The smallest double, 4.9e-324 = 10^-323.3: base^(-2i/r) = 10^(323.3 2i/r) passes the largest
  // double (10^308.25) once 2i/r > 0.9535. Width 4 (2i/r at most 2/4) is fine; width 64 reaches
  // 62/64 = 0.96875.
  const double tiniest = 4.9406564584124654e-324;
  CHECK_NOTHROW(attn::rope(mat({{1, 2, 3, 4}}), tiniest));
  CHECK_THROWS_WITH(attn::rope(MatrixXd::Ones(1, 64), tiniest),
                    "base 4.94066e-324 is too small: base^(-62/64) overflows; use a base of at "
                    "least 1e-300");
  CHECK_THROWS_WITH(attn::rope(MatrixXd()), "X is empty");
  CHECK_THROWS_WITH(attn::rope(mat({{1, kNaN}})),
                    "X has NaN at row 1, column 2; every entry must be a finite number");
  CHECK_THROWS_WITH(attn::rope(MatrixXd::Zero(1025, 2)),
                    "X has 1,025 rows (positions), which exceeds the limit of 1,024");
  // Row 2 turns by 1 radian: 1.5e308 (sin 1 + cos 1) = 1.5e308 x 1.38 = 2.07e308 passes the
  // largest double, 1.798e308.
  CHECK_THROWS_WITH(attn::rope(mat({{0, 0}, {1.5e308, 1.5e308}})),
                    "rope(X) overflowed (a result is too large to represent); use smaller numbers");
}
