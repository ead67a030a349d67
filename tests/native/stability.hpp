// The stability target a learner's run is held to (docs/training-stability.md): once the
// held-out score reaches `target` on the widget's grid of steps, it stays at `floor` or more.
#pragma once

#include <catch2/catch.hpp>

#include "convergence.hpp"

namespace stability {

// Trains `steps` steps (cut to ATTN_CONVERGENCE_STEPS under the sanitizers) on a grid of `every`,
// scoring after each; checks every score from the first >= target on is >= floor. The budgeted
// run checks the scores are fractions only (a few steps reach no target).
template <class Step, class Score>
void hold(Step step, Score score, long long steps, int every, double target = 0.95,
          double floor = 0.9) {
  const long long total = convergence::steps(steps);
  long long reached = -1;
  for (long long s = 0; s < total; s += every) {
    const int n = static_cast<int>(std::min<long long>(every, total - s));
    step(n);
    const double x = score();
    CHECK(x >= 0.0);
    CHECK(x <= 1.0);
    if (reached < 0 && x >= target) reached = s + n;
    if (reached >= 0 && !convergence::budgeted()) {
      INFO("step " << s + n << ", reached " << target << " at step " << reached);
      CHECK(x >= floor);
    }
  }
  if (!convergence::budgeted()) CHECK(reached > 0);
}

}  // namespace stability
