// The learning-rate and weight-decay schedule (train/schedule.hpp), value by value.
#include <catch2/catch.hpp>
#include <cmath>

#include "attn/train/schedule.hpp"

using attn::train::scheduled_rates;

TEST_CASE("schedule: warm-up, then a cosine to a tenth, weight decay fading with it",
          "[train][schedule]") {
  // Warm-up of 10 steps: step k at lr k / 10, weight decay at its full rate (c = 1).
  CHECK(scheduled_rates(0.01, 1, 10, 100, 0.3).lr == Approx(0.001).epsilon(1e-12));
  CHECK(scheduled_rates(0.01, 10, 10, 100, 0.3).lr == Approx(0.01).epsilon(1e-12));
  CHECK(scheduled_rates(0.01, 5, 10, 100, 0.3).weight_decay == Approx(0.003).epsilon(1e-12));
  // Half-way through the decay c = 1/2: lr (0.1 + 0.9 / 2), weight decay 0.3 lr / 2.
  const auto half = scheduled_rates(0.01, 60, 10, 100, 0.3);
  CHECK(half.lr == Approx(0.0055).epsilon(1e-12));
  CHECK(half.weight_decay == Approx(0.0015).epsilon(1e-12));
  // A quarter of the way: c = (1 + cos(pi / 4)) / 2.
  const double c = (1 + std::sqrt(0.5)) / 2;
  CHECK(scheduled_rates(0.01, 35, 10, 100, 0.3).lr ==
        Approx(0.01 * (0.1 + 0.9 * c)).epsilon(1e-12));
  // At the end and long after: a tenth of lr, no weight decay.
  for (long long k : {110LL, 111LL, 1000000LL}) {
    const auto end = scheduled_rates(0.01, k, 10, 100, 0.3);
    CHECK(end.lr == Approx(0.001).epsilon(1e-12));
    CHECK(end.weight_decay == Approx(0.0).margin(1e-18));
  }
}

TEST_CASE("schedule: decay 0 keeps lr and weight decay, which never passes 1",
          "[train][schedule]") {
  const auto flat = scheduled_rates(0.02, 5000, 0, 0, 0.3);
  CHECK(flat.lr == 0.02);
  CHECK(flat.weight_decay == Approx(0.006).epsilon(1e-12));
  CHECK(scheduled_rates(0.02, 1, 4, 0, 0.3).lr == Approx(0.005).epsilon(1e-12));
  CHECK(scheduled_rates(0.02, 1, 0, 100, 0).weight_decay == 0.0);
  // lr 10 and weight decay 1 would multiply the weights by -9: the step zeroes them instead.
  CHECK(scheduled_rates(10, 1, 0, 100, 1).weight_decay == 1.0);
}
