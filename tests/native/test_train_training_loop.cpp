// The shared training loop (attn/train/training_loop.hpp) on f(x) = 0.5 * (x0^2 + 3 * x1^2),
// gradient (x0, 3 x1), from x = (1, -2): plain SGD steps worked by hand, clipping, the
// all-or-nothing rollback of a call that diverges, and the checks of its options.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "attn/declare/option.hpp"
#include "attn/train/sgd.hpp"
#include "attn/train/training_loop.hpp"

using namespace attn::train;
using Catch::Matchers::Contains;

namespace {

struct Point {
  Eigen::VectorXd x = (Eigen::VectorXd(2) << 1.0, -2.0).finished();
};

// A model for the loop: its parameters, a saved copy, gradients, optimiser and random stream.
struct Learner {
  Point params, saved;
  Eigen::VectorXd grad = Eigen::VectorXd::Zero(2);
  std::vector<TensorView> param_views{{"x", params.x.data(), 2}};
  std::vector<TensorView> grad_views{{"x", grad.data(), 2}};
  Sgd optimizer;
  Rng rng{5};
  long long step = 0;
  explicit Learner(double lr, double momentum = 0.0) : optimizer(lr, momentum) {}

  // n steps; the batch draws one random number (so that the stream moves) and adds (+=) the
  // gradient, so a gradient left over from the previous step would show. fail_at: the global
  // step whose loss is NaN (0: none).
  void run(int n, double max_norm = INFINITY, long long fail_at = 0, bool fail_in_grad = false) {
    step_all_or_nothing(n, params, saved, optimizer, rng, step, param_views, grad_views, max_norm,
                        [&] {
                          rng.uniform();
                          const Eigen::VectorXd& x = params.x;
                          grad(0) += x(0);
                          grad(1) += 3.0 * x(1);
                          const bool fail = step + 1 == fail_at;
                          if (fail && fail_in_grad) grad(0) = INFINITY;
                          if (fail && !fail_in_grad) return std::nan("");
                          return 0.5 * (x(0) * x(0) + 3.0 * x(1) * x(1));
                        });
  }
};

}  // namespace

TEST_CASE("training loop: plain steps by hand, gradients zeroed between them", "[train][loop]") {
  // Step 1: g = (1, -6), x = (1, -2) - 0.1 (1, -6) = (0.9, -1.4).
  // Step 2: g = (0.9, -4.2), x = (0.9 - 0.09, -1.4 + 0.42) = (0.81, -0.98).
  Learner l(0.1);
  l.run(1);
  CHECK(l.params.x(0) == Approx(0.9).epsilon(1e-15));
  CHECK(l.params.x(1) == Approx(-1.4).epsilon(1e-15));
  CHECK(l.saved.x.size() == 2);  // one step copies nothing: saved is the untouched default
  CHECK(l.saved.x(0) == 1.0);
  l.run(1);
  CHECK(l.params.x(0) == Approx(0.81).epsilon(1e-15));
  CHECK(l.params.x(1) == Approx(-0.98).epsilon(1e-15));
  CHECK(l.step == 2);
  // The same two steps as one call.
  Learner m(0.1);
  m.run(2);
  CHECK(m.params.x == l.params.x);
  CHECK(m.step == 2);
}

TEST_CASE("training loop: the gradient is clipped to max_norm before the step", "[train][loop]") {
  // g = (1, -6) has norm sqrt(37); clipped to norm 1 it is (1, -6) / sqrt(37), and lr 1 moves x
  // by exactly that.
  Learner l(1.0);
  l.run(1, 1.0);
  const double r = std::sqrt(37.0);
  CHECK(l.params.x(0) == Approx(1.0 - 1.0 / r).epsilon(1e-15));
  CHECK(l.params.x(1) == Approx(-2.0 + 6.0 / r).epsilon(1e-15));
  // Without clipping the same step lands at (0, 4).
  Learner u(1.0);
  u.run(1);
  CHECK(u.params.x == (Eigen::VectorXd(2) << 0.0, 4.0).finished());
}

TEST_CASE("training loop: a call that diverges is taken back as a whole", "[train][loop]") {
  for (bool in_grad : {false, true}) {
    INFO((in_grad ? "infinite gradient" : "NaN loss"));
    Learner l(0.1, 0.5);  // momentum: optimiser state that must be restored too
    l.run(1);
    const Point after_one = l.params;
    const Rng rng_after_one = l.rng;
    CHECK_THROWS_WITH(l.run(5, INFINITY, 4, in_grad), Contains("training diverged at step 4") &&
                                                          Contains("back at step 1") &&
                                                          Contains("lower the learning rate"));
    CHECK(l.step == 1);
    CHECK(l.params.x == after_one.x);
    Rng expected = rng_after_one;
    CHECK(l.rng.next_u64() == expected.next_u64());
    // Velocity restored: the next two steps are a fresh run's steps 2 and 3.
    l.run(2);
    Learner fresh(0.1, 0.5);
    fresh.run(3);
    CHECK(l.params.x == fresh.params.x);
    CHECK(l.step == 3);
  }
}

TEST_CASE("training loop: a single diverging step is never applied", "[train][loop]") {
  Learner l(0.1);
  CHECK_THROWS_WITH(l.run(1, INFINITY, 1),
                    Contains("training diverged at step 1") && Contains("back at step 0"));
  CHECK(l.params.x == Point().x);
  CHECK(l.step == 0);
}

TEST_CASE("training loop: step counts outside 1..100000 are refused", "[train][loop]") {
  Learner l(0.1);
  for (int n : {0, -1, kMaxStepsPerCall + 1}) CHECK_THROWS_AS(l.run(n), std::invalid_argument);
  CHECK_THROWS_WITH(l.run(0), "step count must be 1 to 100000, got 0");
  CHECK(l.step == 0);
  CHECK(l.params.x == Point().x);
}

TEST_CASE("training loop: optimisers and learning rates are checked by name and range",
          "[train][loop]") {
  CHECK(make_optimizer("adam", 0.5)->learning_rate() == 0.5);
  CHECK(make_optimizer("sgd", 0.25, 0.9)->learning_rate() == 0.25);
  CHECK_THROWS_WITH(make_optimizer("rmsprop", 0.1),
                    "unknown optimizer 'rmsprop': choose 'adam' or 'sgd'");
  CHECK_THROWS_WITH(check_optimizer("Adam"), "unknown optimizer 'Adam': choose 'adam' or 'sgd'");
  CHECK_NOTHROW(check_learning_rate(10.0));
  CHECK_NOTHROW(check_learning_rate(1e-9));
  for (double lr : {0.0, -1.0, 10.0000001, std::nan(""), std::numeric_limits<double>::infinity()})
    CHECK_THROWS_WITH(check_learning_rate(lr), "learning rate must be a number in (0, 10], got " +
                                                   attn::declare::format(lr));
  CHECK_THROWS_WITH(check_learning_rate(std::nan("")),
                    "learning rate must be a number in (0, 10], got NaN");
}
