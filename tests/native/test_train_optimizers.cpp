// Optimisers on f(x) = 0.5 * (1 * x0^2 + 3 * x1^2), gradient (x0, 3 x1), from x = (1, -2).
// Expected values worked by hand from the update rules (sgd.hpp, adam.hpp)
// and re-checked with a five-line Python loop of the same formulas.
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "attn/train/adam.hpp"
#include "attn/train/optimizer.hpp"
#include "attn/train/sgd.hpp"

using namespace attn::train;
using Catch::Matchers::Contains;

namespace {

struct Quadratic {
  Eigen::VectorXd x = (Eigen::VectorXd(2) << 1.0, -2.0).finished();
  Eigen::VectorXd g = Eigen::VectorXd::Zero(2);
  std::vector<TensorView> params() { return {{"x", x.data(), 2}}; }
  std::vector<TensorView> grads() { return {{"x", g.data(), 2}}; }
  void gradient() { g << x(0), 3.0 * x(1); }
};

}  // namespace

TEST_CASE("sgd: two plain steps", "[train][optimizer]") {
  Quadratic q;
  Sgd sgd(0.1);
  q.gradient();  // g = (1, -6)
  sgd.step(q.params(), q.grads());
  CHECK(q.x(0) == Approx(0.9).epsilon(1e-12));   // 1 - 0.1 * 1
  CHECK(q.x(1) == Approx(-1.4).epsilon(1e-12));  // -2 + 0.1 * 6
  q.gradient();                                  // g = (0.9, -4.2)
  sgd.step(q.params(), q.grads());
  CHECK(q.x(0) == Approx(0.81).epsilon(1e-12));
  CHECK(q.x(1) == Approx(-0.98).epsilon(1e-12));
}

TEST_CASE("sgd: momentum 0.9 adds the previous velocity", "[train][optimizer]") {
  Quadratic q;
  Sgd sgd(0.1, 0.9);
  q.gradient();  // v = (1, -6)
  sgd.step(q.params(), q.grads());
  CHECK(q.x(0) == Approx(0.9).epsilon(1e-12));
  CHECK(q.x(1) == Approx(-1.4).epsilon(1e-12));
  q.gradient();  // g = (0.9, -4.2), v = 0.9 (1, -6) + g = (1.8, -9.6)
  sgd.step(q.params(), q.grads());
  CHECK(q.x(0) == Approx(0.72).epsilon(1e-12));   // 0.9 - 0.18
  CHECK(q.x(1) == Approx(-0.44).epsilon(1e-12));  // -1.4 + 0.96
}

TEST_CASE("adam: first step moves every coordinate by lr, second by hand", "[train][optimizer]") {
  Quadratic q;
  Adam adam(0.1);
  q.gradient();
  adam.step(q.params(), q.grads());
  // Step 1: bias-corrected m = g and v = g^2, so the move is lr * g / (|g| + eps):
  // 1 - 0.1 * 1 / (1 + 1e-8) and -2 + 0.1 * 6 / (6 + 1e-8).
  CHECK(q.x(0) == Approx(0.900000001).epsilon(1e-12));
  CHECK(q.x(1) == Approx(-1.9000000001666667).epsilon(1e-12));
  q.gradient();  // g = (0.9, -5.7)
  adam.step(q.params(), q.grads());
  // x0: m = 0.09 + 0.09 = 0.18, m^ = 0.18 / 0.19 = 0.947368;
  //     v = 0.000999 + 0.00081 = 0.001809, v^ = 0.001809 / 0.001999 = 0.904952;
  //     x0 = 0.9 - 0.1 * 0.947368 / 0.951290 = 0.800412
  CHECK(q.x(0) == Approx(0.8004122297).epsilon(1e-9));
  // x1: m = -0.54 - 0.57 = -1.11, m^ = -5.842105; v = 0.035964 + 0.03249 = 0.068454,
  //     v^ = 34.244122, sqrt = 5.851848;  x1 = -1.9 + 0.1 * 0.998335 = -1.800166
  CHECK(q.x(1) == Approx(-1.8001664859).epsilon(1e-9));
}

TEST_CASE("optimisers: the learning rate can change between steps", "[train][optimizer]") {
  Quadratic q;
  Sgd sgd(0.1);
  sgd.set_learning_rate(0.5);
  CHECK(sgd.learning_rate() == 0.5);
  q.gradient();
  sgd.step(q.params(), q.grads());
  CHECK(q.x(0) == Approx(0.5).epsilon(1e-12));  // 1 - 0.5 * 1
  CHECK_THROWS_WITH(sgd.set_learning_rate(0.0), Contains("learning rate"));
  CHECK_THROWS_WITH(sgd.set_learning_rate(NAN), Contains("learning rate"));
  CHECK(sgd.learning_rate() == 0.5);
  CHECK_THROWS_AS(Sgd(0.1, 1.0), std::invalid_argument);
}

TEST_CASE("clipping: scales the joint norm down, never up", "[train][optimizer]") {
  Eigen::VectorXd a = (Eigen::VectorXd(2) << 3.0, 0.0).finished();
  Eigen::VectorXd b = (Eigen::VectorXd(1) << 4.0).finished();
  std::vector<TensorView> g = {{"a", a.data(), 2}, {"b", b.data(), 1}};
  CHECK(clip_gradient_norm(g, 10.0) == Approx(5.0));  // 3-4-5 triangle
  CHECK(a(0) == 3.0);
  CHECK(clip_gradient_norm(g, 1.0) == Approx(5.0));
  CHECK(a(0) == Approx(0.6));
  CHECK(b(0) == Approx(0.8));
}

TEST_CASE("weight decay shrinks every weight before the step, sgd and adam alike",
          "[train][optimizer]") {
  Quadratic q;
  Sgd sgd(0.1);
  sgd.set_weight_decay(0.5);
  q.gradient();  // g = (1, -6), from the weights before the decay
  sgd.step(q.params(), q.grads());
  CHECK(q.x(0) == Approx(0.4).epsilon(1e-12));   // 0.5 * 1 - 0.1 * 1
  CHECK(q.x(1) == Approx(-0.4).epsilon(1e-12));  // 0.5 * -2 + 0.1 * 6
  Quadratic r;
  Adam adam(0.1);
  adam.set_weight_decay(0.25);
  r.gradient();
  adam.step(r.params(), r.grads());
  CHECK(r.x(0) == Approx(0.75 - 0.1).epsilon(1e-7));  // the first move is lr * sign(g)
  CHECK(r.x(1) == Approx(-1.5 + 0.1).epsilon(1e-7));
  for (double bad : {-0.1, 1.5, std::nan("")})
    CHECK_THROWS_WITH(adam.set_weight_decay(bad),
                      Contains("weight decay must be a number from 0 to 1"));
  CHECK(adam.weight_decay() == 0.25);  // a refused value leaves it
}
